/**
 * The papers each dataset's licence or owners ask users to cite (docs/datasets.md §10). SMIC's are
 * verified in its licence text (v.05.11.2018, section 4); the others are the datasets' own papers,
 * to be checked against each licence as signed.
 */
export interface DatasetCitations {
  /** Why these papers: the licence's words, or "the dataset's paper". */
  basis: string;
  papers: readonly string[];
  /** A limit the licence puts on publishing images, when it has one. */
  imageLimit?: string;
}

const SMIC_FG2013 =
  'Xiaobai Li, Tomas Pfister, Xiaohua Huang, Guoying Zhao, Matti Pietikäinen. "A Spontaneous Micro-expression Database: Inducement, Collection and Baseline." 10th IEEE International Conference on Automatic Face and Gesture Recognition (FG), 2013.';
const SMIC_IMAGES =
  'The SMIC licence allows sample images in publications only from subjects 01, 03, 04, 06 and 20 (docs/datasets.md §10).';
const SAMM =
  'A. K. Davison, C. Lansley, N. Costen, K. Tan, M. H. Yap. "SAMM: A Spontaneous Micro-Facial Movement Dataset." IEEE Transactions on Affective Computing 9(1):116–129, 2018.';
const OWN_PAPER = "the dataset's own paper (check the wording against the licence you signed)";

export const CITATIONS: Readonly<Record<string, DatasetCitations>> = {
  casme2: {
    basis: OWN_PAPER,
    papers: [
      'W.-J. Yan, X. Li, S.-J. Wang, G. Zhao, Y.-J. Liu, Y.-H. Chen, X. Fu. "CASME II: An Improved Spontaneous Micro-Expression Database and the Baseline Evaluation." PLoS ONE 9(1): e86041, 2014. doi:10.1371/journal.pone.0086041',
    ],
  },
  samm: { basis: OWN_PAPER, papers: [SAMM] },
  'samm-lv': {
    basis: OWN_PAPER,
    papers: [
      'C. H. Yap, C. Kendrick, M. H. Yap. "SAMM Long Videos: A Spontaneous Facial Micro- and Macro-Expressions Dataset." FG 2020.',
      SAMM,
    ],
  },
  smic: {
    basis: 'required by the SMIC licence (section 4) in every publication or presentation that uses the data',
    papers: [SMIC_FG2013],
    imageLimit: SMIC_IMAGES,
  },
  'smic-e': {
    basis: 'required by the SMIC licence (section 4) in every publication or presentation that uses the data',
    papers: [
      SMIC_FG2013,
      'X. Li, X. Hong, A. Moilanen, X. Huang, T. Pfister, G. Zhao, M. Pietikäinen. "Towards Reading Hidden Emotions: A Comparative Study of Spontaneous Micro-Expression Spotting and Recognition Methods." IEEE Transactions on Affective Computing 9(4):563–577, 2018.',
    ],
    imageLimit: SMIC_IMAGES,
  },
  mmme: {
    basis: `${OWN_PAPER}; authors and venue not verified`,
    papers: [
      '"MMME: A Spontaneous Multi-Modal Micro-Expression Dataset Enabling Visual-Physiological Fusion" (Ma Chuang et al., USTB, 2025; arXiv 2506.09834).',
    ],
  },
};

/** The MEGC 2019 composite's source, cited when an output uses its membership list. */
export const MEGC2019_CITATION =
  'J. See, M. H. Yap, J. Li, X. Hong, S.-J. Wang. "MEGC 2019 – The Second Facial Micro-Expressions Grand Challenge." FG 2019.';
