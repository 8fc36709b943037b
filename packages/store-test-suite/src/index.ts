export type { StoreBackdoor, StoreHarness, SuiteOptions } from './harness.js';
export { storeConformanceSuite, INVALID_NAMES, small } from './suite.js';
export type { SampleCassette } from './samples.js';
export { sampleCassettes } from './samples.js';
