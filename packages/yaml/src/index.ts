export type { CassetteCodec, SourceInfo } from './codec/codec.js';
export type { CodecOptions } from './codec/codec-for.js';
export { codecFor } from './codec/codec-for.js';
export type { YamlCodecOptions } from './codec/yaml-codec.js';
export { yamlCodec, decodeYaml } from './codec/yaml-codec.js';
export type { JsonCodecOptions } from './codec/json-codec.js';
export { jsonCodec, decodeJson, DEFAULT_JSON_STYLE } from './codec/json-codec.js';
export type { JsonStyle } from './codec/json-dumps.js';
export { dumpPythonJson, JSON_BYTES_KEY } from './codec/json-dumps.js';
export {
  DEFAULT_YAML_STYLE,
  yamlStyleFromParams,
  yamlStyleToCodecStyle,
  codecStyleToYamlStyle,
  candidateYamlStyles,
} from './codec/yaml-style.js';
export { CASSETTE_SCHEMA } from './codec/yaml-schema.js';
export { MAX_DEPTH, MAX_EXPANDED_WEIGHT } from './codec/document.js';
export { styleFor } from './codec/encode-with.js';
export type { YamlStyle } from './pyyaml/index.js';
export { dumpPyYaml } from './pyyaml/index.js';
export type { FileStoreOptions } from './store/file-store.js';
export { createFileStore, versionOf } from './store/file-store.js';
export { writeFileAtomic } from './store/atomic-write.js';
export { yamlDriver, jsonDriver } from './drivers.js';
