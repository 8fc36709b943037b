import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';

const EXAMPLES = join(REPO, 'examples', 'cassettes');
let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-diff-'));
  await cp(EXAMPLES, join(dir, 'b'), { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('cassette diff', () => {
  it('shows changed status, headers and a text diff of the body, at interaction level', async () => {
    const path = join(dir, 'b', 'gzip_requests.yaml');
    const text = await readFile(path, 'utf8');
    await writeFile(
      path,
      text.replace('code: 200', 'code: 503').replace('- Pytest-HTTPBIN/0.1.0', '- nginx'),
    );
    const result = await runCli(['diff', `yaml:${EXAMPLES}`, `yaml:${dir}/b`]);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('gzip_requests\n  ~ interaction 1 changed: GET https://httpbin.org/gzip');
    expect(result.stdout).toContain('status: 200 great -> 503 great');
    expect(result.stdout).toContain('response header Server: Pytest-HTTPBIN/0.1.0 -> nginx');
  });

  it('reports added and removed interactions and cassettes on one side only', async () => {
    const path = join(dir, 'b', 'twitter', 'test_client_get_me.yaml');
    await writeFile(path, 'interactions: []\nversion: 1\n');
    await rm(join(dir, 'b', 'gzip_requests.yaml'));
    const result = await runCli(['diff', `yaml:${EXAMPLES}`, `yaml:${dir}/b`, '--json']);
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout).differences;
    expect(report).toContainEqual({ name: 'gzip_requests', status: 'only in a', changes: [] });
    const me = report.find((r: { name: string }) => r.name === 'twitter/test_client_get_me');
    expect(me.changes[0]).toMatchObject({
      kind: 'removed',
      request: { method: 'GET', uri: 'https://api.twitter.com/2/users/me' },
      fields: [],
    });
    expect((await runCli(['diff', `yaml:${EXAMPLES}`, `yaml:${EXAMPLES}`])).code).toBe(0);
  });

  it('diffs text bodies line by line', async () => {
    const path = join(dir, 'b', 'agents', 'test_agent_step_callback.yaml');
    const text = await readFile(path, 'utf8');
    await writeFile(
      path,
      text.replace('\\"object\\": \\"chat.completion\\"', '\\"object\\": \\"chat.completion.v2\\"'),
    );
    const result = await runCli([
      'diff',
      `yaml:${EXAMPLES}`,
      `yaml:${dir}/b`,
      'agents/test_agent_step_callback',
    ]);
    expect(result.stdout).toMatch(/response body:\n(.*\n)*.*- .*"object": "chat.completion",/);
  });
});

describe('cassette stats', () => {
  it('counts cassettes, interactions, hosts, status codes, duplicates and recording dates', async () => {
    const result = await runCli(['stats', `yaml:${EXAMPLES}`, '--json']);
    expect(result.code).toBe(0);
    const stats = JSON.parse(result.stdout);
    expect(stats).toMatchObject({ cassettes: 9, interactions: 28 });
    expect(stats.hosts['api.openai.com']).toBe(21);
    expect(stats.statusCodes['200']).toBe(26);
    expect(stats.largest[0].name).toBe('agents/test_disabling_cache_for_agent');
    expect(stats.duplicateBodies.copies).toBeGreaterThan(0);
    expect(stats.oldestRecording).toBe('2021-01-12T15:10:50.000Z');
    const text = await runCli(['stats', `yaml:${EXAMPLES}`]);
    expect(text.stdout).toContain('interactions     28');
  });
});

describe('cassette stats wording', () => {
  it('the verb of "repeated bodies" agrees with its count', async () => {
    const cassette = (uri: string, body = 'same body') =>
      `interactions:\n- request:\n    body: null\n    headers: {}\n    method: GET\n    uri: ${uri}\n  response:\n    body:\n      string: ${body}\n    headers: {}\n    status:\n      code: 200\n      message: OK\nversion: 1\n`;
    await mkdir(join(dir, 'one'));
    for (const x of ['a', 'b', 'c'])
      await writeFile(join(dir, 'one', `${x}.yaml`), cassette(`http://127.0.0.1/${x}`));
    const one = await runCli(['stats', `yaml:${dir}/one`]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toContain('  repeated bodies  1 body occurs 2 more times (18 B)');
    for (const x of ['d', 'e'])
      await writeFile(join(dir, 'one', `${x}.yaml`), cassette(`http://127.0.0.1/${x}`, 'other'));
    const two = await runCli(['stats', `yaml:${dir}/one`]);
    expect(two.stdout).toContain('  repeated bodies  2 bodies occur 3 more times (23 B)');
  });
});

describe('what diff and show print', () => {
  it('diff masks credentials unless --show-secrets', async () => {
    const path = join(dir, 'b', 'twitter', 'test_client_get_me.yaml');
    const token = `ghp_${'Q1w2E3r4T5y6U7i8O9p0A1s2D3f4G5h6J7k8L9'}`;
    const text = await readFile(path, 'utf8');
    await writeFile(
      path,
      text.replace('    headers:\n', `    headers:\n      Authorization:\n      - token ${token}\n`),
    );
    const masked = await runCli(['diff', `yaml:${EXAMPLES}`, `yaml:${dir}/b`, 'twitter/test_client_get_me']);
    expect(masked.code).toBe(1);
    expect(masked.stdout).toContain('request header added: Authorization: token <secret>');
    expect(masked.stdout).not.toContain(token);
    const shown = await runCli([
      'diff',
      `yaml:${EXAMPLES}`,
      `yaml:${dir}/b`,
      'twitter/test_client_get_me',
      '--show-secrets',
    ]);
    expect(shown.stdout).toContain(token);
  });

  it('show and diff print escape sequences from a cassette as text, not to the terminal', async () => {
    await writeFile(
      join(dir, 'b', 'esc.yaml'),
      'interactions:\n- request: {body: null, headers: {}, method: "GET\\e[2J\\e]0;pwned\\a", uri: "http://x/"}\n  response: {body: {string: ""}, headers: {}, status: {code: 200, message: "OK\\e[1A"}}\nversion: 1\n',
    );
    const show = await runCli(['show', `yaml:${dir}/b`, 'esc']);
    expect(show.stdout).not.toContain('\u001b');
    expect(show.stdout).toContain('GET\\u001b[2J\\u001b]0;pwned\\u0007');
  });

  it('diff of names in neither store is a usage error', async () => {
    const result = await runCli(['diff', `yaml:${EXAMPLES}`, `yaml:${dir}/b`, 'no/such/cassette']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('no/such/cassette');
  });
});
