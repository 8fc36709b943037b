/**
 * Ruby VCR's YAML, byte for byte: `dumpPsych` writes what `YAML.dump` (Psych 4, libyaml 0.2.5)
 * writes for a cassette value; strings are Ruby UTF-8 Strings, `Uint8Array`s are ASCII-8BIT
 * Strings (`!binary` unless ASCII only), numbers, booleans and null as Psych writes them.
 */
import type { Value } from '@cassettekit/core';
import { PsychEmitter } from './emitter.js';

export { PsychDumpError } from './represent.js';

export function dumpPsych(value: Value): string {
  return new PsychEmitter().document(value);
}
