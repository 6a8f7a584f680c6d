import path from 'node:path';
import type { IssueLog } from '../../issues/issues.js';
import type { IssueInput } from '../../schema/issue.js';
import { type FrameListing, listFrames, undecodableMessage } from '../../sources/frames.js';

type Where = Omit<IssueInput, 'severity' | 'code' | 'message'>;

/**
 * A listing's frames, or null after reporting why they cannot be used: two files with one frame
 * number, or file names that are not valid text. Every frame-folder adapter goes through it.
 */
export function usableFrames(
  listing: FrameListing,
  relDir: string,
  where: Where,
  issues: IssueLog,
): FrameListing | null {
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

/** A clip folder's numbered frames (see usableFrames); `filter` keeps the files that are frames. */
export async function clipFrames(
  dir: string,
  relDir: string,
  where: Where,
  issues: IssueLog,
  filter: (listing: FrameListing) => FrameListing = (l) => l,
): Promise<FrameListing | null> {
  return usableFrames(filter(await listFrames(dir)), relDir, where, issues);
}

/** A long video's frames, listed once: `paths` is one array shared by every sample cut from it. */
export interface VideoFrames {
  listing: FrameListing;
  paths: string[];
}

/**
 * Lists each long video's frames at most once, however many samples are cut from it (SAMM-LV,
 * SMIC-E, CAS(ME)²). Every sample still passes `usableFrames`, so each one that cannot be cut
 * names the folder's problem.
 */
export function longVideoFrames(
  issues: IssueLog,
): (dir: string, relDir: string, where: Where) => Promise<VideoFrames | null> {
  const listings = new Map<string, Promise<VideoFrames>>();
  return async (dir, relDir, where) => {
    const key = path.resolve(dir);
    let listed = listings.get(key);
    if (!listed) {
      listed = listFrames(dir).then((listing) => ({ listing, paths: listing.frames.map((f) => f.path) }));
      listings.set(key, listed);
    }
    const video = await listed;
    return usableFrames(video.listing, relDir, where, issues) ? video : null;
  };
}
