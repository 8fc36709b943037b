import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import { REPO } from './run-cli.js';

export const EXAMPLES = join(REPO, 'examples', 'cassettes');

/**
 * A fresh project folder for each test: the example cassettes in `cassettes/`, and a configuration
 * naming `yaml:cassettes` as its store and `ci` as a remote (`remoteUrl`, default a folder beside it).
 * Returns a getter for the folder.
 */
export function projectPerTest(remoteUrl = 'yaml:remote'): () => string {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'cassette-project-'));
    await cp(EXAMPLES, join(dir, 'cassettes'), { recursive: true });
    await writeFile(
      join(dir, 'cassette.config.json'),
      JSON.stringify({ store: 'yaml:cassettes', remotes: { ci: remoteUrl } }),
    );
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  return () => dir;
}
