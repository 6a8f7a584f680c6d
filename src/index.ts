// The public API of me-unify, and nothing else.
export type {
  Adapter,
  Confidence,
  Detection,
  ScanContext,
  ScanOptions,
  ScanResult,
  SourceSample,
} from './adapters/adapter.js';
export { type AdapterSpec, defineAdapter } from './adapters/define.js';
export { type DetectResult, detect } from './adapters/detect.js';
export { ADAPTERS } from './adapters/registry.js';
export { parseActionUnits } from './aus/parse.js';
export { type CombineOptions, type CombineResult, combine } from './combine/combine.js';
export { type ConvertProgress, type ConvertResult, convert } from './convert/convert.js';
export type { ConvertOptions } from './convert/options.js';
export { type ScanOutcome, type ScanRequest, scan } from './convert/scan.js';
export { type DemoResult, demo } from './demo/demo.js';
export { checkFlows } from './flow/check.js';
export { ENGINES, type Engine, type EngineParams } from './flow/engine.js';
export { farneback } from './flow/farneback.js';
export { FARNEBACK_DEFAULTS, FarnebackParams } from './flow/farneback-params.js';
export { flowPair } from './flow/pair.js';
export { loadRecipe, type Recipe } from './flow/recipe.js';
export { type FlowEntry, type FlowOptions, type FlowResult, flowDataset } from './flow/run.js';
export { opticalStrain, type StrainDefinition } from './flow/strain.js';
export { type Flow, tvl1 } from './flow/tvl1.js';
export { TVL1_DEFAULTS, Tvl1Params } from './flow/tvl1-params.js';
export { planTemporal, type TemporalPlan } from './frames/temporal.js';
export { timWeights } from './frames/tim.js';
export { ISSUE_CATALOGUE, type IssueCode, RENAMED_CODES } from './issues/catalogue.js';
export { ExitCode, MeUnifyError } from './issues/errors.js';
export { IssueLog } from './issues/issues.js';
export { type ApplyLabelsResult, applyLabelProfile } from './labels/apply.js';
export { builtinProfileNames, type LabelProfile, labeller, loadProfile } from './labels/profile.js';
export { locateManifest, readDatasetInfo, readManifest } from './manifest/read.js';
export { eventKey, leakGroups, subjectKey } from './protocols/groups.js';
export { loadMegc2019List, type Megc2019Selection, selectMegc2019 } from './protocols/megc2019.js';
export { computeMetrics, type Metrics } from './protocols/metrics.js';
export { type Score, type ScoreOptions, score } from './protocols/score.js';
export {
  buildSplits,
  type Fold,
  leakage,
  type SplitOptions,
  type SplitProtocol,
  type Splits,
} from './protocols/splits.js';
export {
  type SplitsFile,
  type SplitsResult,
  type WriteSplitsOptions,
  writeSplits,
} from './protocols/write-splits.js';
export { type HtmlReportResult, writeHtmlReport } from './report-html/html.js';
export * from './schema/index.js';
export { jsonSchemas, writeJsonSchemas } from './schema/json-schema.js';
export { type GroundTruth, groundTruth, type SpotInterval } from './spotting/ground-truth.js';
export { iou } from './spotting/iou.js';
export { LongVideoExtraSchema, longVideoOf } from './spotting/long-video.js';
export { type DatasetScore, type SpotScore, scoreSpots } from './spotting/score.js';
export {
  loadGroundTruth,
  type ScoreSpotsResult,
  type SpotsResult,
  scoreSpotPredictions,
  writeSpots,
} from './spotting/write.js';
export { computeStats, type Stats } from './stats/stats.js';
export { type ValidateOptions, type ValidationResult, validate } from './validate/validate.js';
