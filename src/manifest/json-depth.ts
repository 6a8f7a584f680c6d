/** Deepest nesting a manifest line may have: a sample is about 4 levels deep (extra may add a few). */
export const MAX_JSON_DEPTH = 64;

/**
 * How deeply `text` nests arrays and objects, stopping early past `limit`. Checked before parsing:
 * a 2,000-level line parses, but walking it (schema checks, copying) overflows the call stack.
 */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === '{' || ch === '[') {
      depth++;
      if (depth > deepest) deepest = depth;
      if (deepest > limit) return deepest;
    } else if (ch === '}' || ch === ']') depth--;
  }
  return deepest;
}
