import type { CassetteCodec } from './codec.js';
import { type JsonCodecOptions, jsonCodec } from './json-codec.js';
import { type YamlCodecOptions, yamlCodec } from './yaml-codec.js';

export interface CodecOptions {
  readonly yaml?: YamlCodecOptions;
  readonly json?: JsonCodecOptions;
}

/** The codec for a name (`yaml` or `json`), e.g. for a store that keeps cassettes as objects. */
export function codecFor(name: 'yaml' | 'json', options: CodecOptions = {}): CassetteCodec {
  return name === 'json' ? jsonCodec(options.json) : yamlCodec(options.yaml);
}
