export { type Conversion, convertCassette } from './convert.js';
export type { Dialect, FromViews } from './dialect.js';
export { isDialectName } from './dialect.js';
export { LIST_KEY } from './nock.js';
export { type PollyRequestShape, pollyRequestId, pollyRequestOfView } from './polly-id.js';
export { DIALECTS, dialectByName, dialectOf } from './registry.js';
