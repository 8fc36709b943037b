export type { ErrorCode, CassetteErrorOptions } from './errors/errors.js';
export { CassetteError, ConflictError, createError, isCassetteError } from './errors/errors.js';
export type { Value, ValueMap } from './model/value.js';
export { PyFloat, pyFloat, isValueMap, isBytes, cloneValue, setKey } from './model/value.js';
export type { Cassette, CassetteData, CassetteFormat, CodecStyle, InteractionData } from './model/cassette.js';
export { interactionsOf, field } from './model/cassette.js';
export type { Body, HeaderList } from './model/interaction.js';
export {
  requestMethod,
  requestUri,
  requestBody,
  requestHeaders,
  responseStatus,
  responseBody,
  responseHeaders,
  headerValue,
} from './model/interaction.js';
export { assertValidName, isValidName, nameHasPrefix, MAX_NAME_BYTES, MAX_SEGMENT_BYTES } from './model/name.js';
export { contentDigest, valueDigest } from './model/digest.js';
export type { FingerprintInput } from './model/fingerprint.js';
export { requestFingerprint, normalizeUri } from './model/fingerprint.js';
export type {
  CassetteEntry,
  CassetteStore,
  ListOptions,
  StoreCapabilities,
  StoredCassette,
  WriteOptions,
} from './store/contract.js';
export type { OpenOptions, StoreDriver, StoreRegistry, StoreUrl } from './store/url.js';
export { createStoreRegistry, parseStoreUrl } from './store/url.js';
export { checkVersion } from './store/versions.js';
export type { MemorySpace, MemoryStoreOptions } from './store/memory.js';
export { createMemorySpace, createMemoryStore, memoryDriver } from './store/memory.js';
export type { TaggedJson } from './model/tagged-json.js';
export { toTaggedJson, fromTaggedJson } from './model/tagged-json.js';
