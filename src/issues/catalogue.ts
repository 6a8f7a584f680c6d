import type { Severity } from '../schema/issue.js';

/**
 * Every issue code me-unify emits, with the severities it is raised at, what it means, and the
 * datasets whose adapters raise it (empty: raised by convert, validate, combine… for any dataset).
 * The IssueLog methods take only these codes, so a misspelt code does not compile;
 * docs/issue-codes.md is generated from this table (`npm run schema`).
 */
export const ISSUE_CATALOGUE = {
  'apex.not-annotated': {
    severities: ['warning', 'info'],
    meaning:
      'The source annotates no apex for these samples; the apex is left unknown or set to the midpoint, as --apex says (info for a whole dataset without apex, warning for one row).',
    datasets: ['samm-lv', 'smic', 'smic-e', 'casme-sq', 'casme3'],
  },
  'apex.outside': {
    severities: ['warning'],
    meaning: 'The annotated apex lies outside onset..offset or outside the clip; the apex is left unknown.',
    datasets: ['casme2', 'samm', 'samm-lv', 'smic-e', 'mmme', 'custom', 'casme-sq', 'casme3', 'mmew', '4dme'],
  },
  'apex.unknown': {
    severities: ['warning'],
    meaning: 'The apex cell is not a frame number; the apex is left unknown (apex_source: missing).',
    datasets: ['casme2', 'samm', 'samm-lv', 'mmme', 'custom', '4dme', 'mmew'],
  },
  'aus.unparsed': {
    severities: ['info'],
    meaning: 'Part of the Action Units cell could not be parsed; it is kept as written.',
    datasets: ['casme2', 'samm', 'samm-lv', 'mmme', 'casme-sq', 'casme3', 'mmew', '4dme'],
  },
  'casme-sq.label-typo': {
    severities: ['warning'],
    meaning:
      'A label cell holds a typo the release is known for (CAS(ME)² column I `happyiness`); kept as written.',
    datasets: ['casme-sq'],
  },
  'casme-sq.misplaced-folder': {
    severities: ['warning'],
    meaning:
      "A long-video folder's `NN_` prefix names another subject than the folder it lies in (CAS(ME)² `s19/23_0502funnyerrors`); not used, not converted.",
    datasets: ['casme-sq'],
  },
  'casme-sq.overlap': {
    severities: ['info'],
    meaning: 'Intervals of one long video overlap; each is kept as its own sample.',
    datasets: ['casme-sq'],
  },
  'casme-sq.rule1-misaligned': {
    severities: ['warning'],
    meaning:
      'The `naming rule1` tab does not line up row by row with the main tab; subject folders come from its index → folder table.',
    datasets: ['casme-sq'],
  },
  'casme-sq.same-onset': {
    severities: ['warning'],
    meaning: 'Two rows of one long video share onset and apex (a near-duplicate); both kept.',
    datasets: ['casme-sq'],
  },
  'casme2.objective-classes': {
    severities: ['warning'],
    meaning: 'A CASME II objective-class sheet lacks its expected columns and is ignored.',
    datasets: ['casme2'],
  },
  'casme3.known-erratum': {
    severities: ['warning', 'info'],
    meaning:
      'A row is one of the known bad rows of the distributed CAS(ME)^3 JpgIndex sheet; reported with the public fixes, not repaired (info for the harmless upper-case J).',
    datasets: ['casme3'],
  },
  'casme3.offset-unknown': {
    severities: ['warning', 'error'],
    meaning:
      'Offset is 0 (not annotated): the range ends at the apex and source_frames.offset is null (warning), or the row is rejected when there is no apex after the onset (error).',
    datasets: ['casme3'],
  },
  'casme3.part-c': {
    severities: ['warning'],
    meaning:
      'The CAS(ME)^3 Part C sheet has no usable table or no Part C frames beside it; Part C is not converted.',
    datasets: ['casme3'],
  },
  'casme3.spotting-only': {
    severities: ['warning'],
    meaning:
      'A micro-expression row of the CAS(ME)^3 spotting sheet has no row in the label sheet; it is converted without an emotion.',
    datasets: ['casme3'],
  },
  'combine.mixed-profiles': {
    severities: ['warning'],
    meaning:
      'The combined inputs were labelled with different label profiles; their labels are not comparable.',
    datasets: [],
  },
  'combine.one-per-event': {
    severities: ['info'],
    meaning: 'Samples left out because another sample records the same movement (--one-per-event).',
    datasets: [],
  },
  'combine.shared-events': {
    severities: ['warning'],
    meaning: 'Some movements are recorded by more than one sample (e.g. SAMM and SAMM-LV).',
    datasets: [],
  },
  'crop.box-duplicate': {
    severities: ['error'],
    meaning: 'The crop box file has a second row for the same sample.',
    datasets: [],
  },
  'crop.box-missing': {
    severities: ['error'],
    meaning: 'The crop box file has no row for this sample.',
    datasets: [],
  },
  'crop.box-outside': {
    severities: ['error'],
    meaning: 'The crop box does not fit inside the frame.',
    datasets: [],
  },
  'crop.box-row': {
    severities: ['error'],
    meaning: 'A row of the crop box file is not a valid box.',
    datasets: [],
  },
  'dataset.invalid': {
    severities: ['error'],
    meaning: 'dataset.json is missing, unreadable or does not match its schema.',
    datasets: [],
  },
  'errata.applied': {
    severities: ['info'],
    meaning: 'A published correction was applied to a sample.',
    datasets: [],
  },
  'errata.not-applied': {
    severities: ['warning', 'info'],
    meaning:
      'A published correction was not applied (no such clip, the sheet already holds the value, or the sheet is not the one it names); warning when the value differs for another reason.',
    datasets: [],
  },
  'frames.absolute': {
    severities: ['error'],
    meaning: 'A frame or video path in the manifest is absolute; expected a path relative to the manifest.',
    datasets: [],
  },
  'frames.bad-image': {
    severities: ['error'],
    meaning: 'A frame file is not a readable image.',
    datasets: [],
  },
  'frames.bad-name': {
    severities: ['error'],
    meaning: 'A clip folder holds file names that cannot be decoded.',
    datasets: ['casme2', 'samm', 'samm-lv', 'smic', 'smic-e', 'custom', 'casme-sq', 'casme3', 'mmew', '4dme'],
  },
  'frames.copy': {
    severities: ['error'],
    meaning: "A sample's frames could not be copied into the output.",
    datasets: [],
  },
  'frames.dropped': {
    severities: ['warning'],
    meaning: 'Frames are missing between onset and offset (gaps in the source timestamps).',
    datasets: ['mmme'],
  },
  'frames.duplicate': {
    severities: ['error'],
    meaning: 'Several files carry the same frame number; expected one file per frame.',
    datasets: ['casme2', 'samm', 'samm-lv', 'smic', 'smic-e', 'custom', 'casme-sq', 'casme3', 'mmew', '4dme'],
  },
  'frames.empty': {
    severities: ['error'],
    meaning: 'A clip folder holds no numbered frames.',
    datasets: ['smic', 'smic-e'],
  },
  'frames.folder-missing': {
    severities: ['error'],
    meaning: 'The clip folder a sheet row names does not exist.',
    datasets: ['casme2', 'samm', 'samm-lv', 'smic-e', 'custom', 'casme-sq', 'casme3', 'mmew', '4dme'],
  },
  'frames.folder-outside': {
    severities: ['error'],
    meaning: 'A sheet row would lead the frame-folder pattern out of the dataset folder.',
    datasets: ['custom'],
  },
  'frames.gap': {
    severities: ['warning'],
    meaning: 'Frame numbers are missing inside a clip.',
    datasets: ['smic', 'casme3'],
  },
  'frames.jpeg-codec': {
    severities: ['info'],
    meaning:
      'The fast JPEG codec is unavailable (sharp decodes and encodes JPEG frames instead), or it cannot decode only the region a crop needs (frames are decoded whole).',
    datasets: [],
  },
  'frames.mismatch': {
    severities: ['error'],
    meaning: 'The frames of one clip differ in size or channels and cannot be interpolated.',
    datasets: [],
  },
  'frames.missing': {
    severities: ['error'],
    meaning: 'A frame listed in the manifest does not exist.',
    datasets: [],
  },
  'frames.no-face': {
    severities: ['error'],
    meaning: 'No face was found on the onset frame, so the clip is not cropped.',
    datasets: [],
  },
  'frames.none': {
    severities: ['error'],
    meaning: 'A sample has no frames to process (video-only samples need their frames extracted first).',
    datasets: [],
  },
  'frames.not-file': {
    severities: ['error'],
    meaning: 'A frame path is not a regular file.',
    datasets: [],
  },
  'frames.order': {
    severities: ['error'],
    meaning: 'Frames are not listed in increasing frame-number order.',
    datasets: [],
  },
  'frames.outside': {
    severities: ['error'],
    meaning: 'A frame path or symlink leads outside the dataset folder.',
    datasets: [],
  },
  'frames.process': {
    severities: ['error'],
    meaning: 'A frame could not be processed (cropped, resized or encoded).',
    datasets: [],
  },
  'frames.range': {
    severities: ['error'],
    meaning: "The sheet's onset..offset does not fit the frames found in the clip folder.",
    datasets: ['casme2', 'samm', 'samm-lv', 'smic-e', 'mmme', 'custom', 'casme-sq', 'casme3', 'mmew', '4dme'],
  },
  'frames.range-mismatch': {
    severities: ['warning'],
    meaning: 'The clip folder holds a different frame range from the one the sheet states.',
    datasets: ['casme2', 'samm', 'casme3'],
  },
  'frames.symlink-loop': {
    severities: ['error'],
    meaning: 'A frame path is a symlink loop.',
    datasets: [],
  },
  'frames.unnumbered': {
    severities: ['warning'],
    meaning: 'Image files without a frame number are ignored.',
    datasets: ['smic'],
  },
  'frames.unreadable': {
    severities: ['error'],
    meaning: 'A frame cannot be opened or read (permissions, or an unreadable image).',
    datasets: [],
  },
  'label.case-mismatch': {
    severities: ['warning'],
    meaning: "An emotion matched a profile class only when case is ignored; the profile's spelling is used.",
    datasets: [],
  },
  'label.kind-not-labelled': {
    severities: ['info'],
    meaning: 'The label profile labels other movement kinds only; these samples get no label.',
    datasets: [],
  },
  'label.not-in-profile': {
    severities: ['error'],
    meaning: "A sample's label is not a class of its label profile.",
    datasets: [],
  },
  'label.unchecked': {
    severities: ['info'],
    meaning: 'Labels were not checked: no dataset.json and no --labels profile.',
    datasets: [],
  },
  'label.unknown-emotion': {
    severities: ['warning'],
    meaning: 'The label profile has no class for a source emotion.',
    datasets: [],
  },
  'layout.not-read': {
    severities: ['info'],
    meaning:
      'A part of the download the adapter does not read was found (MMEW Macro_Expression/, 4DME long videos, an extras sheet without its header); nothing from it is converted.',
    datasets: ['mmew', '4dme'],
  },
  'layout.seen': {
    severities: ['info'],
    meaning:
      "Which of the plausible forms of an unverified layout or value was seen (MMEW with or without a subject level; how 4DME's sub_ID matched its folders, the clips' assumed fps).",
    datasets: ['mmew', '4dme'],
  },
  'layout.several': {
    severities: ['info'],
    meaning: 'Several frame layouts or releases are present; the first is read (choose with --layout).',
    datasets: ['casme2', 'smic', 'casme-sq', 'casme3', '4dme'],
  },
  'manifest.duplicate-id': {
    severities: ['error'],
    meaning: 'A sample id is used twice in the manifest.',
    datasets: [],
  },
  'manifest.invalid-line': {
    severities: ['error'],
    meaning: 'A manifest line is not valid JSON or does not match the sample schema.',
    datasets: [],
  },
  'manifest.unsafe-id': {
    severities: ['error'],
    meaning: 'A sample id cannot be used as a file name.',
    datasets: [],
  },
  'mmew.emotion-folder': {
    severities: ['info', 'warning'],
    meaning:
      "A clip's emotion folder differs from its sheet emotion (info: the owners' others-in-repression/ storage, counted; warning: any other difference). The sheet's emotion is kept.",
    datasets: ['mmew'],
  },
  'mmew.emotion-index': {
    severities: ['warning'],
    meaning:
      "The emotion index EE of a clip name S{PP}-{EE}-{SSS} differs from the row's Estimated Emotion (01 happiness … 07 anger); the sheet's emotion is kept.",
    datasets: ['mmew'],
  },
  'mmew.subject-mismatch': {
    severities: ['warning'],
    meaning:
      "The clip name's or subject folder's subject differs from the Subject column; the Subject column is kept.",
    datasets: ['mmew'],
  },
  'mmme.duplicate-onset': {
    severities: ['warning'],
    meaning: 'Two annotations of one trial start at the same onset time.',
    datasets: ['mmme'],
  },
  'mmme.emotion-mismatch': {
    severities: ['warning'],
    meaning: "The sheet's Estimated Emotion differs from the emotion in Filename; the sheet's is used.",
    datasets: ['mmme'],
  },
  'mmme.filename': {
    severities: ['warning'],
    meaning: 'Filename does not follow the MMME naming pattern.',
    datasets: ['mmme'],
  },
  'mmme.kind': {
    severities: ['warning'],
    meaning: 'The Macro/Micro cell is neither; the kind is derived from the duration.',
    datasets: ['mmme'],
  },
  'mmme.marker-mismatch': {
    severities: ['warning'],
    meaning: 'The marker in Filename differs from the Marker column; the column is used.',
    datasets: ['mmme'],
  },
  'mmme.media-found': {
    severities: ['info'],
    meaning: 'Summary of the videos and .tif sequences found under the root.',
    datasets: ['mmme'],
  },
  'mmme.media-missing': {
    severities: ['error'],
    meaning: 'No video or .tif sequence was found for a sheet row.',
    datasets: ['mmme'],
  },
  'mmme.name-mismatch': {
    severities: ['warning'],
    meaning: 'The participant named in Filename differs from the Subject column.',
    datasets: ['mmme'],
  },
  'mmme.paths-pseudonymised': {
    severities: ['warning'],
    meaning: "Sample paths hold a participant's name and are written pseudonymised.",
    datasets: ['mmme'],
  },
  'mmme.physio-unlinked': {
    severities: ['info'],
    meaning: 'EEG or peripheral files could not be tied to one participant.',
    datasets: ['mmme'],
  },
  'mmme.tif-ambiguous': {
    severities: ['error'],
    meaning: 'Several .tif sequences could hold the sample and none can be chosen.',
    datasets: ['mmme'],
  },
  'mmme.times-disagree': {
    severities: ['warning'],
    meaning: 'The frame span and the time span of a row disagree.',
    datasets: ['mmme'],
  },
  'mmme.timestamp': {
    severities: ['warning'],
    meaning: 'A clock-time cell cannot be read.',
    datasets: ['mmme'],
  },
  'mmme.timestamp-nearest': {
    severities: ['info'],
    meaning: 'Some clock times name no frame exactly; the nearest frame is used.',
    datasets: ['mmme'],
  },
  'mmme.unused-media': {
    severities: ['info'],
    meaning: 'Videos or .tif sequences match no sheet row.',
    datasets: ['mmme'],
  },
  'mmme.video-duplicate': {
    severities: ['warning'],
    meaning: "Several videos share a trial's name; one is used.",
    datasets: ['mmme'],
  },
  'mmme.video-fps': {
    severities: ['info'],
    meaning: "Samples come from videos recorded at another frame rate than the camera's.",
    datasets: ['mmme'],
  },
  'mmme.video-too-short': {
    severities: ['error'],
    meaning: 'The sample ends past the last frame of its video.',
    datasets: ['mmme'],
  },
  'mmme.video-unreadable': {
    severities: ['error'],
    meaning: 'A video cannot be probed.',
    datasets: ['mmme'],
  },
  'offset.not-annotated': {
    severities: ['warning'],
    meaning:
      "The sheet's offset is 0 (not annotated); the sample's range ends at the apex and source_frames.offset is null.",
    datasets: ['casme-sq'],
  },
  'protocol.dataset-missing': {
    severities: ['warning'],
    meaning: 'A dataset the protocol needs is missing from the inputs.',
    datasets: [],
  },
  'protocol.duplicate-candidate': {
    severities: ['error'],
    meaning: 'Two input samples are the same protocol clip.',
    datasets: [],
  },
  'protocol.excluded-candidate': {
    severities: ['info'],
    meaning: 'A sample the protocol rules would keep is left out by the published list.',
    datasets: [],
  },
  'protocol.label-differs': {
    severities: ['warning'],
    meaning: 'The protocol rules and the published list give different labels; the list is used.',
    datasets: [],
  },
  'protocol.member-missing': {
    severities: ['warning', 'info'],
    meaning:
      'A member of the published protocol list was not found in the inputs (warning when its dataset is present).',
    datasets: [],
  },
  'protocol.not-in-composite': {
    severities: ['info'],
    meaning: "Samples of datasets outside the protocol's composite are left out.",
    datasets: [],
  },
  'samm-lv.duration-mismatch': {
    severities: ['warning'],
    meaning: "A movement's duration differs between the long-video sheet and the micro sheet.",
    datasets: ['samm-lv'],
  },
  'samm-lv.emotion-merge': {
    severities: ['info'],
    meaning: 'Summary of the emotions merged from the SAMM micro sheet.',
    datasets: ['samm-lv'],
  },
  'samm-lv.emotion-merge-empty': {
    severities: ['warning'],
    meaning: 'No emotion could be merged from the SAMM micro sheet.',
    datasets: ['samm-lv'],
  },
  'samm-lv.emotion-unmatched': {
    severities: ['warning'],
    meaning: 'A micro-expression row has no row in the micro sheet; its emotion is null.',
    datasets: ['samm-lv'],
  },
  'samm-lv.filename-twice': {
    severities: ['info'],
    meaning: 'One Filename is listed as both a micro- and a macro-expression.',
    datasets: ['samm-lv'],
  },
  'samm-lv.fractional-frame': {
    severities: ['warning'],
    meaning: 'A frame number is not whole; the rounded frame is used.',
    datasets: ['samm-lv'],
  },
  'samm-lv.micro-sheet': {
    severities: ['warning'],
    meaning: 'The SAMM micro sheet beside the long videos is not usable (wrong header or unreadable rows).',
    datasets: ['samm-lv'],
  },
  'samm-lv.no-micro-sheet': {
    severities: ['info'],
    meaning: 'No SAMM micro sheet beside the long videos; every emotion is null.',
    datasets: ['samm-lv'],
  },
  'samm-lv.offset-past-end': {
    severities: ['warning'],
    meaning: 'Offset is past the last frame of the video folder; the sample is clipped.',
    datasets: ['samm-lv'],
  },
  'samm-lv.offset-unknown': {
    severities: ['warning'],
    meaning: 'Offset is 0 (unknown); the range ends at the apex.',
    datasets: ['samm-lv'],
  },
  'samm-lv.onset-unknown': {
    severities: ['warning'],
    meaning: 'Onset is 0 (unknown); the range starts at the apex.',
    datasets: ['samm-lv'],
  },
  'samm-lv.range-unknown': {
    severities: ['error'],
    meaning: 'Onset or offset is unknown and there is no apex to stand in; the row is rejected.',
    datasets: ['samm-lv'],
  },
  'samm-lv.unlisted-video': {
    severities: ['info'],
    meaning: 'A video folder has no row in the long-video sheet; not converted.',
    datasets: ['samm-lv'],
  },
  'samm.duration': {
    severities: ['warning'],
    meaning: 'The Duration column does not equal offset - onset + 1.',
    datasets: ['samm'],
  },
  'samm.filename': {
    severities: ['warning'],
    meaning: 'Filename is not of the form sss_n_k; the folder is looked up as written.',
    datasets: ['samm'],
  },
  'samm.filename-subject': {
    severities: ['warning'],
    meaning: 'The subject in Filename differs from the Subject column.',
    datasets: ['samm'],
  },
  'samm.inducement-code': {
    severities: ['warning'],
    meaning: 'The inducement in Filename differs from the Inducement Code column.',
    datasets: ['samm'],
  },
  'sample.apex-range': {
    severities: ['error'],
    meaning: 'apex is outside onset..offset.',
    datasets: [],
  },
  'sample.fps': {
    severities: ['error'],
    meaning: 'fps is not a plausible frame rate.',
    datasets: [],
  },
  'sample.frame-count': {
    severities: ['error'],
    meaning: 'frame_count differs from the number of frames listed.',
    datasets: [],
  },
  'sample.index-range': {
    severities: ['error'],
    meaning: 'onset, apex or offset is past the last frame.',
    datasets: [],
  },
  'sample.invalid': {
    severities: ['error'],
    meaning: 'The adapter produced a sample that does not match the sample schema.',
    datasets: [],
  },
  'sample.no-frames': {
    severities: ['error'],
    meaning: 'A sample has neither frames nor a video.',
    datasets: [],
  },
  'sample.order': {
    severities: ['error'],
    meaning: 'onset is after offset.',
    datasets: [],
  },
  'sample.population': {
    severities: ['error'],
    meaning: "A subject is not in the adapter's population.",
    datasets: [],
  },
  'sheet.bad-interval': {
    severities: ['error'],
    meaning: 'An onset/offset pair of the sheet is not a valid interval.',
    datasets: ['smic-e', 'casme-sq'],
  },
  'sheet.bad-row': {
    severities: ['error'],
    meaning: 'A sheet row cannot be read (missing subject, clip name or frame numbers); the row is rejected.',
    datasets: ['casme2', 'samm', 'samm-lv', 'smic-e', 'mmme', 'custom', 'casme-sq', 'casme3', 'mmew', '4dme'],
  },
  'sheet.duplicate-clip': {
    severities: ['error'],
    meaning: 'A clip is listed twice (in the sheet, or by folder name); expected it once.',
    datasets: ['casme2', 'samm', 'samm-lv', 'smic', 'smic-e', 'custom', 'casme-sq', 'casme3', 'mmew', '4dme'],
  },
  'sheet.note-row': {
    severities: ['info'],
    meaning: 'A sheet row is a note, not a sample; ignored.',
    datasets: ['samm', 'samm-lv', 'casme-sq', '4dme'],
  },
  'sheet.several-sheets': {
    severities: ['warning'],
    meaning: 'Several annotation sheets were found; the one named in the message is used.',
    datasets: ['casme2', 'samm', 'samm-lv', 'smic-e', 'mmme', 'casme-sq', 'casme3', 'mmew', '4dme'],
  },
  'sheet.unlisted-folder': {
    severities: ['warning'],
    meaning: 'A clip folder has no row in the annotation sheet; not converted.',
    datasets: ['casme2', 'samm', 'smic-e', 'casme-sq', 'casme3', 'mmew', '4dme'],
  },
  'sheet.version': {
    severities: ['info'],
    meaning: 'Which annotation sheet was read, how many rows, and which version it was recognised as.',
    datasets: ['casme2', 'samm', 'samm-lv', 'smic-e', 'mmme', 'casme-sq', 'casme3', '4dme', 'mmew'],
  },
  'smic-e.clip-lost': {
    severities: ['warning'],
    meaning: 'A sheet row names one of the HS clips missing from real downloads.',
    datasets: ['smic-e'],
  },
  'smic-e.duplicate-interval': {
    severities: ['warning'],
    meaning: 'A clip repeats an identical onset..offset interval.',
    datasets: ['smic-e'],
  },
  'smic-e.emotion-differs-from-name': {
    severities: ['info'],
    meaning: "The Emotion column differs from the emotion in the clip name; the sheet's is kept.",
    datasets: ['smic-e'],
  },
  'smic-e.first-frame-mismatch': {
    severities: ['warning'],
    meaning: "The clip folder starts at another frame than the sheet's FirstF.",
    datasets: ['smic-e'],
  },
  'smic-e.first-frame-text': {
    severities: ['warning'],
    meaning: 'FirstF is not a frame number; frames are located by their own numbers.',
    datasets: ['smic-e'],
  },
  'smic-e.no-sheet': {
    severities: ['error'],
    meaning: 'No annotation sheet was found for a SMIC-E camera subset.',
    datasets: ['smic-e'],
  },
  'smic-e.offset-from-length': {
    severities: ['warning'],
    meaning: "An empty offset was computed from onset and length, as the sheet's own formula does.",
    datasets: ['smic-e'],
  },
  'smic-e.relative-numbering': {
    severities: ['warning'],
    meaning:
      "A clip folder numbers its frames from another start than FirstF; the sheet's frames are read relative to it.",
    datasets: ['smic-e'],
  },
  'smic-e.sheet-from-other-file': {
    severities: ['info'],
    meaning: "A subset's rows were read from a tab of another workbook.",
    datasets: ['smic-e'],
  },
  'smic-e.sheet-note': {
    severities: ['info'],
    meaning: 'A text row of the sheet, not a clip, is left out.',
    datasets: ['smic-e'],
  },
  'smic-e.subject-mismatch': {
    severities: ['warning'],
    meaning:
      "The Subject cell and the subject in Filename differ; the clip is looked for under Filename's subject.",
    datasets: ['smic-e'],
  },
  'smic.clip-name': {
    severities: ['warning'],
    meaning: 'A clip folder name does not follow the SMIC pattern; converted under its own name.',
    datasets: ['smic'],
  },
  'smic.clip-without-emotion-folder': {
    severities: ['warning'],
    meaning: 'A clip sits directly in micro/, not in an emotion folder; its emotion comes from its name.',
    datasets: ['smic'],
  },
  'smic.emotion-mismatch': {
    severities: ['warning'],
    meaning: "The clip name and its emotion folder disagree; the folder's emotion is kept.",
    datasets: ['smic'],
  },
  'smic.non-micro': {
    severities: ['info'],
    meaning: 'Clips in non_micro/ folders are not micro-expressions and are not converted.',
    datasets: ['smic'],
  },
  'smic.subject-mismatch': {
    severities: ['warning'],
    meaning: 'The clip name names another subject than its folder.',
    datasets: ['smic'],
  },
  'smic.unexpected-folder': {
    severities: ['warning'],
    meaning: 'A folder is neither micro/ nor non_micro/; not converted.',
    datasets: ['smic'],
  },
  'smic.unknown-emotion-folder': {
    severities: ['warning'],
    meaning: 'An emotion folder is not negative, positive or surprise.',
    datasets: ['smic'],
  },
  'span.unavailable': {
    severities: ['error'],
    meaning: 'The requested --span cannot be cut from this sample.',
    datasets: [],
  },
  'split.subject-overlap': {
    severities: ['error'],
    meaning: 'A subject appears in several splits.',
    datasets: [],
  },
  'splits.fold-balance': {
    severities: ['warning'],
    meaning: 'The folds of a split are unbalanced.',
    datasets: [],
  },
  'splits.selected': {
    severities: ['info'],
    meaning: 'The published protocol list was selected from a manifest that is not a protocol composite.',
    datasets: [],
  },
  'splits.unlabelled': {
    severities: ['info'],
    meaning: 'Unlabelled samples are left out of the splits.',
    datasets: [],
  },
  'video.bad-file': {
    severities: ['error'],
    meaning: 'A video file cannot be read as a video.',
    datasets: [],
  },
  'video.missing': {
    severities: ['error'],
    meaning: "A sample's video does not exist.",
    datasets: [],
  },
  'video.not-file': {
    severities: ['error'],
    meaning: 'A video path is not a regular file.',
    datasets: [],
  },
  'video.pseudonymised': {
    severities: ['warning'],
    meaning: 'A video path holds a pseudonym and does not resolve as written.',
    datasets: [],
  },
  'video.unknown-container': {
    severities: ['warning'],
    meaning: "A video's container is not one the checks recognise.",
    datasets: [],
  },
} as const satisfies Record<string, CatalogueEntry>;

