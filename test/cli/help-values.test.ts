import { describe, expect, it } from 'vitest';
import { ADAPTERS } from '../../src/adapters/registry.js';
import { builtinErrataNames } from '../../src/errata/load.js';
import { recipeNames } from '../../src/flow/recipe.js';
import { builtinProfileNames } from '../../src/labels/profile.js';
import { SPLIT_PROTOCOLS } from '../../src/protocols/splits.js';
import { runCli } from '../helpers/cli.js';

/** `--help` of a command, with commander's line wrapping undone so values are whole words. */
async function help(command: string): Promise<string> {
  const run = await runCli([command, '--help']);
  expect(run.code, run.stderr).toBe(0);
  return run.stdout.replace(/\s+/g, ' ');
}

describe('--help lists the values each option accepts (from the lists the code checks against)', () => {
  it('convert: every dataset id, label profile, errata list, kind and each adapter’s layouts', async () => {
    const text = await help('convert');
    expect(ADAPTERS.length).toBeGreaterThan(5);
    expect(text).toContain(
      `--format <id> dataset adapter to use instead of detection: ${ADAPTERS.map((a) => a.id).join(' | ')}`,
    );
    const profiles = await builtinProfileNames();
    expect(profiles).toContain('megc2019');
    expect(text).toContain(`label profile (${profiles.join(' | ')}) or a JSON file`);
    const errata = await builtinErrataNames();
    expect(errata.length).toBeGreaterThan(0);
    expect(text).toContain(`a built-in list (${errata.join(' | ')})`);
    expect(text).toContain('--kind <kind> micro | macro | all');
    for (const a of ADAPTERS.filter((x) => x.layouts))
      expect(text).toContain(`${a.id}: ${a.layouts?.join(' | ')}`);
    expect(text).toContain('casme2: raw-selected | cropped | raw');
    expect(text).toContain('smic: raw | cropped | hs | vis | nir');
    expect(text).toContain('mmme: auto | tif | video');
  });

  it('validate and combine list the label profiles', async () => {
    const profiles = (await builtinProfileNames()).join(' | ');
    expect(await help('validate')).toContain(`(${profiles})`);
    expect(await help('combine')).toContain(`(${profiles})`);
  });

  it('splits and score list the protocols; splits, stats and report the kinds', async () => {
    const protocols = SPLIT_PROTOCOLS.join(' | ');
    expect(SPLIT_PROTOCOLS).toContain('megc2019');
    expect(await help('splits')).toContain(`--protocol <name> ${protocols}`);
    expect(await help('score')).toContain(`--protocol <name> ${protocols}`);
    for (const cmd of ['splits', 'stats', 'report']) expect(await help(cmd)).toContain('micro | macro | all');
    expect(await help('splits')).toContain(`built-in ids: ${ADAPTERS.map((a) => a.id).join(', ')}`);
  });

  it('flow lists the recipes found in data/flow', async () => {
    const recipes = recipeNames();
    expect(recipes).toEqual(expect.arrayContaining(['raw', 'mean42', 'ststnet28']));
    expect(await help('flow')).toContain(`--recipe <name> ${recipes.join(' | ')}`);
  });
});
