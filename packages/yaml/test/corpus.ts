import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository's copy of the real-cassette corpus (fixtures/corpus, see its SOURCES.tsv). */
export const CORPUS_ROOT = fileURLToPath(new URL('../../../fixtures/corpus/vcrpy', import.meta.url));

/**
 * The time a test over the whole corpus may take: ~1 s on a quiet machine, 7-8 s on a busy 2-core
 * one, where vitest's 5 s default failed it. Generous on purpose: a pass/fail test never times work.
 */
export const CORPUS_TIMEOUT_MS = 180_000;

export interface CorpusFile {
  /** `owner__repo/file.yaml` */
  readonly rel: string;
  readonly path: string;
  readonly codec: 'yaml' | 'json';
  /** PyYAML's (or json's) digest of the file, or `INVALID` when Python refuses it too. */
  readonly golden: string;
}

export function corpusFiles(): CorpusFile[] {
  const golden = new Map(
    readFileSync(join(CORPUS_ROOT, '..', 'pyyaml-digests.tsv'), 'utf8')
      .trim()
      .split('\n')
      .map((line) => line.split('\t') as [string, string]),
  );
  const out: CorpusFile[] = [];
  for (const repo of readdirSync(CORPUS_ROOT).sort()) {
    for (const file of readdirSync(join(CORPUS_ROOT, repo)).sort()) {
      const rel = `${repo}/${file}`;
      out.push({
        rel,
        path: join(CORPUS_ROOT, rel),
        codec: file.endsWith('.json') ? 'json' : 'yaml',
        golden: golden.get(rel)!,
      });
    }
  }
  return out;
}
