import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CORPUS = fileURLToPath(new URL('../../../../fixtures/corpus/go-vcr/', import.meta.url));

/** The repository's go-vcr YAML cassettes (fixtures/corpus/go-vcr, see SOURCES.tsv), sorted. */
export function goVcrFiles(): string[] {
  return readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(CORPUS, f));
}
