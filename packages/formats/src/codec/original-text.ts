import { type CassetteData, type CassetteFormat, contentDigest } from '@cassettekit/core';

type Original = NonNullable<CassetteFormat['original']>;

/**
 * The `format.original` of a freshly decoded cassette. Its digest (of the data the text holds) is only
 * needed when the cassette is written, so it is computed then — from the text, never from the live
 * data, which the caller may have changed in place since: a changed cassette must never be taken for
 * its unchanged original. Loading is the hot path; hashing every cassette read cost as much as parsing.
 */
export function originalText(codec: string, text: string, dataOf: (text: string) => CassetteData): Original {
  let digest: string | undefined;
  return {
    codec,
    text,
    get digest(): string {
      digest ??= contentDigest(dataOf(text));
      return digest;
    },
  };
}
