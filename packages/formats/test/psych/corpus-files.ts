import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CORPUS = fileURLToPath(new URL('../../../../fixtures/corpus/ruby-vcr/', import.meta.url));

/** The repository's ruby-vcr YAML cassettes (fixtures/corpus/ruby-vcr, see SOURCES.tsv), sorted. */
export function rubyVcrYamlFiles(): string[] {
  return readdirSync(CORPUS, { recursive: true, encoding: 'utf8' })
    .filter((f) => /\.ya?ml$/.test(f))
    .sort()
    .map((f) => join(CORPUS, f));
}
