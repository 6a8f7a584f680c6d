import type { Sample } from '../schema/sample.js';
import { csvText } from './csv-cell.js';
import { FLAT_COLUMNS, flatten } from './flat.js';

/**
 * manifest.csv: RFC 4180 (quoted where needed, `\n` rows), a header row, empty cell = null,
 * `frames`/`aus`/`extra` as JSON text, text that would run as a formula prefixed with `'` (csv-cell.ts). pandas: `pd.read_csv('manifest.csv')`.
 */
export function manifestCsv(samples: readonly Sample[]): string {
  const lines = [FLAT_COLUMNS.map(([name]) => name).join(',')];
  for (const s of samples) {
    const row = flatten(s);
    lines.push(
      FLAT_COLUMNS.map(([name]) => {
        const v = row[name];
        if (v === null) return '';
        if (typeof v === 'number') return String(v);
        return csvText(Array.isArray(v) ? JSON.stringify(v) : v);
      }).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}
