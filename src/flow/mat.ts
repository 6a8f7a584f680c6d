/** A single-channel float32 image, row-major, as OpenCV's `Mat_<float>` (no row padding). */
export interface Mat32 {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/** An 8-bit image with `channels` interleaved samples per pixel (1 = grey, 3 = BGR or RGB). */
export interface Mat8 {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: Uint8Array;
}

export function mat32(width: number, height: number, data?: Float32Array): Mat32 {
  const d = data ?? new Float32Array(width * height);
  if (d.length !== width * height)
    throw new Error(`a ${width}x${height} image needs ${width * height} values, got ${d.length}`);
  return { width, height, data: d };
}

/** uint8 → float32 (`Mat::convertTo(CV_32F)`: exact). */
export function toFloat(src: Mat8): Mat32 {
  if (src.channels !== 1) throw new Error(`expected a 1-channel image, got ${src.channels} channels`);
  return mat32(src.width, src.height, Float32Array.from(src.data));
}
