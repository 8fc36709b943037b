import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPerTest } from './project.js';
import { runCli } from './run-cli.js';

const dir = projectPerTest('yaml:remote?style=libyaml');
const NAME = 'agents/test_agent_step_callback';
const run = (...args: string[]) => runCli(args, { cwd: dir() });

describe('the project store stands in for a missing store argument', () => {
  it('show <name> reads the project store; show x.yaml hints that names have no extension', async () => {
    const show = await run('show', NAME);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toMatch(/^agents\/test_agent_step_callback: \d+ interactions/);
    const ext = await run('show', `${NAME}.yaml`);
    expect(ext.code).toBe(1);
    expect(ext.stderr).toContain(`Names have no extension: "cassette show yaml:`);
    expect(ext.stderr).toContain(` ${NAME}"`);
    const other = await run('show', 'no/such');
    expect(other.stderr).toContain('Run "cassette ls');
  });

  it('diff <remote> and verify <remote> compare the project store with it', async () => {
    expect((await run('migrate', 'yaml:cassettes', 'ci')).code).toBe(0);
    const verify = await run('verify', 'ci');
    expect(verify.code, verify.stderr).toBe(0);
    const diff = await run('diff', 'ci', NAME);
    expect(diff.code, diff.stderr).toBe(0);
    expect(diff.stdout).toContain('no differences');
    const none = await run('diff');
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('diff needs a store to compare with');
  });
});

describe('init', () => {
  it('adds .cassette/ and *.remote.* to .gitignore with --yes, keeping what is there, once', async () => {
    await writeFile(join(dir(), '.gitignore'), 'node_modules/');
    const init = await run('init', '--store', 'yaml:cassettes', '--force', '--yes');
    expect(init.code, init.stderr).toBe(0);
    expect(await readFile(join(dir(), '.gitignore'), 'utf8')).toBe(
      'node_modules/\n# cassette: sync state and conflict copies\n.cassette/\n*.remote.*\n',
    );
    await run('init', '--store', 'yaml:cassettes', '--force', '--yes');
    expect((await readFile(join(dir(), '.gitignore'), 'utf8')).match(/\.cassette\//g)).toHaveLength(1);
  });

  it('without --yes and off a terminal, only says what to add', async () => {
    const init = await run('init', '--store', 'yaml:cassettes', '--force');
    expect(init.code).toBe(0);
    expect(init.stdout).toContain('add to .gitignore (or run "cassette init --yes"): .cassette/ *.remote.*');
    await expect(readFile(join(dir(), '.gitignore'))).rejects.toThrow();
  });
});

describe('push and pull speak of the remote by name', () => {
  it('prints "ci", not the URL with its query', async () => {
    const push = await run('push');
    expect(push.code, push.stderr).toBe(0);
    expect(push.stdout).toMatch(/^push yaml:cassettes -> ci: 9 pushed$/m);
    expect(push.stdout).not.toContain('style=');
    const direct = await run('pull', 'yaml:remote?style=libyaml');
    expect(direct.stdout).toMatch(/^pull yaml:cassettes <- yaml:remote: /m);
  });

  it('the first pull into a clone whose cassettes differ explains, and suggests --prefer remote', async () => {
    expect((await run('push')).code).toBe(0);
    const path = join(dir(), 'cassettes', `${NAME}.yaml`);
    await writeFile(
      join(dir(), 'remote', `${NAME}.yaml`),
      (await readFile(path, 'utf8')).replace('code: 200', 'code: 500'),
    );
    await rm(join(dir(), '.cassette'), { recursive: true }); // a fresh clone: no sync state
    const pull = await run('pull');
    expect(pull.code).toBe(1);
    expect(pull.stdout).toMatch(/^conflict +agents\/test_agent_step_callback .*first sync.*--prefer remote/m);
    expect(pull.stderr).toContain('this working store was never synced with it');
    expect(pull.stderr).toContain('cassette pull ci --prefer remote');
    await rm(join(dir(), 'cassettes', `${NAME}.remote.yaml`));
    const fixed = await run('pull', 'ci', '--prefer', 'remote');
    expect(fixed.code, fixed.stderr).toBe(0);
  });
});

describe('errors speak the command line', () => {
  it('a missing SQLite source says what to do at the command line, not "create: true"', async () => {
    const result = await run('ls', 'sqlite:missing.db');
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no cassette database at');
    expect(result.stderr).not.toContain('create: true');
    expect(result.stderr).toContain('like the <to> of "cassette migrate"');
  });
});
