import path from 'node:path';
import type { ScanResult, SourceSample } from '../adapters/adapter.js';
import type { IssueLog } from '../issues/issues.js';
import { frameNumber } from '../sources/frames.js';
import type { LoadedErrata } from './load.js';
import type { ErrataRecord, Erratum, ErratumOutcome } from './schema.js';

type Value = number | string | null;

function currentValue(s: SourceSample, field: Erratum['field']): Value {
  return field === 'emotion' ? s.emotion : s.source_frames[field];
}

/**
 * Applies one correction to one sample; returns why not when it cannot. A frame field moves the
 * sample's index to the frame file with that number (docs/datasets.md §0.1) and keeps the order
 * onset ≤ apex ≤ offset.
 */
function applyTo(s: SourceSample, e: Erratum): string | null {
  if (e.field === 'emotion') {
    if (typeof e.value !== 'string') return 'an emotion must be text';
    s.emotion = e.value;
    return null;
  }
  if (typeof e.value !== 'number') return `${e.field} must be a frame number`;
  const index = s.frames.findIndex((f) => frameNumber(path.basename(f)) === e.value);
  if (index < 0) return `no frame ${e.value} among the sample's frames`;
  const next = { onset: s.onset, apex: s.apex, offset: s.offset, [e.field]: index };
  if (next.onset > next.offset || (next.apex !== null && (next.apex < next.onset || next.apex > next.offset)))
    return `frame ${e.value} would put the ${e.field} outside onset..offset`;
  s.onset = next.onset;
  s.offset = next.offset;
  s.apex = next.apex;
  if (e.field === 'apex') s.apex_source = 'errata';
  s.source_frames = { ...s.source_frames, [e.field]: e.value };
  return null;
}

/**
 * Applies an errata list (opt-in, `--errata`) to one dataset's scanned samples, in place. Each
 * correction is applied only where the sample's sheet is one it names (or 'any') and holds the
 * expected value; each one applied or not is reported and returned for dataset.json.
 */
export function applyErrata(
  result: ScanResult,
  dataset: string,
  errata: LoadedErrata,
  issues: IssueLog,
): ErrataRecord {
  const outcomes: ErratumOutcome[] = [];
  const shaOf = new Map(result.sources.map((s) => [s.file, s.sha256]));
  const listName = errata.list.name;
  for (const e of errata.list.errata.filter((x) => x.dataset === dataset)) {
    const targets = result.samples.filter((s) => s.clip === e.clip);
    const outcome = (status: ErratumOutcome['status'], found: Value, reason: string | null, ids: string[]) =>
      outcomes.push({
        clip: e.clip,
        field: e.field,
        expected: e.expected,
        value: e.value,
        found,
        status,
        reason,
        samples: ids,
        citation: e.citation,
      });
    if (targets.length === 0) {
      issues.info(
        'errata.not-applied',
        `${listName}: no sample of clip ${e.clip}; correction of ${e.field} not applied`,
      );
      outcome('not-applied', null, 'no such clip', []);
      continue;
    }
    for (const s of targets) {
      const where = { sample: s.id, file: s.source.sheet, row: s.source.row };
      const found = currentValue(s, e.field);
      const sha = s.source.sheet ? shaOf.get(s.source.sheet) : undefined;
      let reason: string | null = null;
      if (e.sheets !== 'any' && (!sha || !e.sheets.includes(sha)))
        reason = 'the sheet is not one the correction names (sha256)';
      else if (found === e.value) reason = 'the sheet already holds the corrected value';
      else if (found !== e.expected)
        reason = `the sheet holds ${JSON.stringify(found)}, not the expected ${JSON.stringify(e.expected)}`;
      else reason = applyTo(s, e);
      if (reason) {
        const quiet = reason.startsWith('the sheet already') || reason.startsWith('the sheet is not');
        const message = `${listName}: ${e.clip} ${e.field} → ${JSON.stringify(e.value)} not applied: ${reason}`;
        if (quiet) issues.info('errata.not-applied', message, where);
        else issues.warn('errata.not-applied', message, where);
        outcome('not-applied', found, reason, [s.id]);
        continue;
      }
      s.extra = {
        ...s.extra,
        errata: [
          ...(Array.isArray(s.extra.errata) ? s.extra.errata : []),
          { list: listName, field: e.field, from: found, to: e.value, citation: e.citation },
        ],
      };
      issues.info(
        'errata.applied',
        `${listName}: ${e.clip} ${e.field} ${JSON.stringify(found)} → ${JSON.stringify(e.value)} (${e.citation})`,
        where,
      );
      outcome('applied', found, null, [s.id]);
    }
  }
  return { list: listName, sha256: errata.sha256, outcomes };
}
