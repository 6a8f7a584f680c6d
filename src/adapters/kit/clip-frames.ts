import type { IssueLog } from '../../issues/issues.js';
import type { IssueInput } from '../../schema/issue.js';
import { type FrameListing, listFrames, undecodableMessage } from '../../sources/frames.js';

type Where = Omit<IssueInput, 'severity' | 'code' | 'message'>;

/**
 * A clip folder's numbered frames, or null after reporting why they cannot be used: two files
 * with one frame number, or file names that are not valid text. Shared by every frame-folder adapter.
 */
export async function clipFrames(
  dir: string,
  relDir: string,
  where: Where,
  issues: IssueLog,
  filter: (listing: FrameListing) => FrameListing = (l) => l,
): Promise<FrameListing | null> {
  const listing = filter(await listFrames(dir));
  const duplicate = listing.duplicates[0];
  if (duplicate) {
    issues.error(
      'frames.duplicate',
      `${relDir}/: frame number ${duplicate.number} is written by several files (${duplicate.names.join(', ')}); expected one file per frame`,
      { ...where, file: relDir },
    );
    return null;
  }
  if (listing.undecodable.length > 0) {
    issues.error('frames.bad-name', undecodableMessage(relDir, listing.undecodable), {
      ...where,
      file: relDir,
    });
    return null;
  }
  return listing;
}
