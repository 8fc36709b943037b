import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';

const CORPUS = join(REPO, 'fixtures', 'corpus');
/** The JSON cassettes of every JSON-writing tool, by the dialect inspect must name. */
const JSON_TOOLS = [
  ['pollyjs-har/Netflix__pollyjs', 'har'],
  ['nock-back/octokit__fixtures', 'nock'],
  ['betamax/betamaxpy__betamax', 'betamax'],
  ['ruby-vcr/octokit__octokit.rb', 'ruby-vcr'],
] as const;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-dialects-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

type Row = { method: string; uri: string; status: number | null };
/** A parsed JSON document, walked loosely: the test reads each tool's fields by their documented names. */
// biome-ignore lint/suspicious/noExplicitAny: a JSON document of any of four shapes
type Json = any;

/** What each tool reads from its own file, written here from the formats' documentation, not the code. */
function asTheToolReadsIt(dialect: string, doc: Json): Row[] {
  const upper = (m: string) => m.toUpperCase();
  if (dialect === 'har')
    return doc.log.entries.map((e: Json) => ({
      method: upper(e.request.method),
      uri: e.request.url,
      status: e.response.status,
    }));
  if (dialect === 'nock')
    return doc.map((d: Json) => ({
      method: upper(d.method),
      uri: d.scope.replace(/:443$/, '').replace(/^(http:\/\/[^/]+):80$/, '$1') + d.path,
      status: d.status ?? 200,
    }));
  return doc.http_interactions.map((i: Json) => ({
    method: upper(i.request.method),
    uri: i.request.uri,
    status: i.response.status?.code ?? i.response.status_code ?? null,
  }));
}

async function jsonFolder(): Promise<Map<string, Row[]>> {
  const expected = new Map<string, Row[]>();
  for (const [folder, dialect] of JSON_TOOLS) {
    const files = (await readdir(join(CORPUS, folder))).sort().slice(0, 4);
    for (const file of files) {
      const name = `${dialect}/${file.replace(/\.(json|har)$/, '')}`;
      await mkdir(join(dir, 'in', dialect), { recursive: true });
      await cp(join(CORPUS, folder, file), join(dir, 'in', dialect, file));
      expected.set(
        name,
        asTheToolReadsIt(dialect, JSON.parse(await readFile(join(CORPUS, folder, file), 'utf8'))),
      );
    }
  }
  return expected;
}

