import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { MeUnifyError } from '../report/errors.js';
import { runVideoTool } from '../sources/video.js';
import { frameName } from './copy.js';

/** The part of a video a sample covers: `count` frames from frame index `first` (0-based). */
export interface VideoSegment {
  /** Absolute path of the video. */
  path: string;
  fps: number;
  first: number;
  count: number;
}

/**
 * Decodes a segment of a video into `dir` as `000000.png`, `000001.png`, … PNG keeps the decoded
 * pixels exactly (no second lossy encoding). ffmpeg seeks accurately: it decodes from the keyframe
 * before the seek point and drops frames before it; seeking half a frame early makes frame `first`
 * the first one kept despite floating-point timestamps.
 */
export async function extractVideoFrames(segment: VideoSegment, dir: string): Promise<string[]> {
  const { path: file, fps, first, count } = segment;
  if (count <= 0) return [];
  const seek = Math.max(0, (first - 0.5) / fps);
  await runVideoTool(
    'ffmpeg',
    [
      '-nostdin',
      '-v',
      'error',
      '-ss',
      seek.toFixed(6),
      '-i',
      file,
      '-map',
      '0:v:0',
      '-frames:v',
      String(count),
      '-start_number',
      '0',
      '-f',
      'image2',
      path.join(dir, '%06d.png'),
    ],
    file,
  );
  const names = (await readdir(dir)).filter((n) => /^\d{6}\.png$/.test(n)).sort();
  if (names.length !== count) {
    throw new MeUnifyError(
      `${file}: expected ${count} frames from frame ${first} (${(first / fps).toFixed(3)} s at ${fps} fps), the video gave ${names.length}; it may be shorter than the annotation says`,
      { file },
    );
  }
  return names.map((_, i) => frameName(i, '.png'));
}
