import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { jpegPalette } from '../../fixtures/frames.js';
import { combine } from '../../src/combine/combine.js';
import { MeUnifyError } from '../../src/issues/errors.js';
import { makeSample, writeOutput } from '../helpers/samples.js';
import { tempDir } from '../helpers/tmp.js';

// The linker fails on one sample after the others were linked (a frame removed after the checks).
vi.mock('../../src/combine/link-frames.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/combine/link-frames.js')>();
  return {
    copySampleFrames: async (...args: Parameters<typeof real.copySampleFrames>) => {
      if (args[0].id.endsWith('EP03_02f'))
        throw new MeUnifyError('/in/frame.jpg: cannot open this frame (ENOENT)', { file: '/in/frame.jpg' });
      return real.copySampleFrames(...args);
    },
  };
});

describe('combine: a frame that fails after the checks', () => {
  it('drops the staging folder, keeps no output and says so truthfully', async () => {
    const dir = await tempDir();
    const [jpeg] = await jpegPalette(undefined, 1);
    const a = path.join(dir, 'in', 'a');
    await writeOutput(
      a,
      [makeSample('casme2', 'sub01', 'EP02_01f'), makeSample('casme2', 'sub02', 'EP03_02f')],
      {
        writeFrames: jpeg,
      },
    );
    const out = path.join(dir, 'out');
    await expect(combine({ inputs: [a], out, jobs: 1 })).rejects.toThrow(
      `combine into ${out} stopped: /in/frame.jpg: cannot open this frame (ENOENT); nothing was written`,
    );
    expect(await readdir(dir)).toEqual(['in']);
  });
});
