/**
 * Frame rates validate accepts (src/validate/checks.ts) and so the only ones `--fps` may produce:
 * ME cameras film at 25 (SMIC-VIS/NIR) to 200 fps (CASME II, SAMM), docs/datasets.md §0; outside
 * this band a value is almost certainly a typo (a frame count, milliseconds).
 */
export const FPS_MIN = 1;
export const FPS_MAX = 1000;
