/** What the frames pipeline needs to know of a JPEG before choosing its decoder. */
export interface JpegHeader {
  width: number;
  height: number;
  /** 1 (grey) or 3 (YCbCr/RGB); 4 is CMYK/YCCK. */
  components: number;
  precision: number;
  /** Baseline, extended or progressive Huffman (SOF0/1/2): what every libjpeg build decodes. */
  huffman: boolean;
  /** An embedded ICC profile (APP2 ICC_PROFILE): sharp converts such frames to sRGB through it. */
  icc: boolean;
}

/**
 * Reads the markers before the first scan. Returns null when the bytes are not a JPEG or end
 * before the frame header, so the caller leaves the file to sharp and its error message.
 */
export function readJpegHeader(bytes: Uint8Array): JpegHeader | null {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let icc = false;
  let at = 2;
  while (at + 4 <= bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1] as number;
    if (marker === 0xff) {
      at++; // fill byte
      continue;
    }
    const length = ((bytes[at + 2] as number) << 8) | (bytes[at + 3] as number);
    const body = at + 4;
    if (marker === 0xe2 && ascii(bytes, body, 12) === 'ICC_PROFILE\0') icc = true;
    const sof = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (sof) {
      if (body + 6 > bytes.length) return null;
      return {
        precision: bytes[body] as number,
        height: ((bytes[body + 1] as number) << 8) | (bytes[body + 2] as number),
        width: ((bytes[body + 3] as number) << 8) | (bytes[body + 4] as number),
        components: bytes[body + 5] as number,
        huffman: marker <= 0xc2,
        icc,
      };
    }
    if (marker === 0xda || length < 2) return null; // a scan before any frame header
    at += 2 + length;
  }
  return null;
}

function ascii(bytes: Uint8Array, from: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(from, from + length));
}
