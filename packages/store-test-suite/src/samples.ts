import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Cassette, Value } from '@cassettekit/core';

/** A real cassette from the corpus, as PyYAML (or Python's json) read it. */
export interface SampleCassette {
  /** The name the suite stores it under (with `/`, brackets and dots, as real test names have). */
  readonly name: string;
  /** The corpus file it came from (see the repository's fixtures/corpus/SOURCES.tsv). */
  readonly source: string;
  readonly cassette: Cassette;
}

interface RawSample {
  name: string;
  source: string;
  data: Value;
}

let cache: SampleCassette[] | undefined;

/**
 * Sample cassettes from crewAI, vcrpy and tweepy (MIT): `!!binary` bodies and header values, legacy
 * `!!python/tuple` headers, the httpx-era response shape, gzip bodies, unicode, a JSON cassette.
 * Decoded by PyYAML when the fixture was generated, not by this project's codec.
 */
export function sampleCassettes(): readonly SampleCassette[] {
  if (cache === undefined) {
    const file = fileURLToPath(new URL('../fixtures/samples.json', import.meta.url));
    const raw = JSON.parse(readFileSync(file, 'utf8'), (_key, value: unknown) =>
      isTaggedBytes(value) ? new Uint8Array(Buffer.from(value.$bytes, 'base64')) : value,
    ) as RawSample[];
    cache = raw.map((s) => ({
      name: s.name,
      source: s.source,
      cassette: { data: s.data as Cassette['data'] },
    }));
  }
  return cache;
}

function isTaggedBytes(value: unknown): value is { $bytes: string } {
  return (
    typeof value === 'object' && value !== null && typeof (value as { $bytes?: unknown }).$bytes === 'string'
  );
}
