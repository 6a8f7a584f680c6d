import { casmeSq } from '../../../src/adapters/casme-sq/index.js';
import { IssueLog } from '../../../src/issues/issues.js';

/** Scans a CAS(ME)² tree with the adapter itself; its samples and every issue raised. */
export async function scanCasmeSq(root: string, options: Record<string, unknown> = {}) {
  const log = new IssueLog();
  const result = await casmeSq.scan(root, { issues: log, options });
  const byId = new Map(result.samples.map((s) => [s.id, s]));
  const codes = (code: string) => log.issues.filter((i) => i.code === code);
  return { result, issues: log.issues, byId, codes };
}
