import path from 'node:path';
import { z } from 'zod';
import { MeUnifyError, usageError } from '../../issues/errors.js';
import type { IssueLog } from '../../issues/issues.js';
import { frameGaps } from '../../sources/frames.js';
import { listDirs, relativePosix } from '../../sources/fs.js';
import type { ScanContext, ScanResult, SourceSample } from '../adapter.js';
import { APEX_POLICY_OPTION, LAYOUT_OPTION } from '../define.js';
import { type ApexPolicy, apexPolicy, reportApexPolicy, unannotatedApex } from '../kit/apex-policy.js';
import { clipFrames } from '../kit/clip-frames.js';
import { rowsToSamples } from '../kit/rows-to-samples.js';
import {
  CLIP_NAME,
  CODE_EMOTION,
  findSmicTrees,
  padSubject,
  parseLayoutOption,
  SMIC_FPS,
  type SmicSubset,
  type SmicSubsetDir,
  type SmicTree,
  SUBJECT_DIR,
  smicEvent,
  smicPerson,
} from './layout.js';

export const SmicOptionsSchema = z.object({ layout: LAYOUT_OPTION, apexPolicy: APEX_POLICY_OPTION }).strict();

/** The emotion folders of `micro/` (docs/datasets.md §3.2). */
const EMOTION_FOLDERS = ['negative', 'positive', 'surprise'];

interface ClipRef {
  subset: SmicSubset;
  subjectDir: string;
  subject: string;
  /** Absolute path of the clip folder. */
  dir: string;
  clip: string;
  /** Emotion as the source wrote it: the emotion folder's name (labels come from folders, §3.2). */
  emotion: string;
}

/** Every micro clip of the chosen cameras: labels come from folders, frames from each clip folder. */
export async function scanSmic(
  root: string,
  ctx: ScanContext<z.output<typeof SmicOptionsSchema>>,
): Promise<ScanResult> {
  const { issues } = ctx;
  const tree = await chooseTree(root, ctx);
  const wanted = parseLayoutOption(ctx.options.layout).subsets;
  const subsets = tree.subsets.filter((s) => !wanted || wanted.includes(s.subset));
  if (subsets.length === 0) {
    throw usageError(
      `${root}: --layout asks for ${wanted?.join(', ')}, but ${relativePosix(root, tree.dir) || '.'}/ holds ${tree.subsets.map((s) => s.subset.toUpperCase()).join(', ')}`,
      root,
    );
  }
  const policy = apexPolicy(ctx.options);
  const clips: ClipRef[] = [];
  const nonMicro: Record<string, number> = {};
  for (const subset of subsets) {
    const found = await findClips(root, subset, issues);
    clips.push(...found.clips);
    nonMicro[subset.subset] = found.nonMicro;
    if (found.nonMicro > 0) {
      issues.info(
        'smic.non-micro',
        `${found.nonMicro} clips in ${subset.subset.toUpperCase()} non_micro/ folders are not micro-expressions and are left out (docs/datasets.md §3.2)`,
        { file: relativePosix(root, subset.dir) },
      );
    }
  }
  const result = await rowsToSamples(
    {
      rows: clips,
      idOf: (clip) => `smic/${clip.subset}/${clip.subject}/${clip.clip}`,
      describe: (clip) => `${relativePosix(root, clip.dir)}/ (its clip name)`,
      expectation: 'each clip once per camera',
      where: (clip) => ({ file: relativePosix(root, clip.dir) }),
      build: (clip, id) => buildSample(root, tree, clip, id, policy, issues),
    },
    issues,
  );
  const samples = result.built;
  const rejected = result.failed;
  reportApexPolicy(issues, 'SMIC', policy, samples.length);
  const bySubset: Record<string, number> = {};
  for (const s of samples) bySubset[s.subset ?? ''] = (bySubset[s.subset ?? ''] ?? 0) + 1;
  return {
    root,
    layout: tree.id,
    samples,
    sources: [],
    details: {
      layout_folder: relativePosix(root, tree.dir) || '.',
      subsets: subsets.map((s) => s.subset),
      samples_by_subset: bySubset,
      non_micro_clips_left_out: nonMicro,
      apex_policy: policy,
    },
    rejected,
  } satisfies ScanResult;
}

