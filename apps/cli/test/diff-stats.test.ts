import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
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
      request: 'GET https://api.twitter.com/2/users/me',
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
    expect(text.stdout).toContain('interactions   28');
  });
});
