export type { StoreBackdoor, StoreHarness, SuiteOptions } from './harness.js';
export type { SampleCassette } from './samples.js';
export { sampleCassettes } from './samples.js';
export { INVALID_NAMES, small, storeConformanceSuite } from './suite.js';
