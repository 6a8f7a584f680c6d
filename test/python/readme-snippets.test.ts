import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { makeSmic } from '../../fixtures/smic.js';
import { convert } from '../../src/convert/convert.js';
import { tempDir } from '../helpers/tmp.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const run = promisify(execFile);
/** Debian's python3 with python3-pandas and python3-pil (not a pyenv shim), or PYTHON=<interpreter>. */
const PYTHON = process.env.PYTHON ?? (existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3');
const probe = spawnSync(PYTHON, ['-c', 'import pandas, PIL'], { encoding: 'utf8' });
const ready = probe.status === 0;
if (!ready)
  console.log(
    `README Python snippets skipped: ${PYTHON} cannot import pandas and PIL (apt-get install python3-pandas python3-pil): ${(probe.stderr ?? String(probe.error)).trim().split('\n').at(-1)}`,
  );

/**
 * The PyTorch part (the class is a torch Dataset, a DataLoader batches it) runs only where Debian's
 * python3-torch is installed. The test setup does not install it: 38 packages, about 62 MB to
 * download and 180 MB installed (libtorch), too much for CI's time budget; the snippet itself
 * runs without torch (plain indexing), so only the torch base class goes untested there.
 */
const torchProbe = ready ? spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8' }) : null;
const torchReady = torchProbe?.status === 0;
if (ready && !torchReady)
  console.log(
    `README PyTorch part skipped: ${PYTHON} cannot import torch (to run it: apt-get install python3-torch): ${(torchProbe?.stderr ?? '').trim().split('\n').at(-1)}`,
  );

const TORCH_CHECK = `
from torch.utils.data import DataLoader
from torch.utils.data import Dataset as TorchDataset
assert isinstance(ds, TorchDataset), "the README class is not a torch Dataset"
batch = next(iter(DataLoader(ds, batch_size=2, collate_fn=list)))
print("torch batch", len(batch))
`;

async function snippets(): Promise<string[]> {
  const readme = await readFile(path.join(ROOT, 'README.md'), 'utf8');
  const section = readme.split(/^### Loading the manifests$/m)[1]?.split(/^## /m)[0] ?? '';
  return [...section.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
}

describe.runIf(ready)('the README Python snippets', () => {
  for (const frames of ['none', 'copy', 'process'] as const)
    it(`load a --frames ${frames} output (SMIC: BMP sources) with pandas and Pillow`, async () => {
      const dir = await tempDir('me-unify-py-');
      const { root } = await makeSmic({ root: path.join(dir, 'SMIC') });
      await convert({ root, out: path.join(dir, 'out'), labels: 'megc2019', frames, limit: 6 });
      const [pandasSnippet, datasetSnippet] = await snippets();
      expect(datasetSnippet).toBeDefined();
      await writeFile(path.join(dir, 'a.py'), pandasSnippet ?? '');
      await writeFile(path.join(dir, 'b.py'), datasetSnippet ?? '');
      const a = await run(PYTHON, ['a.py'], { cwd: dir });
      expect(a.stdout).toMatch(/smic\s+\S+\s+\d+/);
      const b = await run(PYTHON, ['b.py'], { cwd: dir });
      expect(b.stdout).toMatch(/^6 samples$/m);
      expect(b.stdout).toMatch(/^\(\d+, \d+\) \(\d+, \d+\) [012]$/m);
    }, 120_000);

  it.runIf(torchReady)(
    'the dataset class is a torch Dataset that a DataLoader batches',
    async () => {
      const dir = await tempDir('me-unify-torch-');
      const { root } = await makeSmic({ root: path.join(dir, 'SMIC') });
      await convert({ root, out: path.join(dir, 'out'), labels: 'megc2019', frames: 'copy', limit: 6 });
      const [, datasetSnippet] = await snippets();
      await writeFile(path.join(dir, 'c.py'), `${datasetSnippet ?? ''}${TORCH_CHECK}`);
      const c = await run(PYTHON, ['c.py'], { cwd: dir });
      expect(c.stdout).toMatch(/^torch batch 2$/m);
    },
    120_000,
  );
});
