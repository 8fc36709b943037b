import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The repository's copy of the real-cassette corpus: `fixtures/corpus/vcrpy/<owner>__<repo>/<file>`
 * (see fixtures/corpus/SOURCES.tsv for where each came from and its license), with PyYAML's digest of
 * every file in fixtures/corpus/pyyaml-digests.tsv. The one loader every package's corpus tests use.
 */
export const CORPUS_ROOT = fileURLToPath(new URL('../../../../fixtures/corpus/vcrpy', import.meta.url));

/**
 * The time a test over the whole corpus may take: ~1 s on a quiet machine, 7-8 s on a busy 2-core
 * one, where vitest's 5 s default failed it. Generous on purpose: a pass/fail test never times work.
 */
export const CORPUS_TIMEOUT_MS = 180_000;

export interface CorpusFile {
  /** `owner__repo/file.yaml`, relative to CORPUS_ROOT. */
  readonly rel: string;
  /** The absolute path. */
  readonly path: string;
  /** `rel` without its extension: a valid cassette name (`owner__repo/file`). */
  readonly name: string;
  readonly codec: 'yaml' | 'json';
  /** PyYAML's (or Python json's) content digest of the file, or `INVALID` when Python refuses it too. */
  readonly golden: string;
}

let cache: readonly CorpusFile[] | undefined;

/** Every corpus file, sorted by `rel`; each has a golden (a file without one is an error here). */
export function corpusFiles(): readonly CorpusFile[] {
  if (cache !== undefined) return cache;
  const golden = new Map(
    readFileSync(join(CORPUS_ROOT, '..', 'pyyaml-digests.tsv'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('\t') as [string, string]),
  );
  cache = readdirSync(CORPUS_ROOT, { recursive: true, encoding: 'utf8' })
    .filter((rel) => /\.(ya?ml|json)$/.test(rel))
    .sort()
    .map((rel) => {
      const digest = golden.get(rel);
      if (digest === undefined)
        throw new Error(`fixtures/corpus/pyyaml-digests.tsv has no digest for ${rel}`);
      return {
        rel,
        path: join(CORPUS_ROOT, rel),
        name: rel.replace(/\.(ya?ml|json)$/, ''),
        codec: rel.endsWith('.json') ? 'json' : 'yaml',
        golden: digest,
      } as const;
    });
  return cache;
}
