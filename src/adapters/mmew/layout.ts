import path from 'node:path';
import { listDirs } from '../../sources/fs.js';

/** Folder names of the micro and macro parts (docs/datasets-more.md §3: `MMEW_Final/Micro_Expression`). */
const MICRO_FOLDERS = ['micro_expression', 'micro-expression', 'microexpression', 'micro_expressions'];
const MACRO_FOLDERS = ['macro_expression', 'macro-expression', 'macroexpression', 'macro_expressions'];
/** The owners' subject level, `S03/` (docs/datasets-more.md §3). */
export const SUBJECT_DIR = /^S(\d{1,3})$/i;

/** One clip folder found on disk. */
export interface ClipFolder {
  name: string;
  /** Absolute path. */
  dir: string;
  /** The emotion folder holding it, as written (`repression`). */
  emotionFolder: string;
  /** The subject folder above the emotion folder (`S03`), or null without a subject level. */
  subjectFolder: string | null;
}

/** Both forms occur per docs/datasets-more.md §3; which one a download uses is reported. */
export type MmewLayoutForm = 'emotion-clip' | 'subject-emotion-clip' | 'mixed';

export interface MmewLayout {
  /** The micro part's folder (absolute). */
  microDir: string;
  form: MmewLayoutForm;
  /** Clip folders by name; a name found twice lists both. */
  clips: Map<string, ClipFolder[]>;
  /** Folders that hold clip folders (emotion folders), for the unlisted-folder report. */
  parents: { dir: string; subjectFolder: string | null }[];
}

async function childNamed(root: string, names: readonly string[]): Promise<string | null> {
  const match = (await listDirs(root)).find((d) => names.includes(d.toLowerCase()));
  return match ? path.join(root, match) : null;
}

export const findMicroFolder = (root: string) => childNamed(root, MICRO_FOLDERS);
export const findMacroFolder = (root: string) => childNamed(root, MACRO_FOLDERS);

/** Every clip folder under the micro folder, with or without the subject level. */
export async function readLayout(microDir: string): Promise<MmewLayout> {
  const clips = new Map<string, ClipFolder[]>();
  const parents: MmewLayout['parents'] = [];
  let withSubject = false;
  let withoutSubject = false;
  const addEmotionFolder = async (dir: string, subjectFolder: string | null) => {
    parents.push({ dir, subjectFolder });
    for (const name of await listDirs(dir)) {
      const clip = { name, dir: path.join(dir, name), emotionFolder: path.basename(dir), subjectFolder };
      clips.set(name, [...(clips.get(name) ?? []), clip]);
    }
  };
  for (const child of await listDirs(microDir)) {
    const dir = path.join(microDir, child);
    if (SUBJECT_DIR.test(child)) {
      withSubject = true;
      for (const emotion of await listDirs(dir)) await addEmotionFolder(path.join(dir, emotion), child);
    } else {
      withoutSubject = true;
      await addEmotionFolder(dir, null);
    }
  }
  const form: MmewLayoutForm =
    withSubject && withoutSubject ? 'mixed' : withSubject ? 'subject-emotion-clip' : 'emotion-clip';
  return { microDir, form, clips, parents };
}
