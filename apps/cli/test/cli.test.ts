import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, REPO, runCli } from './run-cli.js';

const EXAMPLES = join(REPO, 'examples', 'cassettes');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function files(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const path = join(entry.parentPath, entry.name);
      out.set(path.slice(root.length + 1), await readFile(path, 'utf8'));
    }
  }
  return out;
}

describe('cassette migrate', () => {
  it('copies every cassette yaml -> json -> yaml, byte for byte, one line per cassette and a summary', async () => {
    const first = await runCli(['migrate', `yaml:${EXAMPLES}`, `json:${dir}/json`]);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^copied +agents\/test_agent_step_callback$/m);
    expect(first.stdout).toMatch(/9 cassettes from .*: 9 copied, 0 unchanged, 0 failed/);
    const back = await runCli(['migrate', `json:${dir}/json`, `yaml:${dir}/yaml`]);
    expect(back.code, back.stderr).toBe(0);
    const original = await files(EXAMPLES);
    const copy = await files(join(dir, 'yaml'));
    for (const [path, text] of original)
      if (path.endsWith('.yaml')) expect(copy.get(path) === text, path).toBe(true);
    const verify = await runCli(['verify', `yaml:${EXAMPLES}`, `json:${dir}/json`]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('9 cassettes, identical');
  });

  it('draws a progress bar on a terminal (run under script(1), which gives it a pseudo-terminal)', () => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} migrate yaml:${EXAMPLES} yaml:${dir}/tty`;
    const result = spawnSync('script', ['-qec', command, '/dev/null'], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain('█'.repeat(30));
    expect(result.stdout).toContain(' 9/9 ');
    expect(result.stdout).not.toMatch(/^copied /m);
    expect(result.stdout).toContain('9 copied, 0 unchanged, 0 failed');
  });

  it('skips what the destination already holds, so a second run copies nothing', async () => {
    await runCli(['migrate', `yaml:${EXAMPLES}`, `yaml:${dir}/out`]);
    const again = await runCli(['migrate', `yaml:${EXAMPLES}`, `yaml:${dir}/out`, '--json']);
    expect(again.code).toBe(0);
    const summary = JSON.parse(again.stdout);
    expect(summary).toMatchObject({ total: 9, copied: 0, unchanged: 9, failed: 0 });
  });

  it('goes on past a broken cassette, names it, and exits 1', async () => {
    await cp(EXAMPLES, join(dir, 'src'), { recursive: true });
    await writeFile(join(dir, 'src', 'agents', 'broken.yaml'), 'interactions:\n- request: {method: GET\n');
    await writeFile(
      join(dir, 'src', 'evil.yaml'),
      'interactions: !!python/object/apply:os.system ["echo hi"]\n',
    );
    const result = await runCli(['migrate', `yaml:${dir}/src`, `yaml:${dir}/dst`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^failed +agents\/broken +.*invalid YAML at line \d+/m);
    expect(result.stdout).toMatch(/^failed +evil +.*!!python\/object\/apply:os\.system/m);
    expect(result.stdout).toContain('9 copied, 0 unchanged, 2 failed');
    expect((await files(join(dir, 'dst'))).size).toBe(9);
  });

  it('does not replace a destination cassette that differs from the source unless --overwrite', async () => {
    await runCli(['migrate', `yaml:${EXAMPLES}`, `yaml:${dir}/out`]);
    const path = join(dir, 'out', 'gzip_requests.yaml');
    const edited = (await readFile(path, 'utf8')).replace('code: 200', 'code: 201');
    await writeFile(path, edited);
    const refused = await runCli(['migrate', `yaml:${EXAMPLES}`, `yaml:${dir}/out`]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/^failed +gzip_requests +.*different version.*--overwrite/m);
    expect(await readFile(path, 'utf8')).toBe(edited);
    const replaced = await runCli(['migrate', `yaml:${EXAMPLES}`, `yaml:${dir}/out`, '--overwrite']);
    expect(replaced.code).toBe(0);
    expect(replaced.stdout).toContain('1 copied, 8 unchanged');
  });

  it('--only and --exclude select by glob; --dry-run writes nothing', async () => {
    const dry = await runCli([
      'migrate',
      `yaml:${EXAMPLES}`,
      `yaml:${dir}/out`,
      '--only',
      'agents/**',
      'twitter',
      '--exclude',
      '**/*cache*',
      '--dry-run',
    ]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('4 would be copied');
    await expect(readdir(join(dir, 'out'))).rejects.toThrow();
    const real = await runCli([
      'migrate',
      `yaml:${EXAMPLES}`,
      `yaml:${dir}/out`,
      '--only',
      'agents/**',
      '--concurrency',
      '2',
    ]);
    expect(real.stdout).toContain('3 copied');
  });

  it('a dry run never changes an existing destination (a SQLite file is opened read-only)', async () => {
    await runCli(['migrate', `yaml:${EXAMPLES}`, `sqlite:${dir}/c.db`, '--only', 'agents/**']);
    const before = await readFile(join(dir, 'c.db'));
    const dry = await runCli(['migrate', `yaml:${EXAMPLES}`, `sqlite:${dir}/c.db`, '--dry-run']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('3 unchanged, 6 would be copied');
    expect((await readFile(join(dir, 'c.db'))).equals(before)).toBe(true);
    // An older database is not upgraded by a dry run: it says so and leaves the file as it was.
    await cp(join(REPO, 'packages', 'sqlite', 'test', 'fixtures', 'v1.db'), join(dir, 'old.db'));
    const old = await readFile(join(dir, 'old.db'));
    const dryOld = await runCli(['migrate', `yaml:${EXAMPLES}`, `sqlite:${dir}/old.db`, '--dry-run']);
    expect(dryOld.code).toBe(1);
    expect(dryOld.stderr).toContain('older schema version 1');
    expect((await readFile(join(dir, 'old.db'))).equals(old)).toBe(true);
  });

  it('answers usage errors with exit 2 and a message that says what to do', async () => {
    const scheme = await runCli(['migrate', 'ftp:x', `yaml:${dir}`]);
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toContain('Known schemes: yaml:, json:');
    const missing = await runCli(['migrate', `yaml:${dir}/nope`, `yaml:${dir}/out`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
    const noArgs = await runCli(['migrate']);
    expect(noArgs.code).toBe(2);
    const badFlag = await runCli(['migrate', `yaml:${EXAMPLES}`, `yaml:${dir}`, '--concurrency', 'lots']);
    expect(badFlag.code).toBe(2);
    const badName = await runCli(['show', `yaml:${EXAMPLES}`, '../etc/passwd']);
    expect(badName.code).toBe(2);
    expect(badName.stderr).toContain('invalid cassette name');
  });
});

describe('cassette ls, show, verify', () => {
  it('ls prints one name per line, or JSON', async () => {
    const plain = await runCli(['ls', `yaml:${EXAMPLES}`]);
    expect(plain.stdout.trim().split('\n')).toHaveLength(9);
    const json = await runCli(['ls', `yaml:${EXAMPLES}`, '--json', '--prefix', 'twitter/']);
    expect(JSON.parse(json.stdout).cassettes.map((e: { name: string }) => e.name)).toEqual([
      'twitter/test_client_get_me',
      'twitter/testmediauploadpng',
    ]);
  });

  it('show summarises a cassette, or prints its model as JSON', async () => {
    const text = await runCli(['show', `yaml:${EXAMPLES}`, 'twitter/test_client_get_me']);
    expect(text.stdout).toContain('GET    https://api.twitter.com/2/users/me');
    expect(text.stdout).toContain('-> 200 OK');
    const json = JSON.parse(
      (await runCli(['show', `yaml:${EXAMPLES}`, 'twitter/test_client_get_me', '--json'])).stdout,
    );
    expect(json.data.interactions[0].response.body.string.$bytes).toBeTypeOf('string');
    const missing = await runCli(['show', `yaml:${EXAMPLES}`, 'no/such']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('no such cassette');
  });

  it('verify lists the differences and exits 1', async () => {
    await cp(EXAMPLES, join(dir, 'copy'), { recursive: true });
    await rm(join(dir, 'copy', 'gzip_requests.yaml'));
    const path = join(dir, 'copy', 'twitter', 'test_client_get_me.yaml');
    await writeFile(path, (await readFile(path, 'utf8')).replace('code: 200', 'code: 201'));
    await writeFile(join(dir, 'copy', 'extra.yaml'), 'interactions: []\n');
    const result = await runCli(['verify', `yaml:${EXAMPLES}`, `yaml:${dir}/copy`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`only in yaml:${EXAMPLES}: gzip_requests`);
    expect(result.stdout).toContain(`only in yaml:${dir}/copy: extra`);
    expect(result.stdout).toContain('different: twitter/test_client_get_me');
  });

  it('every command shows an example in --help', async () => {
    for (const command of [
      'migrate',
      'ls',
      'show',
      'verify',
      'diff',
      'stats',
      'push',
      'pull',
      'init',
      'scan',
      'redact',
    ]) {
      const help = await runCli([command, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/\$ cassette /);
    }
  });
});

describe('exit codes for stores that exist but cannot be used', () => {
  it('a missing database is a usage error (2); a file that is not SQLite is a failure (1), left unchanged', async () => {
    const missing = await runCli(['ls', `sqlite:${dir}/none.db`]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no cassette database');
    await writeFile(join(dir, 'notes.db'), 'these are my notes, not a database\n');
    const notSqlite = await runCli(['ls', `sqlite:${dir}/notes.db`]);
    expect(notSqlite.code).toBe(1);
    expect(notSqlite.stderr).toContain('is not a SQLite database');
    expect(await readFile(join(dir, 'notes.db'), 'utf8')).toBe('these are my notes, not a database\n');
    const refused = await runCli(['migrate', `yaml:${EXAMPLES}`, `sqlite:${dir}/notes.db`]);
    expect(refused.code).toBe(1);
    expect(await readFile(join(dir, 'notes.db'), 'utf8')).toBe('these are my notes, not a database\n');
  });
});
