import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectGlobs } from '../src/util/glob.js';
import { REPO, runCli } from './run-cli.js';

const EXAMPLES = join(REPO, 'examples', 'cassettes');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-options-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('--only and --exclude', () => {
  it('take one glob each time or a comma list, and never swallow the positionals after them', async () => {
    const before = await runCli(['migrate', '--only', 'agents/**', `yaml:${EXAMPLES}`, `yaml:${dir}/a`]);
    expect(before.code, before.stderr).toBe(0);
    expect(before.stdout).toContain('3 copied');
    const repeated = await runCli([
      'migrate',
      '--only',
      'agents/**',
      '--only',
      'twitter/**',
      '--exclude',
      '**/*cache*,**/*png',
      `yaml:${EXAMPLES}`,
      `yaml:${dir}/b`,
    ]);
    expect(repeated.code, repeated.stderr).toBe(0);
    expect(repeated.stdout).toContain('3 copied');
    expect((await readdir(join(dir, 'b', 'twitter'))).sort()).toEqual(['test_client_get_me.yaml']);
  });

  it('keep the commas of {a,b} inside one glob', () => {
    expect(collectGlobs('{agents,tools}/**,gzip_requests', ['x'])).toEqual([
      'x',
      '{agents,tools}/**',
      'gzip_requests',
    ]);
  });

  it('a glob that matches nothing says so and exits 1, for every command that takes one', async () => {
    const migrate = await runCli(['migrate', `yaml:${EXAMPLES}`, `yaml:${dir}/c`, '--only', 'agent/**']);
    expect(migrate.code).toBe(1);
    expect(migrate.stderr).toContain(`--only 'agent/**' matched no cassette in yaml:${EXAMPLES}`);
    const partly = await runCli(['scan', `yaml:${EXAMPLES}`, '--only', 'agents/**,nothing/**']);
    expect(partly.code).toBe(1);
    expect(partly.stderr).toContain("--only 'nothing/**' matched no cassette");
    const redact = await runCli(['redact', `yaml:${EXAMPLES}`, '--only', 'agent/**', '--dry-run']);
    expect(redact.code).toBe(1);
    expect(redact.stderr).toContain("--only 'agent/**' matched no cassette");
    const push = await runCli(['push', `yaml:${EXAMPLES}`, `yaml:${dir}/remote`, '--only', 'agent/**'], {
      cwd: dir,
    });
    expect(push.code).toBe(1);
    expect(push.stderr).toContain("--only 'agent/**' matched no cassette");
    const convert = await runCli([
      'convert',
      '--only',
      'agent/**',
      `yaml:${EXAMPLES}`,
      `json:${dir}/n`,
      '--to',
      'nock',
    ]);
    expect(convert.code).toBe(1);
    expect(convert.stderr).toContain("--only 'agent/**' matched no cassette");
  });

  it('--placeholder-for and init --remote repeat instead of swallowing what follows', async () => {
    const redact = await runCli([
      'redact',
      '--placeholder-for',
      'header:authorization=XXX',
      '--placeholder-for',
      'param:key=XXX',
      `yaml:${EXAMPLES}`,
      '--dry-run',
    ]);
    expect(redact.code, redact.stderr).toBe(0);
    const init = await runCli(
      ['init', '--remote', 'ci=yaml:remote-ci', '--remote', 'team=yaml:remote-team', '--store', 'yaml:c'],
      { cwd: dir },
    );
    expect(init.code, init.stderr).toBe(0);
    const ls = await runCli(['pull', 'team', '--json'], { cwd: dir });
    expect(ls.code, ls.stderr).toBe(2); // the remote folder does not exist: a usage error naming it
    expect(ls.stderr).toContain('remote-team');
  });
});

describe('help', () => {
  it('pull --help lists no push-only options; push --help does', async () => {
    const pull = await runCli(['pull', '--help']);
    expect(pull.stdout).not.toContain('--allow-secrets');
    expect(pull.stdout).not.toContain('--allow <file>');
    const push = await runCli(['push', '--help']);
    expect(push.stdout).toContain('--allow-secrets');
  });

  it('--version is the version in package.json', async () => {
    const { version } = JSON.parse(await readFile(join(REPO, 'apps', 'cli', 'package.json'), 'utf8'));
    expect((await runCli(['--version'])).stdout.trim()).toBe(version);
  });
});
