import path from 'node:path';
import { listDirs, relativePosix } from '../../sources/fs.js';
import type { Confidence, Detection } from '../adapter.js';
import { folderDetection } from '../kit/detect-folders.js';
import { CLIP_NAME, findSmicTrees, type SmicSubsetDir } from './layout.js';

/** `high` needs a camera folder holding clips named the SMIC way; the folders alone are `medium`. */
export async function detectIn(dir: string): Promise<Omit<Detection, 'adapter'>> {
  const trees = await findSmicTrees(dir);
  const evidence: string[] = [];
  let clips = 0;
  for (const tree of trees) {
    for (const s of tree.subsets) {
      const named = await countNamedClips(s);
      clips += named;
      evidence.push(
        `${relativePosix(dir, s.dir) || '.'}/ with ${s.subjects.length} subject folders (s<n>/micro, s<n>/non_micro)${named > 0 ? `, ${named} clips named s<n>_<ne|po|sur>_<NN>` : ''}`,
      );
    }
  }
  const confidence: Confidence = trees.length === 0 ? 'none' : clips > 0 ? 'high' : 'medium';
  return folderDetection(
    dir,
    confidence,
    evidence,
    'no HS/, VIS/ or NIR/ folder holding s<n>/micro/<emotion>/<clip> folders (SMIC_all_raw/, SMIC_all_cropped/ or at the top level)',
  );
}

/** Clip folders named like SMIC clips under micro/<emotion>/ of a subset (detection evidence). */
async function countNamedClips(subset: SmicSubsetDir): Promise<number> {
  let n = 0;
  for (const subject of subset.subjects) {
    const micro = await childCaseless(path.join(subset.dir, subject), 'micro');
    if (!micro) continue;
    for (const emotion of await listDirs(micro))
      n += (await listDirs(path.join(micro, emotion))).filter((c) => CLIP_NAME.test(c)).length;
  }
  return n;
}

async function childCaseless(dir: string, name: string): Promise<string | null> {
  const match = (await listDirs(dir)).find((d) => d.toLowerCase() === name);
  return match ? path.join(dir, match) : null;
}
