import { execFile } from 'node:child_process';
import { access, chmod, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { z } from 'zod';
import { MeUnifyError } from '../issues/errors.js';

export type VideoTool = 'ffmpeg' | 'ffprobe';

/** npm packages that ship a static binary inside the tarball (docs/dependencies.md §2: ffmpeg-static downloads at install and fails). */
const NPM_BINARY: Record<VideoTool, string> = {
  ffmpeg: '@ffmpeg-installer/ffmpeg',
  ffprobe: '@ffprobe-installer/ffprobe',
};
/** Overrides for users whose ffmpeg lives somewhere unusual. */
const ENV_OVERRIDE: Record<VideoTool, string> = { ffmpeg: 'ME_UNIFY_FFMPEG', ffprobe: 'ME_UNIFY_FFPROBE' };

const resolved = new Map<VideoTool, Promise<string>>();

async function isExecutable(file: string): Promise<boolean> {
  try {
    await access(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `ffmpeg`/`ffprobe` on the PATH, as the shell would find it. */
export async function findOnPath(tool: VideoTool, envPath = process.env.PATH ?? ''): Promise<string | null> {
  const names = process.platform === 'win32' ? [`${tool}.exe`] : [tool];
  for (const dir of envPath.split(path.delimiter).filter(Boolean)) {
    for (const name of names) {
      const file = path.join(dir, name);
      if (await isExecutable(file)) return file;
    }
  }
  return null;
}

/** The binary shipped in the npm package; its execute bit may be missing after a fresh install. */
async function fromNpm(tool: VideoTool): Promise<string> {
  let file: string;
  try {
    const require = createRequire(import.meta.url);
    file = (require(NPM_BINARY[tool]) as { path: string }).path;
  } catch (err) {
    throw new MeUnifyError(
      `${tool} not found: not on the PATH and the npm package ${NPM_BINARY[tool]} has no binary for ${process.platform}-${process.arch} (${err instanceof Error ? err.message : String(err)}); install ffmpeg (e.g. apt-get install ffmpeg) or set ${ENV_OVERRIDE[tool]}`,
    );
  }
  return ensureExecutable(file, tool);
}

/** Returns `file` once it is executable, setting the execute bits when they are missing. */
export async function ensureExecutable(file: string, tool: VideoTool): Promise<string> {
  if (await isExecutable(file)) return file;
  try {
    // @ffprobe-installer ships ffprobe as rwxr--r--: executable by its owner only.
    await chmod(file, 0o755);
  } catch {
    // reported below with the fix
  }
  if (await isExecutable(file)) return file;
  throw new MeUnifyError(
    `${file}: the ${tool} binary shipped by ${NPM_BINARY[tool]} is not executable and could not be made so; run chmod +x on it, install ffmpeg on the PATH (apt-get install ffmpeg), or set ${ENV_OVERRIDE[tool]}`,
    { file },
  );
}

/**
 * The path of `ffmpeg` or `ffprobe`: `$ME_UNIFY_FFMPEG`/`$ME_UNIFY_FFPROBE`, else the PATH,
 * else the binary inside the npm package (works offline on a fresh `npm ci`). Cached per process.
 */
export function findVideoTool(tool: VideoTool): Promise<string> {
  let found = resolved.get(tool);
  if (!found) {
    found = (async () => {
      const override = process.env[ENV_OVERRIDE[tool]];
      if (override) {
        if (await isExecutable(override)) return override;
        throw new MeUnifyError(
          `${ENV_OVERRIDE[tool]}=${override}: not an executable file; expected ${tool}`,
          {
            file: override,
          },
        );
      }
      return (await findOnPath(tool)) ?? (await fromNpm(tool));
    })();
    found.catch(() => resolved.delete(tool));
    resolved.set(tool, found);
  }
  return found;
}

/** For tests: forget the cached tool paths. */
export function resetVideoTools(): void {
  resolved.clear();
}

/** Runs a tool and returns stdout; a failure becomes a MeUnifyError naming the file. */
export async function runVideoTool(tool: VideoTool, args: readonly string[], file: string): Promise<string> {
  const bin = await findVideoTool(tool);
  return new Promise((resolve, reject) => {
    execFile(bin, [...args], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) {
        const detail = String(stderr || err.message)
          .trim()
          .split('\n')
          .slice(-3)
          .join(' ');
        reject(new MeUnifyError(`${file}: ${tool} failed (${detail})`, { file, cause: err }));
      } else resolve(stdout);
    });
  });
}

const rate = z
  .string()
  .regex(/^\d+(\.\d+)?(\/\d+)?$/)
  .transform((r) => {
    const [n, d] = r.split('/').map(Number);
    return d ? (n as number) / d : (n as number);
  });

const ProbeSchema = z.object({
  streams: z
    .array(
      z.object({
        codec_name: z.string().optional(),
        width: z.number().int().optional(),
        height: z.number().int().optional(),
        r_frame_rate: rate.optional(),
        avg_frame_rate: rate.optional(),
        nb_frames: z.string().regex(/^\d+$/).transform(Number).optional(),
        duration: z
          .string()
          .regex(/^\d+(\.\d+)?$/)
          .transform(Number)
          .optional(),
        start_time: z
          .string()
          .regex(/^-?\d+(\.\d+)?$/)
          .transform(Number)
          .optional(),
      }),
    )
    .default([]),
  format: z
    .object({
      duration: z
        .string()
        .regex(/^\d+(\.\d+)?$/)
        .transform(Number)
        .optional(),
    })
    .default({}),
});

export interface VideoInfo {
  codec: string | null;
  width: number | null;
  height: number | null;
  /** The container's frame rate. */
  fps: number;
  /** Frames in the video (the container's count when it has one, else duration × fps). */
  frames: number;
  duration: number;
}

/** Reads a video's frame rate, frame count and duration with ffprobe. */
export async function probeVideo(file: string): Promise<VideoInfo> {
  const out = await runVideoTool(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=codec_name,width,height,r_frame_rate,avg_frame_rate,nb_frames,duration,start_time:format=duration',
      '-of',
      'json',
      file,
    ],
    file,
  );
  let json: unknown;
  try {
    json = JSON.parse(out);
  } catch {
    throw new MeUnifyError(`${file}: ffprobe printed no readable description; expected a video file`, {
      file,
    });
  }
  const parsed = ProbeSchema.safeParse(json);
  const stream = parsed.success ? parsed.data.streams[0] : undefined;
  if (!parsed.success || !stream)
    throw new MeUnifyError(`${file}: no video stream found; expected a video file`, { file });
  const fps = [stream.r_frame_rate, stream.avg_frame_rate].find((r) => r !== undefined && r > 0);
  const duration = stream.duration ?? parsed.data.format.duration;
  if (fps === undefined)
    throw new MeUnifyError(`${file}: the video stream has no frame rate; expected a constant-rate video`, {
      file,
    });
  const frames = stream.nb_frames ?? (duration !== undefined ? Math.round(duration * fps) : undefined);
  if (frames === undefined)
    throw new MeUnifyError(`${file}: neither a frame count nor a duration; cannot place times in it`, {
      file,
    });
  return {
    codec: stream.codec_name ?? null,
    width: stream.width ?? null,
    height: stream.height ?? null,
    fps,
    frames,
    duration: duration ?? frames / fps,
  };
}
