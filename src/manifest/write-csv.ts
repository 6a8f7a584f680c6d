import type { Sample } from '../schema/sample.js';
import { FLAT_COLUMNS, flatten } from './flat.js';

/**
 * manifest.csv: RFC 4180 (quoted where needed, `\n` rows), a header row, empty cell = null,
 * `frames`/`aus`/`extra` as JSON text. pandas: `pd.read_csv('manifest.csv')`.
 */
export function manifestCsv(samples: readonly Sample[]): string {
  const lines = [FLAT_COLUMNS.map(([name]) => name).join(',')];
  for (const s of samples) {
    const row = flatten(s);
    lines.push(
      FLAT_COLUMNS.map(([name]) => {
        const v = row[name];
        if (v === null) return '';
        return quote(Array.isArray(v) ? JSON.stringify(v) : String(v));
      }).join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function quote(v: string): string {
  return /[",\n\r]/.test(v) || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v;
}