async function chooseTree(
  root: string,
  ctx: ScanContext<z.output<typeof SmicOptionsSchema>>,
): Promise<SmicTree> {
  const trees = await findSmicTrees(root);
  const option = parseLayoutOption(ctx.options.layout);
  if (option.unknown.length > 0)
    throw usageError(
      `unknown --layout '${option.unknown.join(',')}' for SMIC; expected raw or cropped and/or hs, vis, nir (comma-separated)`,
    );
  const first = trees[0];
  if (!first) {
    throw new MeUnifyError(
      `${root}: no SMIC frame folders found; expected SMIC_all_raw/ (or SMIC_all_cropped/, or HS/ at the top level) holding HS/s1/micro/negative/s1_ne_01/…`,
      { file: root },
    );
  }
  if (option.layout) {
    const chosen = trees.find((t) => t.id === option.layout);
    if (!chosen)
      throw new MeUnifyError(
        `${root}: no ${option.layout} SMIC release found (found ${trees.map((t) => `${relativePosix(root, t.dir) || '.'}/ (${t.id})`).join(', ')})`,
        { file: root },
      );
    return chosen;
  }
  if (trees.length > 1) {
    ctx.issues.info(
      'layout.several',
      `several SMIC releases present: ${trees.map((t) => `${relativePosix(root, t.dir) || '.'}/ (${t.id})`).join(', ')}; reading ${first.id} (choose with --layout raw|cropped)`,
      { file: relativePosix(root, first.dir) || '.' },
    );
  }
  return first;
}

/** Every micro clip of one camera, with anything unexpected in the tree reported (never guessed). */
async function findClips(
  root: string,
  subset: SmicSubsetDir,
  issues: IssueLog,
): Promise<{ clips: ClipRef[]; nonMicro: number }> {
  const clips: ClipRef[] = [];
  let nonMicro = 0;
  const rel = (p: string) => relativePosix(root, p);
  for (const subjectDir of subset.subjects) {
    const subjectNo = Number(SUBJECT_DIR.exec(subjectDir)?.[1]);
    const subject = padSubject(subjectNo);
    const subjectPath = path.join(subset.dir, subjectDir);
    for (const kindDir of await listDirs(subjectPath)) {
      const kindPath = path.join(subjectPath, kindDir);
      if (kindDir.toLowerCase() === 'non_micro') {
        nonMicro += (await listDirs(kindPath)).length;
        continue;
      }
      if (kindDir.toLowerCase() !== 'micro') {
        issues.warn(
          'smic.unexpected-folder',
          `${rel(kindPath)}/ is neither micro/ nor non_micro/; not converted`,
          { file: rel(kindPath) },
        );
        continue;
      }
      for (const emotionDir of await listDirs(kindPath)) {
        const emotionPath = path.join(kindPath, emotionDir);
        if (CLIP_NAME.test(emotionDir)) {
          // a clip directly under micro/: its emotion can only come from its name, so say so
          const code = (CLIP_NAME.exec(emotionDir)?.[2] ?? '').toLowerCase();
          issues.warn(
            'smic.clip-without-emotion-folder',
            `${rel(emotionPath)}/ sits directly in micro/, not in micro/<emotion>/; its emotion is taken from its name (${CODE_EMOTION[code]})`,
            { file: rel(emotionPath) },
          );
          clips.push(clipRef(subset, subjectDir, subject, emotionPath, CODE_EMOTION[code] as string));
          continue;
        }
        if (!EMOTION_FOLDERS.includes(emotionDir.toLowerCase())) {
          issues.warn(
            'smic.unknown-emotion-folder',
            `${rel(emotionPath)}/: emotion folder '${emotionDir}' is not negative, positive or surprise; its clips are converted with emotion '${emotionDir}'`,
            { file: rel(emotionPath) },
          );
        }
        for (const clipDir of await listDirs(emotionPath)) {
          const clipPath = path.join(emotionPath, clipDir);
          const named = CLIP_NAME.exec(clipDir);
          if (!named) {
            issues.warn(
              'smic.clip-name',
              `${rel(clipPath)}/: expected a clip name like ${subjectDir}_ne_01; converted under its own name`,
              { file: rel(clipPath) },
            );
          } else {
            const code = (named[2] as string).toLowerCase();
            if (Number(named[1]) !== subjectNo)
              issues.warn(
                'smic.subject-mismatch',
                `${rel(clipPath)}/: the clip name says subject ${named[1]} but it is in folder ${subjectDir}/; filed under ${subject}`,
                { file: rel(clipPath) },
              );
            if (CODE_EMOTION[code] !== emotionDir.toLowerCase())
              issues.warn(
                'smic.emotion-mismatch',
                `${rel(clipPath)}/: the clip name says ${CODE_EMOTION[code]} but it is in ${emotionDir}/; the folder's emotion is kept (labels come from folders, docs/datasets.md §3.2)`,
                { file: rel(clipPath) },
              );
          }
          clips.push(clipRef(subset, subjectDir, subject, clipPath, emotionDir));
        }
      }
    }
  }
  return { clips, nonMicro };
}

