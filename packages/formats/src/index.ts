export type { CassetteCodec, SourceInfo } from './codec/codec.js';
export type { CodecOptions } from './codec/codec-for.js';
export { codecFor } from './codec/codec-for.js';
export { MAX_ALIAS_EXPANSION, MAX_DEPTH } from './codec/document.js';
export type { JsonCodecOptions } from './codec/json-codec.js';
export { DEFAULT_JSON_STYLE, decodeJson, jsonCodec } from './codec/json-codec.js';
export type { JsonStyle } from './codec/json-dumps.js';
export { dumpPythonJson, JSON_BYTES_KEY } from './codec/json-dumps.js';
export type { YamlCodecOptions } from './codec/yaml-codec.js';
export { decodeYaml, yamlCodec } from './codec/yaml-codec.js';
export { CASSETTE_SCHEMA } from './codec/yaml-schema.js';
export {
  candidateYamlStyles,
  codecStyleToYamlStyle,
  DEFAULT_YAML_STYLE,
  yamlStyleFromParams,
  yamlStyleToCodecStyle,
} from './codec/yaml-style.js';
export type { Conversion, Dialect, FromViews, PollyRequestShape } from './dialects/index.js';
export {
  convertCassette,
  DIALECTS,
  dialectByName,
  dialectOf,
  isDialectName,
  LIST_KEY,
  pollyRequestId,
  pollyRequestOfView,
} from './dialects/index.js';
export { dialectFromParams, inStoreDialect } from './dialects/new-cassettes.js';

export type { YamlStyle } from './pyyaml/index.js';
export { dumpPyYaml } from './pyyaml/index.js';
