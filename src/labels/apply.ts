import { IssueLog } from '../issues/issues.js';
import type { Issue } from '../schema/issue.js';
import type { Sample } from '../schema/sample.js';
import { labelId } from './label-id.js';
import { type LabelProfile, labeller, loadProfile } from './profile.js';

export interface ApplyLabelsResult {
  /** The samples with `label`, `label_id` and `label_profile` set under the profile (inputs are not changed). */
  samples: Sample[];
  /** What the profile could not map or mapped only by ignoring case (one warning per spelling). */
  issues: Issue[];
}

/**
 * Relabels samples under a label profile (a built-in name, a JSON file, or a loaded profile): the
 * API form of `--labels`. `emotion` is never changed; only `label` and `label_profile` are.
 */
export async function applyLabelProfile(
  samples: readonly Sample[],
  profile: LabelProfile | string,
): Promise<ApplyLabelsResult> {
  const loaded = typeof profile === 'string' ? await loadProfile(profile) : profile;
  const issues = new IssueLog();
  const label = labeller(loaded, issues);
  return {
    samples: samples.map((s) => {
      const cls = label(s);
      return { ...s, label: cls, label_id: labelId(cls, loaded.classes ?? null), label_profile: loaded.name };
    }),
    issues: issues.issues,
  };
}
