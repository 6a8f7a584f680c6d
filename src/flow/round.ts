/** `cvRound` / `saturate_cast<int>`: round half to even, as the x86 conversion instructions do. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return r - x === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** `saturate_cast<uchar>` of a float: round half to even, then clamp to 0..255. */
export function saturateU8(x: number): number {
  const r = roundHalfEven(x);
  return r < 0 ? 0 : r > 255 ? 255 : r;
}

export const f32 = Math.fround;
