/**
 * NumPy `.npy` (format 1.0) for little-endian float32 arrays: `np.load` reads it directly. The
 * header is padded so the data starts on a 64-byte boundary, as numpy itself writes.
 */
export function encodeNpy(shape: readonly number[], data: Float32Array): Uint8Array {
  const count = shape.reduce((a, b) => a * b, 1);
  if (count !== data.length)
    throw new Error(`shape (${shape.join(', ')}) needs ${count} values, got ${data.length}`);
  const dims = shape.length === 1 ? `${shape[0]},` : shape.join(', ');
  let header = `{'descr': '<f4', 'fortran_order': False, 'shape': (${dims}), }`;
  const total = 10 + header.length + 1;
  header += `${' '.repeat((64 - (total % 64)) % 64)}\n`;
  const out = new Uint8Array(10 + header.length + data.length * 4);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0], 0);
  new DataView(out.buffer).setUint16(8, header.length, true);
  out.set(new TextEncoder().encode(header), 10);
  const view = new DataView(out.buffer, 10 + header.length);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i] as number, true);
  return out;
}

/** Reads a `.npy` written by {@link encodeNpy} (or numpy: '<f4', C order). */
export function decodeNpy(bytes: Uint8Array): { shape: number[]; data: Float32Array } {
  const magic = String.fromCharCode(...bytes.subarray(1, 6));
  if (bytes[0] !== 0x93 || magic !== 'NUMPY') throw new Error('not a .npy file (bad magic)');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const len = view.getUint16(8, true);
  const header = new TextDecoder().decode(bytes.subarray(10, 10 + len));
  if (!header.includes("'descr': '<f4'") || header.includes("'fortran_order': True"))
    throw new Error(`only little-endian float32 C-order .npy is supported, header: ${header.trim()}`);
  const dims = /'shape': \(([^)]*)\)/.exec(header)?.[1] ?? '';
  const shape = dims
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  const count = shape.reduce((a, b) => a * b, 1);
  const data = new Float32Array(count);
  for (let i = 0; i < count; i++) data[i] = view.getFloat32(10 + len + i * 4, true);
  return { shape, data };
}

/** A flow as OpenCV returns it: shape (H, W, 2), u then v interleaved per pixel. */
export function flowNpy(width: number, height: number, u: Float32Array, v: Float32Array): Uint8Array {
  const hw2 = new Float32Array(width * height * 2);
  for (let i = 0; i < u.length; i++) {
    hw2[2 * i] = u[i] as number;
    hw2[2 * i + 1] = v[i] as number;
  }
  return encodeNpy([height, width, 2], hw2);
}
