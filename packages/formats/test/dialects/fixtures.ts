import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DialectName } from '@cassettekit/core';

/** The repository's real cassettes of every tool (fixtures/corpus, see its SOURCES.tsv). */
export const FIXTURES = fileURLToPath(new URL('../../../../fixtures/corpus', import.meta.url));

/** The corpus folder of each tool, by the dialect it writes. */
export const TOOL_FOLDERS: Record<Exclude<DialectName, 'vcrpy'>, string> = {
  'ruby-vcr': 'ruby-vcr',
  har: 'pollyjs-har',
  'go-vcr': 'go-vcr',
  nock: 'nock-back',
  betamax: 'betamax',
};

export interface Fixture {
  /** `owner__repo/file` under the tool's folder. */
  readonly rel: string;
  readonly dialect: DialectName;
  readonly codec: 'yaml' | 'json';
  readonly text: string;
}

export function fixturesOf(dialect: Exclude<DialectName, 'vcrpy'>): Fixture[] {
  const root = join(FIXTURES, TOOL_FOLDERS[dialect]);
  return readdirSync(root)
    .sort()
    .flatMap((repo) =>
      readdirSync(join(root, repo))
        .sort()
        .map((file) => ({
          rel: `${repo}/${file}`,
          dialect,
          codec: /\.ya?ml$/.test(file) ? ('yaml' as const) : ('json' as const),
          text: readFileSync(join(root, repo, file), 'utf8'),
        })),
    );
}

export function allFixtures(): Fixture[] {
  return (Object.keys(TOOL_FOLDERS) as Exclude<DialectName, 'vcrpy'>[]).flatMap(fixturesOf);
}

/** A few vcrpy cassettes of different shapes: YAML and JSON, text and `!!binary` bodies. */
export const VCRPY_SAMPLES = [
  'crewAIInc__crewAI/lib__crewai__tests__cassettes__agents__test_disabling_cache_for_agent.yaml',
  'tweepy__tweepy/cassettes__testgetfriendship.json',
  'kevin1024__vcrpy/tests__integration__cassettes__gzip_requests.yaml',
  'crewAIInc__crewAI/lib__crewai__tests__cassettes__knowledge__test_docling_source.yaml',
  'kevin1024__vcrpy/tests__fixtures__wild__domain_redirect.yaml',
].map((rel) => ({
  rel,
  codec: rel.endsWith('.json') ? ('json' as const) : ('yaml' as const),
  text: readFileSync(join(FIXTURES, 'vcrpy', rel), 'utf8'),
}));
