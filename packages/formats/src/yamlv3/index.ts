/**
 * go-vcr's YAML, byte for byte: `dumpYamlV3` is gopkg.in/yaml.v3's `yaml.Marshal` for a value tree
 * (keys in the order given); go-vcr v3/v4 write `---\n` and then that (`dumpGoVcr`).
 */
import type { Value } from '@cassettekit/core';
import { V3Emitter } from './emitter.js';
import { dumpYamlV2 } from './v2.js';

export { dumpYamlV2 };

export function dumpYamlV3(value: Value): string {
  return new V3Emitter(4).document(value);
}

/** What go-vcr v3/v4 `Cassette.Save` writes: the YAML header line, then `yaml.Marshal(cassette)`. */
export function dumpGoVcr(value: Value): string {
  return `---\n${dumpYamlV3(value)}`;
}

/** What go-vcr v1/v2 `Cassette.Save` wrote (format version 1): `---`, then yaml.v2's Marshal. */
export function dumpGoVcrV1(value: Value): string {
  return `---\n${dumpYamlV2(value)}`;
}
