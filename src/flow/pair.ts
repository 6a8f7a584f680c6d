import { writeFile } from 'node:fs/promises';
import { describeError, MeUnifyError } from '../issues/errors.js';
import { type EngineParams, engineRecord, runEngine } from './engine.js';
import { toFloat } from './mat.js';
import { flowNpy } from './npy.js';
import { readGrey } from './read-grey.js';

/** `me-unify flow --pair a.png b.png -o flow.npy`: one flow, (H, W, 2) u then v, for checking against other tools. */
export async function flowPair(
  a: string,
  b: string,
  out: string,
  params: EngineParams = {},
): Promise<{ width: number; height: number } & ReturnType<typeof engineRecord>> {
  const read = (f: string) =>
    readGrey(f).catch((err: unknown) => {
      throw new MeUnifyError(`${f}: could not read the image: ${describeError(err)}`, { file: f });
    });
  const [i0, i1] = await Promise.all([read(a), read(b)]);
  if (i0.width !== i1.width || i0.height !== i1.height)
    throw new MeUnifyError(
      `${a} is ${i0.width}x${i0.height} but ${b} is ${i1.width}x${i1.height}; the pair must match`,
      { file: b },
    );
  const f = runEngine(toFloat(i0), toFloat(i1), params);
  await writeFile(out, flowNpy(f.width, f.height, f.u, f.v));
  return { width: f.width, height: f.height, ...engineRecord(params) };
}
