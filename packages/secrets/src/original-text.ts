import { type Cassette, type CassetteData, type CassetteFormat, contentDigest } from '@cassettekit/core';
import { type CassetteCodec, codecFor } from '@cassettekit/formats';
import type { AllowList } from './allow.js';
import { type Finding, findingsOf } from './findings.js';
import { applyHits, type Hit, type TextContext } from './hits.js';
import { fingerprintOf } from './mask.js';
import { outsideData, type StoredOriginal, scanText, storedTextOf } from './stored-text.js';

/** What a scan of the original text found. */
export interface OriginalTextScan {
  readonly original: StoredOriginal;
  /** Every credential the text shows, in the data or not. */
  readonly hits: readonly Hit[];
  /** Those the data does not hold and the allow-list does not silence: they are findings. */
  readonly kept: readonly Hit[];
  readonly findings: readonly Finding[];
}

/**
 * The original text a store will write for the cassette (undefined when it has none, or when the data
 * changed since, so that text is not what gets stored), scanned for what the data does not hold.
 * Findings are numbered interaction 0, located `stored text (line N, ...)`.
 */
export function scanOriginalText(
  cassette: Cassette,
  ctx: TextContext,
  options: { readonly name?: string; readonly allow?: AllowList },
  findingsOnly = false,
): OriginalTextScan | undefined {
  const original = cassette.format?.original;
  if (original === undefined) return undefined;
  // Telling whether the text is still what the store writes costs a parse of it and two digests,
  // more than the scan: it is asked only when the text holds something that matters (for a scan,
  // a credential the data does not hold; for a redaction, any credential).
  const hits = scanText(original.text, ctx);
  if (hits.length === 0) return undefined;
  const outside = outsideData(original.text, hits, cassette.data);
  if (findingsOnly && outside.length === 0) return undefined;
  if (storedTextOf(cassette.data, original) === undefined) return undefined;
  const place = { cassette: options.name ?? '', interaction: 0, base: 'stored text' };
  const { kept, findings } = findingsOf(outside, place, options.allow);
  return { original, hits, kept, findings };
}

/**
 * The cassette's format with its original text redacted, so the file is rewritten in its own style
 * and a diff shows only the replaced values. Every edit is checked by reading the text back: first
 * all the text's credentials that are reported (the data's too), which must give the redacted data;
 * else only those outside the data, which must give the data as it was (the codec then rewrites the
 * changed interactions around them); else the original text is dropped and the codec writes the
 * cassette from its style, comments and dropped keys gone with it.
 */
export function redactOriginalText(
  format: CassetteFormat,
  scan: OriginalTextScan,
  inData: readonly Finding[],
  data: CassetteData,
  placeholderFor: (hit: Hit) => string,
): CassetteFormat {
  const { original } = scan;
  const { original: _dropped, ...withoutOriginal } = format;
  const codec = codecNamed(original.codec);
  if (codec === undefined) return withoutOriginal;
  const reported = new Set([...inData, ...scan.findings].map((f) => f.fingerprint));
  const everywhere = scan.hits.filter((hit) => reported.has(fingerprintOf(hit.secret)));
  const digest = contentDigest(data);
  const all = applyHits(original.text, everywhere, placeholderFor);
  if (digestOf(codec, all) === digest) {
    return { ...format, original: { codec: original.codec, text: all, digest } };
  }
  const outside = applyHits(original.text, scan.kept, placeholderFor);
  if (digestOf(codec, outside) === original.digest) {
    return { ...format, original: { ...original, text: outside } };
  }
  return withoutOriginal;
}

function codecNamed(name: string): CassetteCodec | undefined {
  return name === 'yaml' || name === 'json' ? codecFor(name) : undefined;
}

function digestOf(codec: CassetteCodec, text: string): string | undefined {
  try {
    return contentDigest(codec.decode(text).data);
  } catch {
    return undefined;
  }
}
