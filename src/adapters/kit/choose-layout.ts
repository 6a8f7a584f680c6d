import { MeUnifyError, usageError } from '../../issues/errors.js';
import type { IssueLog } from '../../issues/issues.js';
import { relativePosix } from '../../sources/fs.js';

export interface LayoutChoice<L extends { id: string; dir: string }> {
  root: string;
  /** `--layout`, when given. */
  wanted: string | undefined;
  /** The layouts the dataset can have: id and the folder names looked for. */
  known: readonly { id: string; folders: readonly string[] }[];
  /** The layouts present under the root, preferred first. */
  found: readonly L[];
  /** The dataset's title, for messages. */
  title: string;
  /** The error's text when no layout is present: what was expected. */
  missing: string;
}

/**
 * The frame layout a scan reads: `--layout` (an unknown id is a usage error, an absent one an
 * error naming the folders looked for), else the first found, noting the others.
 */
export function chooseLayout<L extends { id: string; dir: string }>(
  choice: LayoutChoice<L>,
  issues: IssueLog,
): L {
  const { root, wanted, known, found } = choice;
  if (wanted) {
    const spec = known.find((l) => l.id === wanted);
    if (!spec)
      throw usageError(
        `unknown --layout '${wanted}' for ${choice.title}; expected ${known.map((l) => l.id).join(', ')}`,
      );
    const present = found.find((l) => l.id === wanted);
    if (!present)
      throw new MeUnifyError(
        `${root}: no '${wanted}' frame folder found (looked for ${spec.folders.join(', ')})`,
        {
          file: root,
        },
      );
    return present;
  }
  const [first] = found;
  if (!first) throw new MeUnifyError(`${root}: ${choice.missing}`, { file: root });
  if (found.length > 1)
    issues.info(
      'layout.several',
      `frame layouts present: ${found.map((l) => l.id).join(', ')}; reading ${first.id} (choose with --layout)`,
      { file: relativePosix(root, first.dir) },
    );
  return first;
}