/** Codes renamed when one event got one code for every dataset (old → new); the dataset is now the issue's `dataset` field. */
export const RENAMED_CODES = {
  'casme2.layouts': 'layout.several',
  'casme2.several-sheets': 'sheet.several-sheets',
  'casme2.sheet-version': 'sheet.version',
  'casme2.unlisted-folder': 'sheet.unlisted-folder',
  'mmme.several-sheets': 'sheet.several-sheets',
  'mmme.sheet-version': 'sheet.version',
  'samm-lv.several-sheets': 'sheet.several-sheets',
  'samm-lv.sheet-version': 'sheet.version',
  'samm.several-sheets': 'sheet.several-sheets',
  'samm.sheet-version': 'sheet.version',
  'samm.unlisted-folder': 'sheet.unlisted-folder',
  'smic-e.several-sheets': 'sheet.several-sheets',
  'smic-e.sheet-version': 'sheet.version',
  'smic-e.unlisted-folder': 'sheet.unlisted-folder',
  'smic.duplicate-clip': 'sheet.duplicate-clip',
  'smic.layouts': 'layout.several',
} as const satisfies Record<string, IssueCode>;

interface CatalogueEntry {
  /** The severities the code is raised at; most codes have one. */
  readonly severities: readonly Severity[];
  /** One line: what happened and what the tool did about it. */
  readonly meaning: string;
  /** Ids of the adapters that raise it; empty when it is not tied to one dataset's adapter. */
  readonly datasets: readonly string[];
}

/** A code the tool may emit; anything else does not compile. */
export type IssueCode = keyof typeof ISSUE_CATALOGUE;

/** The codes the catalogue allows at severity `S` (so `issues.warn` refuses an error-only code). */
export type IssueCodeAt<S extends Severity> = {
  [C in IssueCode]: S extends (typeof ISSUE_CATALOGUE)[C]['severities'][number] ? C : never;
}[IssueCode];

export const ISSUE_CODES = Object.keys(ISSUE_CATALOGUE) as IssueCode[];

export function isIssueCode(code: string): code is IssueCode {
  return Object.hasOwn(ISSUE_CATALOGUE, code);
}
