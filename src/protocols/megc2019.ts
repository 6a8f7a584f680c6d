import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { MeUnifyError } from '../issues/errors.js';
import type { IssueLog } from '../issues/issues.js';
import { labeller, loadProfile } from '../labels/profile.js';
import { packagePath } from '../package-root.js';
import type { Sample } from '../schema/sample.js';

/** Protocol data lives in data/protocols/ at the package root (found by packagePath). */
export const PROTOCOLS_DIR = packagePath('data', 'protocols');

const ProtocolInfoSchema = z.object({
  name: z.literal('megc2019'),
  title: z.string(),
  source: z.string(),
  file: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  classes: z.array(z.string()),
  label_codes: z.record(z.string(), z.string()),
  expected: z.object({ samples: z.number().int(), subjects: z.number().int() }),
});
export type ProtocolInfo = z.infer<typeof ProtocolInfoSchema>;

const MemberRowSchema = z.object({
  data: z.enum(['casme2', 'samm', 'smic']),
  subject: z.string().min(1),
  clip: z.string().min(1),
  label: z.enum(['0', '1', '2']),
});

/** One entry of the published list, with the spellings the converted datasets use. */
export interface Megc2019Member {
  dataset: 'casme2' | 'samm' | 'smic';
  /** As the list writes them (`6`, `s01`, `s01_ne_01`). */
  listSubject: string;
  listClip: string;
  /** As the folders and sheets write them (`006`, `s1`, `s1_ne_01`). */
  subject: string;
  clip: string;
  label: string;
  /** 1-based line in the CSV (header = line 1). */
  line: number;
}

export interface Megc2019List {
  info: ProtocolInfo;
  members: Megc2019Member[];
}

/** Loads the shipped list, checking it is byte-for-byte the published one (sha256 in megc2019.json). */
export async function loadMegc2019List(): Promise<Megc2019List> {
  const infoFile = path.join(PROTOCOLS_DIR, 'megc2019.json');
  const info = ProtocolInfoSchema.parse(JSON.parse(await readFile(infoFile, 'utf8')));
  const csvFile = path.join(PROTOCOLS_DIR, info.file);
  const bytes = await readFile(csvFile);
  const sha = createHash('sha256').update(bytes).digest('hex');
  if (sha !== info.sha256)
    throw new MeUnifyError(
      `${csvFile}: sha256 ${sha} differs from the published list's ${info.sha256}; the package's protocol data was altered — reinstall me-unify`,
      { file: csvFile },
    );
  const rows: unknown[] = parse(bytes.toString('utf8'), {
    columns: true,
    skip_empty_lines: true,
    trim: true,
  });
  const members = rows.map((row, i) => {
    const r = MemberRowSchema.safeParse(row);
    if (!r.success)
      throw new MeUnifyError(
        `${csvFile}, line ${i + 2}: expected dataset,subject,clip,label with dataset casme2|samm|smic and label 0|1|2`,
        { file: csvFile },
      );
    const label = info.label_codes[r.data.label];
    if (label === undefined) throw new MeUnifyError(`${infoFile}: no class for label code ${r.data.label}`);
    return {
      dataset: r.data.data,
      listSubject: r.data.subject,
      listClip: r.data.clip,
      ...resolveQuirks(r.data.data, r.data.subject, r.data.clip),
      label,
      line: i + 2,
    };
  });
  return { info, members };
}

/**
 * The list's spellings → the datasets' own (docs/datasets.md §6.3): SAMM subject `6` is folder `006`;
 * SMIC clips are written `s01_ne_01` in the list but `s1_ne_01` on disk, subjects `s01` ↔ `s1`.
 */
export function resolveQuirks(
  dataset: string,
  subject: string,
  clip: string,
): { subject: string; clip: string } {
  if (dataset === 'samm' && /^\d+$/.test(subject)) return { subject: subject.padStart(3, '0'), clip };
  if (dataset === 'smic') {
    return {
      subject: subject.replace(/^s0*(\d)/i, 's$1'),
      clip: clip.replace(/^s0*(\d+)_/i, 's$1_'),
    };
  }
  return { subject, clip };
}

/**
 * The key a member and a converted sample share: dataset, the subject's number (so `sub01`,
 * `casme2/sub01`, `s1`, `s01`, `6` and `006` all agree) and the clip in its on-disk spelling.
 */
