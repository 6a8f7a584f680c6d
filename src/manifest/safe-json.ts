/** Keys a naive deep merge follows into Object.prototype (`__proto__`, `constructor.prototype`). */
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * JSON.parse, dropping every `__proto__`, `constructor` and `prototype` key at any depth: a sample's
 * `extra` is handed to training code, and one such key there is all a naive deep merge
 * (`merge(defaults, sample.extra)`) needs to pollute every object of the program.
 */
export function parseJsonSafely(text: string): unknown {
  return JSON.parse(text, (key, value: unknown) => (UNSAFE_KEYS.has(key) ? undefined : value));
}

export function isUnsafeKey(key: string): boolean {
  return UNSAFE_KEYS.has(key);
}
