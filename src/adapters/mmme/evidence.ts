import path from 'node:path';
import { listDirs, listFiles } from '../../sources/fs.js';
import { VIDEO_EXT } from './media.js';
import { parseTrialName } from './sheet.js';
import { parseTifName } from './timestamps.js';

/** Looks for trial media in the first levels below `root` (bounded, so detection stays quick). */
export async function mediaEvidence(root: string): Promise<string[]> {
  let videos = 0;
  let tifs = 0;
  let visited = 0;
  const visit = async (dir: string, level: number): Promise<void> => {
    if (visited > 4000) return;
    for (const f of await listFiles(dir)) {
      visited++;
      if (VIDEO_EXT.test(f) && parseTrialName(f.replace(/\.[^.]+$/, ''))) videos++;
      else if (/\.tiff?$/i.test(f) && parseTifName(f)) tifs++;
    }
    if (level < 3)
      for (const d of await listDirs(dir)) {
        if (d.startsWith('.')) continue;
        if (parseTifName(d)) tifs++;
        await visit(path.join(dir, d), level + 1);
      }
  };
  await visit(root, 0);
  const out: string[] = [];
  if (videos > 0)
    out.push(`${videos} trial videos named {emotion}_{stimulus}_{marker}_{participant}_{YYYYMMDD}`);
  if (tifs > 0) out.push(`${tifs} .tif frames or folders named YYYY-MM-DD-HH-MM-SS-mmm-<code>-<marker>`);
  return out;
}
