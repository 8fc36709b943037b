import { spawnSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXAMPLES, projectPerTest } from './project.js';
import { CLI, runCli } from './run-cli.js';

const dir = projectPerTest();

/** Runs the command on a pseudo-terminal (script(1)), with `input` typed into it. */
function onTerminal(args: readonly string[], input = ''): { status: number | null; output: string } {
  const command = [process.execPath, CLI, ...args].map((a) => `'${a.replaceAll("'", "'\\''")}'`).join(' ');
  const result = spawnSync('script', ['-qec', command, '/dev/null'], { cwd: dir(), encoding: 'utf8', input });
  return { status: result.status, output: result.stdout };
}

describe('progress', () => {
  it.each([
    ['scan', ['scan']],
    ['verify', ['verify', 'yaml:cassettes', `yaml:${EXAMPLES}`]],
    ['diff', ['diff', 'yaml:cassettes', `yaml:${EXAMPLES}`]],
    ['stats', ['stats']],
    ['redact', ['redact', 'yaml:cassettes', '--dry-run']],
    ['push', ['push']],
  ])('%s draws a bar on a terminal', (_, args) => {
    const { status, output } = onTerminal(args);
    expect(status, output).not.toBeNull();
    expect(output).toContain('█'.repeat(30));
    expect(output).toContain(' 9/9 ');
  });

  it('off a terminal push prints one line per cassette it moved; scan prints nothing extra', async () => {
    const push = await runCli(['push'], { cwd: dir() });
    expect(push.stdout.split('\n').filter((l) => l.startsWith('pushed '))).toHaveLength(9);
    expect(push.stdout).not.toContain('█');
    const scan = await runCli(['scan'], { cwd: dir() });
    expect(scan.stdout).toBe('no secrets found in 9 cassettes in yaml:cassettes\n');
  });

  it('init asks on a terminal before it touches .gitignore', async () => {
    const { output } = onTerminal(['init', '--store', 'yaml:cassettes', '--force'], 'y\n');
    expect(output).toContain('Add .cassette/ and *.remote.* to .gitignore? [Y/n]');
    expect(await readFile(join(dir(), '.gitignore'), 'utf8')).toContain('*.remote.*');
  });
});

describe('diff', () => {
  it('prints what went (-) before what came (+), and --json gives structured fields', async () => {
    const agents = join(dir(), 'cassettes', 'agents', 'test_agent_step_callback.yaml');
    await writeFile(
      agents,
      (await readFile(agents, 'utf8')).replace(
        '\\"object\\": \\"chat.completion\\"',
        '\\"object\\": \\"chat.v2\\"',
      ),
    );
    const gzip = join(dir(), 'cassettes', 'gzip_requests.yaml');
    await writeFile(gzip, (await readFile(gzip, 'utf8')).replace('code: 200', 'code: 503'));
    const result = await runCli(['diff', `yaml:${EXAMPLES}`, 'yaml:cassettes'], { cwd: dir() });
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    const minus = lines.findIndex((l) => /^ +- .*"object": "chat.completion",/.test(l));
    const plus = lines.findIndex((l) => /^ +\+ .*"object": "chat.v2",/.test(l));
    expect(minus, result.stdout).toBeGreaterThan(-1);
    expect(plus).toBe(minus + 1);

    const json = await runCli(['diff', `yaml:${EXAMPLES}`, 'yaml:cassettes', '--json'], { cwd: dir() });
    const report = JSON.parse(json.stdout).differences;
    const status = report.find((d: { name: string }) => d.name === 'gzip_requests').changes[0];
    expect(status.request).toEqual({ method: 'GET', uri: 'https://httpbin.org/gzip' });
    expect(status.fields).toEqual([
      { field: 'status', before: { code: 200, message: 'great' }, after: { code: 503, message: 'great' } },
    ]);
    const body = report
      .find((d: { name: string }) => d.name === 'agents/test_agent_step_callback')
      .changes[0].fields.find((f: { field: string }) => f.field === 'responseBody');
    expect(body.before).toMatchObject({ kind: 'text' });
    expect(body.lines).toContainEqual({
      op: '-',
      text: expect.stringContaining('"object": "chat.completion",'),
    });
    expect(body.lines).toContainEqual({ op: '+', text: expect.stringContaining('"object": "chat.v2",') });
  });
});

describe('stats', () => {
  it('says what each number is, and pluralises', async () => {
    const yaml = await runCli(['stats'], { cwd: dir() });
    expect(yaml.code, yaml.stderr).toBe(0);
    expect(yaml.stdout).toMatch(/^ {2}bodies +[\d.]+ KB in \d+ bodies \(logical size, decoded\)$/m);
    expect(yaml.stdout).toMatch(/^ {2}stored +[\d.]+ KB \(the files\)$/m);
    expect(yaml.stdout).toMatch(
      /^ {2}repeated bodies +\d+ (body occurs|bodies occur) \d+ more times? .*stored again by this store/m,
    );
    expect(yaml.stdout).toMatch(/ 1 interaction {2}/);
    expect(yaml.stdout).not.toMatch(/ 1 interactions/);

    expect((await runCli(['migrate', 'yaml:cassettes', 'sqlite:c.db'], { cwd: dir() })).code).toBe(0);
    const db = await runCli(['stats', 'sqlite:c.db', '--json'], { cwd: dir() });
    const stats = JSON.parse(db.stdout);
    const { size } = await import('node:fs/promises').then((fs) => fs.stat(join(dir(), 'c.db')));
    expect(stats.storedBytes).toBeGreaterThanOrEqual(size);
    expect(stats.deduplicates).toBe(true);
    const text = await runCli(['stats', 'sqlite:c.db'], { cwd: dir() });
    expect(text.stdout).toContain('(the database file, compressed and deduplicated)');
    expect(text.stdout).toContain('kept once by this store');
  });
});
