import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { MeUnifyError } from '../issues/errors.js';
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

/**
 * The video frames a span of a video-backed sample covers. Frame i of the sample's clip is video
 * frame round(start_time × fps) + i; `full` is the whole clip, the others start at the onset.
 */
export function videoSegment(
  video: { path: string; start_time: number; frame_count: number },
  fps: number,
  span: 'full' | 'onset-offset' | 'onset-apex',
  marks: { onset: number; apex: number | null; offset: number },
): VideoSegment {
  const base = Math.round(video.start_time * fps);
  if (span === 'full') return { path: video.path, fps, first: base, count: video.frame_count };
  const end = span === 'onset-apex' ? (marks.apex ?? marks.offset) : marks.offset;
  return { path: video.path, fps, first: base + marks.onset, count: end - marks.onset + 1 };
}
