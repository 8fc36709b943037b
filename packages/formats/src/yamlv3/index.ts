/**
 * go-vcr's YAML, byte for byte: `dumpYamlV3` is gopkg.in/yaml.v3's `yaml.Marshal` for a value tree
 * (keys in the order given); go-vcr v3/v4 write `---\n` and then that (`dumpGoVcr`).
 */
import type { Value } from '@cassettekit/core';
import { V3Emitter } from './emitter.js';

export function dumpYamlV3(value: Value): string {
  return new V3Emitter(4).document(value);
}

/** What go-vcr v3/v4 `Cassette.Save` writes: the YAML header line, then `yaml.Marshal(cassette)`. */
export function dumpGoVcr(value: Value): string {
  return `---\n${dumpYamlV3(value)}`;
}
