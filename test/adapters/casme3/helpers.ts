import path from 'node:path';
import { type Casme3FixtureOptions, makeCasme3 } from '../../../fixtures/casme3.js';
import type { ScanResult } from '../../../src/adapters/adapter.js';
import { casme3 } from '../../../src/adapters/casme3/index.js';
import { IssueLog } from '../../../src/issues/issues.js';
import type { Issue } from '../../../src/schema/issue.js';
import { tempDir } from '../../helpers/tmp.js';

export interface Scanned {
  root: string;
  result: ScanResult;
  issues: Issue[];
  byCode(code: string): Issue[];
}

/** Builds a CAS(ME)^3 fixture and scans it with the adapter (no conversion). */
export async function scanFixture(
  opts: Omit<Casme3FixtureOptions, 'root'>,
  options: Record<string, unknown> = {},
): Promise<Scanned> {
  const dir = await tempDir();
  const root = path.join(dir, 'CASME3');
  await makeCasme3({ root, ...opts });
  const log = new IssueLog();
  const result = await casme3.scan(root, { issues: log, options });
  return { root, result, issues: log.issues, byCode: (code) => log.issues.filter((i) => i.code === code) };
}

export const sampleById = (s: Scanned, id: string) => s.result.samples.find((x) => x.id === id);
