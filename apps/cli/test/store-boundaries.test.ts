import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI, runCli } from './run-cli.js';

const CASSETTE = (n: number) =>
  `interactions:\n- request:\n    body: null\n    headers: {}\n    method: GET\n    uri: http://localhost/${n}\n  response:\n    body:\n      string: hello ${n}\n    headers: {}\n    status:\n      code: 200\n      message: OK\nversion: 1\n`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-bounds-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tree(root: string): Promise<string[]> {
  return (await readdir(root, { recursive: true })).sort();
}

describe('a folder store never writes or reads outside its folder (symlinks)', () => {
  it('migrate, with and without --overwrite, writes nothing through dst/dirlink -> elsewhere and names the link', async () => {
    const src = join(dir, 'src');
    const dst = join(dir, 'dst');
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(join(src, 'dirlink'), { recursive: true });
    await mkdir(dst);
    await mkdir(elsewhere);
    await writeFile(join(src, 'dirlink', 'x.yaml'), CASSETTE(1));
    await writeFile(join(src, 'plain.yaml'), CASSETTE(2));
    await writeFile(join(elsewhere, 'x.yaml'), CASSETTE(99));
    await symlink(elsewhere, join(dst, 'dirlink'));
    for (const extra of [[], ['--overwrite']]) {
      const run = await runCli(['migrate', `yaml:${src}`, `yaml:${dst}`, ...extra]);
      expect(run.code, run.stderr).toBe(1);
      expect(run.stderr).toContain('refused to follow dirlink');
      expect(await tree(elsewhere)).toEqual(['x.yaml']);
      expect(await readFile(join(elsewhere, 'x.yaml'), 'utf8')).toBe(CASSETTE(99));
      expect(await readFile(join(dst, 'plain.yaml'), 'utf8')).toBe(CASSETTE(2));
    }
  }, 60_000);

  it('ls and migrate name a link out of the source as skipped; show of a name behind it is an error', async () => {
    const src = join(dir, 'src');
    const elsewhere = join(dir, 'elsewhere');
    await mkdir(src);
    await mkdir(elsewhere);
    await writeFile(join(elsewhere, 'secret.yaml'), CASSETTE(7));
    await writeFile(join(src, 'a.yaml'), CASSETTE(1));
    await symlink(elsewhere, join(src, 'out'));
    await symlink(join(elsewhere, 'secret.yaml'), join(src, 'file.yaml'));
    const ls = await runCli(['ls', `yaml:${src}`]);
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout).toBe('a\n');
    expect(ls.stderr).toMatch(/skipped in yaml:.*file\.yaml \(a symlink that leads out of the store/s);
    expect(ls.stderr).toMatch(/skipped in yaml:.*out \(a symlink that leads out of the store/s);
    const migrate = await runCli(['migrate', `yaml:${src}`, `json:${join(dir, 'copy')}`]);
    expect(migrate.stderr).toMatch(/skipped in yaml:.*out \(a symlink/s);
    expect((await tree(join(dir, 'copy'))).filter((f) => !f.startsWith('.'))).toEqual(['a.json']);
    for (const name of ['out/secret', 'file']) {
      const show = await runCli(['show', `yaml:${src}`, name]);
      expect(show.code).toBe(1);
      expect(show.stderr).toContain('refused to follow');
      expect(show.stdout).not.toContain('localhost/7');
    }
  }, 60_000);
});

describe('names and empty documents on screen', () => {
  it('ls names a file holding a newline (no valid cassette name) as skipped, on one line, escaped', async () => {
    await writeFile(join(dir, 'a\nb.yaml'), CASSETTE(1));
    const ls = await runCli(['ls', `yaml:${dir}`]);
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout).toBe('');
    expect(ls.stderr).toBe(
      `skipped in yaml:${dir}: a\\u000ab.yaml (not a valid cassette name: it contains a control character)\n`,
    );
  }, 30_000);

  it('stats counts empty files apart', async () => {
    await writeFile(join(dir, 'empty.yaml'), '');
    await writeFile(join(dir, 'tilde.yaml'), '~\n');
    await writeFile(join(dir, 'full.yaml'), CASSETTE(1));
    const stats = await runCli(['stats', `yaml:${dir}`, '--json']);
    expect(stats.code, stats.stderr).toBe(0);
    expect(JSON.parse(stats.stdout)).toMatchObject({
      cassettes: 3,
      interactions: 1,
      empty: ['empty', 'tilde'],
    });
    const text = await runCli(['stats', `yaml:${dir}`]);
    expect(text.stdout).toMatch(/empty +2 cassettes with no interactions \(empty documents\): empty, tilde/);
  }, 30_000);
});

describe('hostile YAML in a migration', () => {
  /** A ~330-byte, 7-level alias bomb (it expands to ~100 MB of strings). */
  const bomb = () => {
    const lines = [`a: &a ["${'lol'.repeat(16)}"]`];
    for (let i = 1; i < 7; i += 1) {
      const [prev, name] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      lines.push(`${name}: &${name} [${Array(11).fill(`*${prev}`).join(',')}]`);
    }
    return `${lines.join('\n')}\ninteractions: []\n`;
  };

  it('ends in INVALID_CASSETTE naming the cassette, and stops when sent SIGTERM', async () => {
    const src = join(dir, 'src');
    await mkdir(src);
    for (let i = 0; i < 3; i += 1) await writeFile(join(src, `bomb${i}.yaml`), bomb());
    await writeFile(join(src, 'ok.yaml'), CASSETTE(1));
    const child = spawn(process.execPath, [CLI, 'migrate', `yaml:${src}`, `yaml:${join(dir, 'dst')}`], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    // SIGTERM once the command is at work (its first line out), or after 3 s at the latest.
    const timer = setTimeout(() => child.kill('SIGTERM'), 3_000);
    const atWork = () => {
      clearTimeout(timer);
      child.kill('SIGTERM');
    };
    child.stdout.once('data', atWork);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const ended = new Promise<number | string>((resolve) =>
      child.on('close', (code, signal) => resolve(code ?? String(signal))),
    );
    const stopped = await Promise.race([
      ended,
      new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 20_000)),
    ]);
    clearTimeout(timer);
    if (stopped === 'still running') child.kill('SIGKILL');
    expect(stopped, stderr).not.toBe('still running');
    // Done before the signal (exit 1: the bombs failed), stopped by it (130), or ended by it while
    // still starting up (before the handlers are installed).
    expect([1, 130, 'SIGTERM']).toContain(stopped);
    if (stopped === 1) expect(stderr).toMatch(/bomb0: the document's aliases expand it .*alias bomb/);
  }, 60_000);
});
