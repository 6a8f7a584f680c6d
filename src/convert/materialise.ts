import type { SourceSample } from '../adapters/adapter.js';
import { copyFrames } from '../frames/copy.js';
import { ClipError } from '../frames/process-clip.js';
import { extractVideoFrames, videoSegment } from '../frames/video.js';
import type { IssueCodeAt } from '../issues/catalogue.js';
import { MeUnifyError } from '../issues/errors.js';
import { asSystemError, storageErrorCode } from '../issues/system-error.js';
import { relativePosix } from '../sources/fs.js';
import { clipDir } from './clip-dir.js';
import { clipHash, writeClip } from './clip-store.js';
import type { ResolvedConvertOptions } from './options.js';
import type { OutputDir } from './output.js';
import { OutputError, outputFailure } from './output-failure.js';
import { type ProcessRun, processSampleFrames } from './process-frames.js';
import { sourceStamps } from './source-stamps.js';
import type { SpanSelection } from './span.js';

export interface Materialised {
  /** Frame paths relative to the output folder. */
  frames: string[];
  /** Sample fields a processed clip changes (fps, indices, processing record). */
  processed: Record<string, unknown>;
}

/** A sample's frames could not be written: an error for that sample, handled by the error policy. */
export class SampleFramesError extends Error {
  constructor(
    readonly code: IssueCodeAt<'error'>,
    message: string,
    readonly file: string | null,
  ) {
    super(message);
  }
}

/**
 * The frames of one sample in the output, by `--frames` mode: referenced in place (`none`), copied
 * (`copy`; video-backed samples are decoded), or processed. A full disk stops the whole run (it is
 * no fault of the sample); finished clips stay in the staging folder for the rerun.
 */
export async function materialiseFrames(
  s: SourceSample,
  span: SpanSelection,
  opts: ResolvedConvertOptions,
  output: OutputDir,
  processRun: ProcessRun | null,
): Promise<Materialised> {
  try {
    if (processRun) {
      const { frames, names: _names, ...processed } = await processSampleFrames(processRun, s, span, output);
      return { frames, processed };
    }
    if (opts.frames === 'none' || opts.dryRun) {
      return { frames: span.frames.map((f) => relativePosix(output.final, f)), processed: {} };
    }
    const dir = clipDir(output, s);
    // a video-backed sample (MMME trial videos): its frames are decoded from the video
    const segment = s.video ? videoSegment(s.video, s.fps, opts.span, s) : null;
    // the stamps make a resumed clip follow a source frame (or video) replaced since the killed run
    const stamps = await sourceStamps(segment ? [segment.path] : span.frames);
    const hash = clipHash({ frames: span.frames, segment, stamps, mode: opts.frames });
    const { names } = await writeClip(
      dir,
      hash,
      (tmp) => (segment ? extractVideoFrames(segment, tmp) : copyFrames(span.frames, tmp)),
      (p) => output.contain(p),
    );
    return { frames: names.map((n) => ['frames', ...s.id.split('/'), n].join('/')), processed: {} };
  } catch (err) {
    // a full or read-only disk, or a path refused by the output's guard: the run stops, no sample is to blame
    if (err instanceof OutputError) throw err;
    if (storageErrorCode(err)) throw outputFailure(output, err, `writing the frames of ${s.id}`);
    // source problems arrive worded (MeUnifyError); a bare system error came from writing the clip
    if (!(err instanceof MeUnifyError) && asSystemError(err))
      throw outputFailure(output, err, `writing the frames of ${s.id}`);
    const code = err instanceof ClipError ? err.code : processRun ? 'frames.process' : 'frames.copy';
    const file = err instanceof MeUnifyError ? err.file : null;
    throw new SampleFramesError(code, err instanceof Error ? err.message : String(err), file);
  }
}
