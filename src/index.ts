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
export { type DetectResult, detect } from './adapters/detect.js';
export { ADAPTERS } from './adapters/registry.js';
export { parseActionUnits } from './aus/parse.js';
export { type ConvertProgress, type ConvertResult, convert } from './convert/convert.js';
export type { ConvertOptions } from './convert/options.js';
export { type ScanOutcome, type ScanRequest, scan } from './convert/scan.js';
export { demo } from './demo/demo.js';
export { type LabelProfile, labeller, loadProfile } from './labels/profile.js';
export { locateManifest, readDatasetInfo, readManifest } from './manifest/read.js';
export { ExitCode, MeUnifyError } from './report/errors.js';
export * from './schema/index.js';
export { jsonSchemas, writeJsonSchemas } from './schema/json-schema.js';
export { type ValidationResult, validate } from './validate/validate.js';
