import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** The repository's vcrpy corpus (fixtures/corpus/vcrpy): real cassettes written by other projects. */
export interface CorpusFile {
  /** Path under fixtures/corpus/vcrpy. */
  readonly path: string;
  readonly format: 'yaml' | 'json';
  readonly bytes: Buffer;
  /** PyYAML's (or Python json's) content digest, from fixtures/corpus/pyyaml-digests.tsv. */
  readonly digest: string;
  /** A cassette name for it (`crewAIInc__crewAI/lib__...`). */
  readonly name: string;
}

const root = fileURLToPath(new URL('../../../fixtures/corpus/', import.meta.url));

export function corpusFiles(): CorpusFile[] {
  const digests = new Map<string, string>();
  for (const line of readFileSync(`${root}pyyaml-digests.tsv`, 'utf8').split('\n')) {
    const [path, digest] = line.split('\t');
    if (path && digest) digests.set(path, digest);
  }
  const files = readdirSync(`${root}vcrpy`, { recursive: true, encoding: 'utf8' })
    .filter((p) => /\.(ya?ml|json)$/.test(p))
    .sort();
  return files.map((path) => {
    const digest = digests.get(path);
    if (digest === undefined) throw new Error(`fixtures/corpus/pyyaml-digests.tsv has no digest for ${path}`);
    const format = path.endsWith('.json') ? 'json' : 'yaml';
    return {
      path,
      format,
      bytes: readFileSync(`${root}vcrpy/${path}`),
      digest,
      name: path.replace(/\.(ya?ml|json)$/, ''),
    } as const;
  });
}
