import { readFileSync } from 'node:fs';
import { corpusFiles as sharedCorpus } from '@cassettekit/store-test-suite';

/** The kit's corpus (fixtures/corpus/vcrpy), with each file's bytes, in the shape these tests read. */
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

export function corpusFiles(): CorpusFile[] {
  return sharedCorpus().map((f) => ({
    path: f.rel,
    format: f.codec,
    bytes: readFileSync(f.path),
    digest: f.golden,
    name: f.name,
  }));
}
