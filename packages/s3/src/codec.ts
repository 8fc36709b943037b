import { type CassetteCodec, codecFor as formatsCodecFor } from '@cassettekit/formats';

/**
 * The one place this package meets the file codec: objects are cassette files exactly as
 * `@cassettekit/yaml` writes them (`aws s3 sync` of a prefix gives vcrpy a usable folder). Decoding keeps
 * the original text, so an unchanged cassette is written back byte for byte.
 */
export type { CassetteCodec };

export type CodecName = 'yaml' | 'json';

export function codecFor(name: CodecName): CassetteCodec {
  return formatsCodecFor(name);
}