export function memberKey(dataset: string, subject: string, clip: string): string {
  const bare = subject.includes('/') ? subject.slice(subject.lastIndexOf('/') + 1) : subject;
  const digits = bare.match(/\d+/g);
  const subjectNo = digits ? String(Number(digits[digits.length - 1])) : bare.toLowerCase();
  const resolved = resolveQuirks(dataset, bare, clip);
  return `${dataset}|${subjectNo}|${resolved.clip.toLowerCase()}`;
}

/** MEGC 2019 uses SMIC's high-speed camera only (docs/datasets.md §3.1, §6.2). */
function isEligible(s: Sample): boolean {
  if (s.dataset === 'smic') return s.subset === null || s.subset.toLowerCase() === 'hs';
  return s.dataset === 'casme2' || s.dataset === 'samm';
}

export interface Megc2019Selection {
  /** Members found, labelled with the list's class, in list order. */
  samples: Sample[];
  missing: Megc2019Member[];
  /** Samples the megc2019 rules would label but the list leaves out. */
  excluded: Sample[];
  info: ProtocolInfo;
}

/**
 * Selects exactly the published membership (docs/datasets.md §6.1: "reproduce MEGC 2019 from the GT
 * membership list, not from rules alone") and reports, by name, members not found and candidates
 * the rules would add but the list excludes.
 */
export async function selectMegc2019(
  samples: readonly Sample[],
  issues: IssueLog,
): Promise<Megc2019Selection> {
  const { info, members } = await loadMegc2019List();
  const rules = labeller(await loadProfile('megc2019'), issues);
  const byKey = new Map<string, Sample>();
  const otherDatasets = new Map<string, number>();
  for (const s of samples) {
    if (!isEligible(s)) {
      const tag = s.subset ? `${s.dataset} (${s.subset})` : s.dataset;
      otherDatasets.set(tag, (otherDatasets.get(tag) ?? 0) + 1);
      continue;
    }
    const key = memberKey(s.dataset, s.subject, s.clip);
    const first = byKey.get(key);
    if (first) {
      issues.error(
        'protocol.duplicate-candidate',
        `${s.id} and ${first.id} are the same MEGC 2019 clip (${s.dataset} ${s.clip}); expected each clip once in the inputs. Kept ${first.id}`,
        { sample: s.id },
      );
      continue;
    }
    byKey.set(key, s);
  }
  for (const [tag, n] of otherDatasets)
    issues.info(
      'protocol.not-in-composite',
      `${n} ${tag} sample${n === 1 ? '' : 's'} left out: MEGC 2019 uses CASME II, SAMM and SMIC-HS only`,
    );

  const chosen: Sample[] = [];
  const missing: Megc2019Member[] = [];
  const used = new Set<string>();
  // a dataset absent from the inputs altogether is one warning; its members are still named (info)
  const present = new Set([...byKey.values()].map((s) => s.dataset));
  for (const d of new Set(members.map((m) => m.dataset))) {
    if (present.has(d)) continue;
    const n = members.filter((m) => m.dataset === d).length;
    issues.warn(
      'protocol.dataset-missing',
      `no ${d}${d === 'smic' ? ' (HS)' : ''} sample in the inputs: the ${n} MEGC 2019 members of ${d} are missing from the composite; combine its converted output too`,
    );
  }
  for (const m of members) {
    const key = memberKey(m.dataset, m.subject, m.clip);
    const s = byKey.get(key);
    if (!s) {
      missing.push(m);
      issues.add({
        severity: present.has(m.dataset) ? 'warning' : 'info',
        code: 'protocol.member-missing',
        message: `MEGC 2019 member ${m.dataset} ${m.subject}/${m.clip} (list: ${m.listSubject},${m.listClip}, ${m.label}) was not found in the inputs`,
        file: info.file,
        row: m.line,
      });
      continue;
    }
    used.add(key);
    const ruled = rules(s);
    if (ruled !== null && ruled !== m.label)
      issues.warn(
        'protocol.label-differs',
        `emotion '${s.emotion}' maps to '${ruled}' by the megc2019 rules, the published list says '${m.label}'; the list's class is used (a different sheet version? docs/datasets.md §6.2)`,
        { sample: s.id, file: info.file, row: m.line },
      );
    chosen.push({ ...s, label: m.label, label_profile: 'megc2019' });
  }
  const excluded: Sample[] = [];
  for (const [key, s] of byKey) {
    if (used.has(key) || rules(s) === null) continue;
    excluded.push(s);
    issues.info(
      'protocol.excluded-candidate',
      `emotion '${s.emotion}' maps to '${rules(s)}' by the megc2019 rules, but the published list leaves this sample out (docs/datasets.md §6.1)`,
      { sample: s.id },
    );
  }
  return { samples: chosen, missing, excluded, info };
}
