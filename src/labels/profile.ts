import path from 'node:path';
import { z } from 'zod';
import { MeUnifyError, usageError } from '../issues/errors.js';
import type { IssueLog } from '../issues/issues.js';
import { packagePath } from '../package-root.js';
import { isFile } from '../sources/fs.js';
import { jsonNamesIn } from '../sources/json-names.js';
import { readRegularFile } from '../sources/regular-file.js';

/** Built-in profiles live in data/labels/ at the package root (found by packagePath). */
export const PROFILES_DIR = packagePath('data', 'labels');

/**
 * A label profile maps (dataset, emotion as written) → class. `null` means "known, deliberately
 * unlabeled" (e.g. CASME II `others`); an emotion missing from the table is unknown and reported.
 */
export const LabelProfileSchema = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'a profile name is letters, digits, dot, dash, underscore'),
    title: z.string().default(''),
    source: z.string().default(''),
    /** Label = the emotion exactly as the source wrote it. */
    identity: z.boolean().default(false),
    /** The label space; when a user's file leaves it out it is the distinct classes of the tables. */
    classes: z.array(z.string().min(1)).nullable().optional(),
    /**
     * Which kinds of movement the profile labels; a sample of another kind gets label null, with the
     * reason reported (MEGC 2019's classes are for micro-expressions only, docs/datasets.md §6.1).
     */
    kinds: z
      .array(z.enum(['micro', 'macro']))
      .min(1)
      .default(['micro', 'macro']),
    /** Unknown emotions: `drop` → label null; `keep` → label = emotion as written. */
    unmapped: z.enum(['drop', 'keep']).default('drop'),
    /** dataset id (or `*` for any) → emotion → class or null. */
    datasets: z.record(z.string(), z.record(z.string(), z.string().nullable())),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.identity || !p.classes) return;
    const classes = new Set(p.classes);
    for (const [ds, table] of Object.entries(p.datasets)) {
      for (const [emotion, cls] of Object.entries(table)) {
        if (cls !== null && !classes.has(cls)) {
          ctx.addIssue({
            code: 'custom',
            path: ['datasets', ds, emotion],
            message: `class '${cls}' is not in classes`,
          });
        }
      }
    }
  })
  .transform((p) => ({ ...p, classes: p.classes === undefined ? derivedClasses(p) : p.classes }));
export type LabelProfile = z.output<typeof LabelProfileSchema>;

/** Classes of a profile that does not list them: what its tables map to (none when kept as written). */
function derivedClasses(p: {
  identity: boolean;
  unmapped: 'drop' | 'keep';
  datasets: Record<string, Record<string, string | null>>;
}): string[] | null {
  if (p.identity || p.unmapped === 'keep') return null;
  const classes = new Set<string>();
  for (const table of Object.values(p.datasets))
    for (const cls of Object.values(table)) if (cls !== null) classes.add(cls);
  return [...classes].sort();
}

export async function builtinProfileNames(): Promise<string[]> {
  return jsonNamesIn(PROFILES_DIR);
}

/** A built-in profile by name, or a user's profile file (`--labels my.json`). */
export async function loadProfile(nameOrFile: string): Promise<LabelProfile> {
  const builtin = path.join(PROFILES_DIR, `${nameOrFile}.json`);
  const isBuiltin = /^[A-Za-z0-9_.-]+$/.test(nameOrFile) && (await isFile(builtin));
  const file = isBuiltin ? builtin : path.resolve(nameOrFile);
  if (!isBuiltin && !(await isFile(file))) {
    throw usageError(
      `--labels '${nameOrFile}': no such profile; expected one of ${(await builtinProfileNames()).join(', ')} or a JSON file`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse((await readRegularFile(file, 'label profile')).toString('utf8'));
  } catch (err) {
    if (err instanceof MeUnifyError) throw err;
    throw new MeUnifyError(`${file}: not valid JSON (${err instanceof Error ? err.message : err})`, { file });
  }
  const parsed = LabelProfileSchema.safeParse(json);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join('.') || '(top)'}: ${i.message}`).join('; ');
    throw new MeUnifyError(`${file}: not a valid label profile: ${why}`, { file });
  }
  return parsed.data;
}

export interface Labelled {
  dataset: string;
  emotion: string | null;
  kind?: 'micro' | 'macro';
}

/**
 * A function giving each (dataset, emotion) its class. The profile's tables decide, spelling by
 * spelling (`others` in CASME II, `Other` in SAMM, docs/datasets.md §0.4): the dataset's own table first,
 * then `*`. Surrounding spaces never matter. A spelling that matches a table entry only when case is
 * ignored is used but reported, so a sheet's unexpected capitalisation is seen, not silently folded.
 * Every emotion the profile does not know is reported once per (dataset, emotion).
 */
export function labeller(profile: LabelProfile, issues: IssueLog): (s: Labelled) => string | null {
  const reported = new Set<string>();
  const once = (tag: string, report: () => void) => {
    if (reported.has(tag)) return;
    reported.add(tag);
    report();
  };
  return ({ dataset, emotion, kind }) => {
    if (kind !== undefined && !profile.kinds.includes(kind)) {
      once(`kind\u0000${dataset}\u0000${kind}`, () =>
        issues.info(
          'label.kind-not-labelled',
          `profile '${profile.name}' labels ${profile.kinds.join(' and ')} movements only; ${dataset}'s ${kind} samples get label null (convert with --kind ${profile.kinds[0]} to leave them out)`,
        ),
      );
      return null;
    }
    if (emotion === null) return null;
    if (profile.identity) return emotion;
    const tables = [profile.datasets[dataset], profile.datasets['*']].filter(
      (t): t is Record<string, string | null> => t !== undefined,
    );
    const trimmed = emotion.trim();
    for (const table of tables) {
      if (Object.hasOwn(table, emotion)) return table[emotion] ?? null;
      if (Object.hasOwn(table, trimmed)) return table[trimmed] ?? null;
    }
    for (const table of tables) {
      const key = Object.keys(table).find((k) => k.trim().toLowerCase() === trimmed.toLowerCase());
      if (key === undefined) continue;
      const cls = table[key] ?? null;
      once(`case\u0000${dataset}\u0000${emotion}`, () =>
        issues.warn(
          'label.case-mismatch',
          `profile '${profile.name}' lists ${dataset} emotion '${key}', the source wrote '${emotion}'; used as '${key}' (class ${cls === null ? 'none' : `'${cls}'`}). Add '${emotion}' to the profile if that is right`,
        ),
      );
      return cls;
    }
    once(`${dataset}\u0000${emotion}`, () =>
      issues.warn(
        'label.unknown-emotion',
        `profile '${profile.name}' has no class for ${dataset} emotion '${emotion}'; ${profile.unmapped === 'keep' ? 'kept as written' : 'label left null'}`,
      ),
    );
    return profile.unmapped === 'keep' ? emotion : null;
  };
}
