import { z } from 'zod';
import type { Sample } from '../schema/sample.js';

/**
 * How a sample says it was cut from a long video, read from its `extra` (no adapter-specific
 * code here, so a new long-video adapter only has to fill these): `extra.video` names the long
 * video (SAMM-LV writes `006_1`), or `extra.long_clip: true` says the sample's own clip is the
 * long video (SMIC-E). Onset and offset in the video's own numbering are `source_frames`
 * (docs/datasets-more.md §6.1).
 */
export const LongVideoExtraSchema = z.union([
  z.object({ video: z.string().min(1) }),
  z.object({ long_clip: z.literal(true) }),
]);

/**
 * The long video a sample lives in, or null for a short clip. Prefixed by the subset when the
 * sample has one: SMIC-E's HS, VIS and NIR clips share names (`s1_ne_01`) but are different videos.
 */
export function longVideoOf(sample: Sample): string | null {
  const parsed = LongVideoExtraSchema.safeParse(sample.extra);
  if (!parsed.success) return null;
  const name = 'video' in parsed.data ? parsed.data.video : sample.clip;
  return sample.subset ? `${sample.subset}/${name}` : name;
}
