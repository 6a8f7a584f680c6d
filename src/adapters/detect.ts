import path from 'node:path';
import { MeUnifyError, usageError } from '../issues/errors.js';
import { isDir } from '../sources/fs.js';
import { type Adapter, CONFIDENCE_RANK, type Detection } from './adapter.js';
import { ADAPTERS } from './registry.js';

export interface DetectResult {
  /** The winning detection, or null when nothing matched or two adapters tie. */
  best: Detection | null;
  /** Every adapter's answer, best first. */
  all: Detection[];
  ambiguous: Detection[];
}

/** Asks every adapter whether `root` holds its dataset. */
export async function detect(root: string, adapters: readonly Adapter[] = ADAPTERS): Promise<DetectResult> {
  const abs = path.resolve(root);
  if (!(await isDir(abs))) throw usageError(`${root}: not a folder; expected a dataset's folder`, root);
  const all = await Promise.all(adapters.map((a) => a.detect(abs)));
  all.sort((a, b) => CONFIDENCE_RANK[b.confidence] - CONFIDENCE_RANK[a.confidence]);
  const top = all[0];
  if (!top || top.confidence === 'none') return { best: null, all, ambiguous: [] };
  const tied = all.filter((d) => d.confidence === top.confidence);
  return tied.length > 1 ? { best: null, all, ambiguous: tied } : { best: top, all, ambiguous: [] };
}

/** The adapter to use for `root`: the one named by `--format`, or the only one detected. */
export async function resolveAdapter(
  root: string,
  format?: string,
  adapters: readonly Adapter[] = ADAPTERS,
): Promise<{ adapter: Adapter; detection: Detection }> {
  const findAdapter = (id: string) => adapters.find((a) => a.id === id);
  if (format) {
    const adapter = findAdapter(format);
    if (!adapter)
      throw usageError(
        `unknown --format '${format}'; expected one of ${adapters.map((a) => a.id).join(', ')}`,
      );
    if (adapter.explicitOnly) {
      if (!(await isDir(root)))
        throw usageError(`${root}: not a folder; expected the dataset's folder`, root);
      const abs = path.resolve(root);
      return {
        adapter,
        detection: {
          adapter: adapter.id,
          confidence: 'high',
          root: abs,
          evidence: ['--format'],
          reason: null,
        },
      };
    }
    const detection = await adapter.detect(path.resolve(root));
    if (detection.confidence === 'none' || !detection.root) {
      throw usageError(
        `${root}: does not look like ${adapter.title}: ${detection.reason ?? 'nothing matched'}`,
        root,
      );
    }
    return { adapter, detection };
  }
  const result = await detect(root, adapters);
  if (result.ambiguous.length > 1) {
    const names = result.ambiguous.map((d) => `${d.adapter} (${d.evidence.join('; ')})`).join(', ');
    throw usageError(`${root}: matches several datasets equally: ${names}; choose one with --format`, root);
  }
  if (!result.best) {
    const reasons = result.all.map((d) => `  ${d.adapter}: ${d.reason ?? 'no match'}`).join('\n');
    throw usageError(`${root}: no known dataset found here. Each format said:\n${reasons}`, root);
  }
  const adapter = findAdapter(result.best.adapter);
  if (!adapter) throw new MeUnifyError(`internal: adapter ${result.best.adapter} is not registered`);
  return { adapter, detection: result.best };
}
