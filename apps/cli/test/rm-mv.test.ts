import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPerTest } from './project.js';
import { runCli } from './run-cli.js';

const dir = projectPerTest();
const NAME = 'agents/test_agent_step_callback';
const run = (...args: string[]) => runCli(args, { cwd: dir() });

/** Changes one cassette file the way a re-recording would. */
async function change(name: string): Promise<void> {
  const path = join(dir(), 'cassettes', `${name}.yaml`);
  await writeFile(path, (await readFile(path, 'utf8')).replace('code: 200', 'code: 201'));
}

describe('cassette rm', () => {
  it('removes cassettes from the project store and names each', async () => {
    const result = await run('rm', NAME, 'gzip_requests');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`removed ${NAME}\nremoved gzip_requests\n`);
    expect((await run('ls')).stdout).not.toContain('gzip_requests');
  });

  it('takes a store URL first, and --dry-run removes nothing', async () => {
    const dry = await run('rm', 'yaml:cassettes', 'gzip_requests', '--dry-run');
    expect(dry.stdout).toBe('would remove gzip_requests\n');
    expect(await readdir(join(dir(), 'cassettes'))).toContain('gzip_requests.yaml');
  });

  it('keeps a cassette changed since the last sync unless --force, and exits 1', async () => {
    expect((await run('push')).code).toBe(0);
    await change(NAME);
    const kept = await run('rm', NAME, 'gzip_requests');
    expect(kept.code).toBe(1);
    expect(kept.stderr).toContain(`kept: ${NAME}: changed since the last sync with ci`);
    expect(kept.stdout).toBe('removed gzip_requests\n');
    expect((await run('ls')).stdout).toContain(NAME);
    const forced = await run('rm', NAME, '--force');
    expect(forced.code, forced.stderr).toBe(0);
    expect((await run('ls')).stdout).not.toContain(NAME);
  });

  it('says which names are not there, and exits 1', async () => {
    const result = await run('rm', 'no/such');
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('not there: no/such');
  });
});

describe('cassette mv', () => {
  it('renames a cassette, byte for byte', async () => {
    const before = await readFile(join(dir(), 'cassettes', `${NAME}.yaml`));
    const result = await run('mv', NAME, 'agents/renamed');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`moved ${NAME} -> agents/renamed\n`);
    expect((await readFile(join(dir(), 'cassettes', 'agents', 'renamed.yaml'))).equals(before)).toBe(true);
    expect(await readdir(join(dir(), 'cassettes', 'agents'))).not.toContain('test_agent_step_callback.yaml');
  });

  it('does not replace an existing cassette without --force, nor a changed one even with it', async () => {
    const refused = await run('mv', 'yaml:cassettes', NAME, 'gzip_requests');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('gzip_requests exists');
    expect((await run('push')).code).toBe(0);
    await change('gzip_requests');
    const unsynced = await run('mv', NAME, 'gzip_requests', '--force');
    expect(unsynced.code).toBe(1);
    expect(unsynced.stderr).toContain('kept: gzip_requests: changed since the last sync with ci');
    expect(await readdir(join(dir(), 'cassettes', 'agents'))).toContain('test_agent_step_callback.yaml');
    await run('push', '--prefer', 'local');
    const forced = await run('mv', NAME, 'gzip_requests', '--force');
    expect(forced.code, forced.stderr).toBe(0);
  });

  it('a missing source is exit 1, the same name twice a usage error', async () => {
    expect((await run('mv', 'no/such', 'x')).code).toBe(1);
    expect((await run('mv', NAME, NAME)).code).toBe(2);
  });
});
