export type { CassetteErrorOptions, ErrorCode } from './errors/errors.js';
export { CassetteError, ConflictError, createError, isCassetteError } from './errors/errors.js';
export type {
  Cassette,
  CassetteData,
  CassetteFormat,
  CodecStyle,
  InteractionData,
} from './model/cassette.js';
export { field } from './model/cassette.js';
export { contentDigest, valueDigest } from './model/digest.js';
export type { FingerprintInput } from './model/fingerprint.js';
export { normalizeUri, requestFingerprint } from './model/fingerprint.js';
export {
  asBody,
  asHeaders,
  headerValue,
  recordedAt,
  requestBody,
  requestHeaders,
  requestMethod,
  requestUri,
  responseBody,
  responseHeaders,
  responseStatus,
  vcrpyReader,
} from './model/interaction.js';
export {
  assertValidName,
  isValidName,
  MAX_NAME_BYTES,
  MAX_SEGMENT_BYTES,
  nameHasPrefix,
  nameProblem,
} from './model/name.js';
export type { TaggedJson } from './model/tagged-json.js';
export { fromTaggedJson, toTaggedJson } from './model/tagged-json.js';
export type { Value, ValueMap } from './model/value.js';
export { cloneValue, isBytes, isValueMap, PyFloat, pyFloat, setKey } from './model/value.js';
export type { Body, DialectName, DialectReader, HeaderList, InteractionView } from './model/view.js';
export {
  DIALECT_NAMES,
  detectDialect,
  dialectReaderFor,
  interactionsOf,
  interactionView,
  interactionViews,
  registerDialectReader,
} from './model/view.js';
export type {
  CassetteEntry,
  CassetteStore,
  ListOptions,
  SkippedEntry,
  StoreCapabilities,
  StoredCassette,
  WriteOptions,
} from './store/contract.js';
export type { NoExtras, StoreGuard, StoreSpec } from './store/define-store.js';
export { defineStore } from './store/define-store.js';
export type { MemorySpace, MemoryStoreOptions } from './store/memory.js';
export { createMemorySpace, createMemoryStore, memoryDriver } from './store/memory.js';
export type { LazyStoreDriver, OpenOptions, StoreDriver, StoreRegistry, StoreUrl } from './store/url.js';
export { assertKnownParams, createStoreRegistry, parseStoreUrl } from './store/url.js';
export type { ConflictDetails } from './store/versions.js';
export { checkVersion, conflictError } from './store/versions.js';