function clipRef(
  subset: SmicSubsetDir,
  subjectDir: string,
  subject: string,
  dir: string,
  emotion: string,
): ClipRef {
  return { subset: subset.subset, subjectDir, subject, dir, clip: path.basename(dir), emotion };
}

async function buildSample(
  root: string,
  tree: SmicTree,
  clip: ClipRef,
  id: string,
  policy: ApexPolicy,
  issues: IssueLog,
): Promise<SourceSample | null> {
  const rel = relativePosix(root, clip.dir);
  const where = { sample: id, file: rel };
  const listing = await clipFrames(clip.dir, rel, where, issues);
  if (!listing) return null;
  if (listing.frames.length === 0) {
    issues.error(
      'frames.empty',
      `${rel}/ holds no numbered frames; expected image<number>.bmp files (docs/datasets.md §3.2)`,
      where,
    );
    return null;
  }
  if (listing.unnumbered.length > 0) {
    issues.warn(
      'frames.unnumbered',
      `${rel}/: ${listing.unnumbered.length} image files have no frame number and are ignored (${listing.unnumbered.slice(0, 3).join(', ')})`,
      where,
    );
  }
  const gaps = frameGaps(listing.frames);
  if (gaps.length > 0) {
    // the clip is still converted: every frame on disk is kept, the hole is reported
    issues.warn(
      'frames.gap',
      `${rel}/: frame numbers missing inside the clip: ${gaps.slice(0, 10).join(', ')}${gaps.length > 10 ? ', …' : ''}; the frames present are kept in order`,
      where,
    );
  }
  const frames = listing.frames;
  const offset = frames.length - 1;
  const apex = unannotatedApex(0, offset, policy);
  return {
    id,
    dataset: 'smic',
    subset: clip.subset,
    // the folder writes s1, SMIC-E s01: one person id for both (docs/datasets.md §3.2, §3.3)
    subject: `smic/${smicPerson(clip.subject)}`,
    event: smicEvent(clip.subset, clip.clip),
    clip: clip.clip,
    kind: 'micro',
    fps: SMIC_FPS[clip.subset],
    frames: frames.map((f) => f.path),
    // a SMIC clip is the micro-expression itself: onset is its first frame, offset its last (§3.2)
    onset: 0,
    apex: apex.apex,
    offset,
    source_frames: { onset: frames[0]?.number ?? null, apex: null, offset: frames[offset]?.number ?? null },
    apex_source: apex.apex_source,
    emotion: clip.emotion,
    aus: [],
    aus_raw: null,
    source: { directory: rel, sheet: null, sheet_name: null, row: null },
    extra: { layout: tree.id },
  };
}