describe('cassette inspect', () => {
  it('--json: one line per cassette, its dialect and interactions as its tool reads them', async () => {
    const expected = await jsonFolder();
    const result = await runCli(['inspect', `json:${dir}/in`, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => l.name).sort()).toEqual([...expected.keys()].sort());
    for (const line of lines) {
      expect(Object.keys(line)).toEqual(['name', 'dialect', 'interactions']);
      expect(line.dialect).toBe(line.name.split('/')[0]);
      expect(line.interactions, line.name).toEqual(expected.get(line.name));
    }
  });

  it('prints a table; a named cassette that cannot be read exits 1, the others still printed', async () => {
    await jsonFolder();
    await writeFile(join(dir, 'in', 'broken.json'), '{"log": ');
    const first = (await readdir(join(dir, 'in', 'har')))[0]!.replace(/\.har$/, '');
    const names = [`har/${first}`, 'broken', 'missing'];
    const result = await runCli(['inspect', `json:${dir}/in`, ...names]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(
      /^har\/.* \(har, 1 interaction\)\n +1 +GET +200 +https:\/\/jsonplaceholder/m,
    );
    expect(result.stderr).toMatch(/broken: .*JSON/);
    expect(result.stderr).toMatch(/missing: no such cassette/);
  });
});

describe('cassettes of every tool through sqlite and back', () => {
  it('come back byte for byte, .har files as .har', async () => {
    for (const tool of ['pollyjs-har', 'nock-back', 'betamax', 'ruby-vcr', 'go-vcr'])
      await cp(join(CORPUS, tool), join(dir, 'in', tool), { recursive: true });
    for (const [scheme, back] of [
      ['json', 'json'],
      ['yaml', 'yaml'],
    ] as const) {
      const there = await runCli(['migrate', `${scheme}:${dir}/in`, `sqlite:${dir}/${scheme}.db`]);
      expect(there.code, there.stderr).toBe(0);
      const again = await runCli(['migrate', `sqlite:${dir}/${scheme}.db`, `${back}:${dir}/out`]);
      expect(again.code, again.stderr).toBe(0);
    }
    for (const entry of await readdir(join(dir, 'in'), { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const rel = join(entry.parentPath, entry.name).slice(join(dir, 'in').length + 1);
      // A new YAML file is written as .yaml (an existing .yml is kept as .yml).
      const out = join(dir, 'out', rel.replace(/\.yml$/, '.yaml'));
      expect((await readFile(out, 'utf8')) === (await readFile(join(dir, 'in', rel), 'utf8')), rel).toBe(
        true,
      );
    }
  }, 180_000);
});

describe('cassette convert', () => {
  it('writes every cassette in the target dialect, says what it cannot carry, and twice gives the same bytes', async () => {
    const expected = await jsonFolder();
    const first = await runCli(['convert', `json:${dir}/in`, `yaml:${dir}/a`, '--to', 'vcrpy']);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/^converted har\/.*: har -> vcrpy\n {2}cannot carry: HAR timings$/m);
    const second = await runCli(['convert', `json:${dir}/in`, `yaml:${dir}/b`, '--to', 'vcrpy', '--json']);
    expect(second.code, second.stderr).toBe(0);
    const lines = second.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.length).toBe(expected.size);
    expect(lines.every((l) => l.to === 'vcrpy' && l.written === true && Array.isArray(l.notes))).toBe(true);
    for (const name of expected.keys()) {
      const a = await readFile(join(dir, 'a', `${name}.yaml`), 'utf8');
      expect(await readFile(join(dir, 'b', `${name}.yaml`), 'utf8')).toBe(a);
    }
    // What the converted cassettes hold is what the originals held.
    const back = await runCli(['inspect', `yaml:${dir}/a`, '--json']);
    for (const line of back.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))) {
      expect(line.dialect).toBe('vcrpy');
      expect(line.interactions).toEqual(expected.get(line.name));
    }
  });

  it('--only, --exclude and --dry-run; a cassette that fails exits 1, the others are written', async () => {
    await jsonFolder();
    await writeFile(join(dir, 'in', 'har', 'broken.har'), '[1, 2');
    const toNock = [
      ...['convert', `json:${dir}/in`, `json:${dir}/out`],
      ...['--to', 'nock', '--only', 'har/**'],
    ];
    const dry = await runCli([...toNock, '--dry-run']);
    expect(dry.stdout).toMatch(/^would convert har\//m);
    expect(dry.stdout).not.toMatch(/betamax\//);
    await expect(readdir(join(dir, 'out'))).rejects.toThrow();
    const run = await runCli([...toNock, '--exclude', 'har/examples__jest-puppeteer*']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/har\/broken: /);
    const written = await readdir(join(dir, 'out', 'har'));
    expect(written.length).toBe(3);
    expect(written.some((f) => f.startsWith('examples__jest-puppeteer'))).toBe(false);
    const nock = JSON.parse(await readFile(join(dir, 'out', 'har', written[0]!), 'utf8'));
    expect(Array.isArray(nock) && typeof nock[0].scope === 'string').toBe(true);
  });

  it('keeps a destination cassette that differs (exit 1, reported) unless --overwrite; an equal one is unchanged', async () => {
    await jsonFolder();
    const toNock = ['convert', `json:${dir}/in`, `json:${dir}/out`, '--to', 'nock', '--only', 'har/**'];
    expect((await runCli(toNock)).code).toBe(0);
    const file = join(dir, 'out', 'har', (await readdir(join(dir, 'out', 'har'))).sort()[0]!);
    const converted = await readFile(file, 'utf8');
    const again = await runCli(toNock);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/^unchanged har\//m);
    expect(await readFile(file, 'utf8')).toBe(converted);
    const edited = JSON.stringify([{ ...JSON.parse(converted)[0], status: 599 }], null, 2);
    await writeFile(file, edited);
    const kept = await runCli(toNock);
    expect(kept.code).toBe(1);
    expect(kept.stderr).toMatch(/different version of this cassette/);
    expect(kept.stderr).toMatch(/--overwrite/);
    expect(await readFile(file, 'utf8')).toBe(edited);
    const replaced = await runCli([...toNock, '--overwrite']);
    expect(replaced.code, replaced.stderr).toBe(0);
    expect(await readFile(file, 'utf8')).toBe(converted);
  });

  it('refuses an unknown dialect with exit 2', async () => {
    const result = await runCli(['convert', `json:${dir}`, `json:${dir}/out`, '--to', 'curl']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--to curl is not a dialect/);
  });

  it('refuses with exit 2 a folder whose format the target tool never reads (go-vcr as JSON, nock as YAML), writing nothing', async () => {
    for (const [to, target] of [
      ['go-vcr', `json:${dir}/out-go`],
      ['nock', `yaml:${dir}/out-nock`],
      ['betamax', `yaml:${dir}/out-betamax`],
    ] as const) {
      const result = await runCli(['convert', `json:${dir}`, target, '--to', to]);
      expect(result.code, to).toBe(2);
      expect(result.stderr).toContain(`${to} cassettes are`);
      await expect(readdir(target.slice(target.indexOf(':') + 1))).rejects.toThrow();
    }
  });

  it('refuses with exit 2 any dialect but HAR into a polly: folder, writing nothing', async () => {
    await jsonFolder();
    for (const to of ['ruby-vcr', 'vcrpy']) {
      const result = await runCli(['convert', `json:${dir}/in`, `polly:${dir}/pn`, '--to', to]);
      expect(result.code, to).toBe(2);
      expect(result.stderr).toContain('polly: holds HAR only; use --to har');
      expect(result.stdout).toBe('');
      await expect(readdir(join(dir, 'pn'))).rejects.toThrow();
    }
  });
});

describe('a cassette that cannot be read', () => {
  it('inspect and convert name store and cassette once on its error line', async () => {
    await mkdir(join(dir, 'c'));
    await writeFile(
      join(dir, 'c', 'bad.yaml'),
      'interactions:\n- request: !!python/object:os.system {}\nversion: 1\n',
    );
    for (const args of [
      ['inspect', `yaml:${dir}/c`],
      ['convert', `yaml:${dir}/c`, `json:${dir}/d`, '--to', 'nock'],
    ]) {
      const result = await runCli(args);
      expect(result.code, args[0]).toBe(1);
      expect(result.stderr.trim()).toMatch(
        new RegExp(`^\\[cassette\\] \\[yaml:${dir}/c\\] bad: refused tag [^\\n]*$`),
      );
      expect(result.stderr.match(/\[cassette\]/g)?.length, result.stderr).toBe(1);
    }
  });
});
