export {
  expectConflict,
  INVALID_NAMES,
  listNames,
  oddCassette,
  outcomes,
  rejection,
  responseText,
  small,
} from './cassettes.js';
export { basicsGroup } from './groups/basics.js';
export { closeGroup } from './groups/close.js';
export { concurrencyGroup } from './groups/concurrency.js';
export { corpusGroup } from './groups/corpus.js';
export { namesGroup } from './groups/names.js';
export { readOnlyGroup } from './groups/read-only.js';
export { versionsGroup } from './groups/versions.js';
export type {
  GroupName,
  HarnessFactory,
  ReopenOptions,
  StoreBackdoor,
  StoreHarness,
  SuiteOptions,
} from './harness.js';
export { GROUPS } from './harness.js';
export type { SampleCassette } from './samples.js';
export { sampleCassettes } from './samples.js';
export { storeConformanceSuite } from './suite.js';
export type { CorpusFile } from './support/corpus.js';
export { CORPUS_ROOT, CORPUS_TIMEOUT_MS, corpusFiles } from './support/corpus.js';
