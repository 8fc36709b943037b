import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';

// A real crewAI cassette, with what a parser does not hand to a data scan: a key in a `#` comment and
// a token in the first of two `authorization` keys (PyYAML and this codec keep the last, the mask).
const CHAT = join(
  REPO,
  'fixtures/corpus/vcrpy/crewAIInc__crewAI/lib__crewai__tests__cassettes__test_llm_call_with_message_list.yaml',
);
// Built from parts so that this file holds no token-shaped literal.
const KEY_ID = ['AKIA', 'Z4N8Q1XW', '90B7TJ3K'].join('');
const TOKEN = ['sk-proj-', 'aB3cD5eF7gH9iJkLmNoP', 'qRsTuVwXyZ0124aB3cD5eF7gH9'].join('');

let dir: string;
let before: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-stored-text-'));
  await mkdir(join(dir, 'local'));
  const mask = '      authorization:\n      - AUTHORIZATION-XXX\n';
  before = (await readFile(CHAT, 'utf8'))
    .replace('interactions:\n', `interactions:\n# recorded with ${KEY_ID}\n`)
    .replace('      accept:\n', `      authorization:\n      - Bearer ${TOKEN}\n${mask}      accept:\n`);
  await writeFile(join(dir, 'local', 'chat.yaml'), before);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('secrets the parsed data does not show', () => {
  it('scan finds them in the stored text', async () => {
    const scan = await runCli(['scan', `yaml:${dir}/local`], { cwd: dir });
    expect(scan.code, scan.stderr).toBe(1);
    expect(scan.stdout).toContain(
      'chat #0 stored text (line 2, text): AWS access key id (aws-access-key-id)',
    );
    expect(scan.stdout).toContain(
      'chat #0 stored text (line 8, header: authorization): Authorization credentials (authorization)',
    );
    expect(scan.stdout).not.toContain(KEY_ID);
    expect(scan.stdout).not.toContain(TOKEN);
  });

  it('push refuses to upload them', async () => {
    const push = await runCli(['push', `yaml:${dir}/local`, `yaml:${dir}/remote`], { cwd: dir });
    expect(push.code, push.stdout).toBe(1);
    expect(push.stdout + push.stderr).toContain('refusing to upload');
    expect(existsSync(join(dir, 'remote', 'chat.yaml'))).toBe(false);
  });

  it('redact removes them, rewriting only their lines; then scan is clean and push goes through', async () => {
    const redact = await runCli(['redact', `yaml:${dir}/local`], { cwd: dir });
    expect(redact.code, redact.stderr + redact.stdout).toBe(0);
    const after = await readFile(join(dir, 'local', 'chat.yaml'), 'utf8');
    const a = before.split('\n');
    const b = after.split('\n');
    expect(b).toHaveLength(a.length);
    expect(a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]]]))).toEqual([
      [`# recorded with ${KEY_ID}`, '# recorded with REDACTED'],
      [`      - Bearer ${TOKEN}`, '      - Bearer REDACTED'],
    ]);
    expect((await runCli(['scan', `yaml:${dir}/local`], { cwd: dir })).code).toBe(0);
    const push = await runCli(['push', `yaml:${dir}/local`, `yaml:${dir}/remote`], { cwd: dir });
    expect(push.code, push.stderr + push.stdout).toBe(0);
    expect(await readFile(join(dir, 'remote', 'chat.yaml'), 'utf8')).toBe(after);
  });
});
