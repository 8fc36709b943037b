import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';

const CREWAI = join(REPO, 'fixtures', 'corpus', 'vcrpy', 'crewAIInc__crewAI');
/** Real crewAI cassettes, masked by crewAI with placeholders (AUTHORIZATION-XXX, ...), or clean. */
const FILES = {
  hooks:
    'lib__crewai__tests__cassettes__hooks__TestLLMHooksIntegration.test_direct_llm_call_hooks_integration.yaml',
  gemini:
    'lib__crewai__tests__cassettes__test_gemini_models[gemini-gemini-2.0-flash-thinking-exp-01-21].yaml',
  chat: 'lib__crewai__tests__cassettes__test_llm_call_with_message_list.yaml',
};

// Generated so that this file holds no token-shaped literal.
const alnum = (n: number, salt: number) =>
  Array.from({ length: n }, (_, i) => 'aB3cD5eF7gH9iJkLmNoPqRsTuVwXyZ0124'[(i * 7 + salt) % 34]).join('');
const OPENAI = `sk-proj-${alnum(48, 1)}`;
const GOOGLE = `AIza${alnum(35, 2)}`;
const SESSION = `s${alnum(31, 3)}`;
const GITHUB = `ghp_${alnum(36, 4)}`;

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function original(name: keyof typeof FILES): Promise<string> {
  return readFile(join(CREWAI, FILES[name]), 'utf8');
}

/**
 * A yaml store with the three real cassettes, where crewAI's placeholders in two of them are
 * replaced by realistic credentials ("what if crewAI had not masked them").
 */
async function plantedStore(root: string): Promise<void> {
  await mkdir(root, { recursive: true });
  const hooks = (await original('hooks'))
    .replace('- AUTHORIZATION-XXX', `- ${OPENAI}`)
    .replace('- SET-COOKIE-XXX', `- ${SESSION}`);
  const gemini = (await original('gemini')).replace('- X-GOOG-API-KEY-XXX', `- ${GOOGLE}`);
  await writeFile(join(root, 'hooks.yaml'), hooks);
  await writeFile(join(root, 'gemini.yaml'), gemini);
  await copyFile(join(CREWAI, FILES.chat), join(root, 'chat.yaml'));
}

/** Placeholders that put crewAI's own masks back, so a redacted file equals crewAI's file. */
const CREWAI_PLACEHOLDERS = [
  '--placeholder-for',
  'header:authorization=AUTHORIZATION-XXX',
  '--placeholder-for',
  'header:set-cookie=SET-COOKIE-XXX',
  '--placeholder-for',
  'header:x-goog-api-key=X-GOOG-API-KEY-XXX',
];

describe('cassette scan', () => {
  it('finds nothing in real crewAI cassettes (their placeholders are not secrets) and exits 0', async () => {
    await mkdir(join(dir, 'clean'));
    for (const file of Object.values(FILES)) await copyFile(join(CREWAI, file), join(dir, 'clean', file));
    const result = await runCli(['scan', `yaml:${dir}/clean`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(`no secrets found in 3 cassettes in yaml:${dir}/clean\n`);
  });

  it('names store, cassette, interaction and location of each secret, masked, and exits 1', async () => {
    await plantedStore(join(dir, 's'));
    const result = await runCli(['scan', `yaml:${dir}/s`]);
    expect(result.code).toBe(1);
    const store = `yaml:${dir}/s`;
    expect(result.stdout.split('\n').filter((l) => l.startsWith(store))).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${store} gemini #1 request\\.headers\\.x-goog-api-key\\[0\\]: Google API key header \\(api-key-header\\) AIza…${GOOGLE.slice(-4)} \\[[0-9a-f]{16}\\]$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `^${store} hooks #1 request\\.headers\\.authorization\\[0\\]: Authorization credentials \\(authorization\\) sk-p…${OPENAI.slice(-4)} \\[[0-9a-f]{16}\\]$`,
        ),
      ),
      expect.stringMatching(
        /hooks #1 response\.headers\.Set-Cookie\[0\] \(cookie\): session cookie \(cookie\) s[^ ]*…[^ ]* \[/,
      ),
    ]);
    expect(result.stdout).toContain(`3 secrets in 2 of 3 cassettes in ${store}`);
    for (const secret of [OPENAI, GOOGLE, SESSION]) expect(result.stdout).not.toContain(secret);

    const json = await runCli(['scan', store, '--json']);
    expect(json.code).toBe(1);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ store, scanned: 3, failures: [] });
    expect(report.findings).toHaveLength(3);
    expect(report.findings[0]).toEqual({
      cassette: 'gemini',
      interaction: 1,
      location: 'request.headers.x-goog-api-key[0]',
      rule: 'api-key-header',
      description: 'Google API key header',
      severity: 'secret',
      preview: `AIza…${GOOGLE.slice(-4)}`,
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
    });
  });

  it('--identifiers also reports organisation and project ids', async () => {
    await plantedStore(join(dir, 's'));
    const result = await runCli(['scan', `yaml:${dir}/s`, '--identifiers', '--json']);
    const rules = JSON.parse(result.stdout).findings.map((f: { rule: string }) => f.rule);
    expect(rules).toContain('account-id-header'); // chat.yaml: openai-organization: crewai-iuxna1
  });

  it('an allow-list (--allow FILE, or .cassette-allow.json in the project) silences known findings', async () => {
    await plantedStore(join(dir, 's'));
    const first = JSON.parse((await runCli(['scan', `yaml:${dir}/s`, '--json'])).stdout);
    const google = first.findings.find((f: { cassette: string }) => f.cassette === 'gemini');
    await writeFile(
      join(dir, 'allow.json'),
      JSON.stringify({ allow: [google.fingerprint, { rule: 'cookie', cassette: 'hooks' }] }),
    );
    const allowed = await runCli(['scan', `yaml:${dir}/s`, '--allow', join(dir, 'allow.json'), '--json']);
    expect(allowed.code).toBe(1);
    expect(JSON.parse(allowed.stdout).findings.map((f: { rule: string }) => f.rule)).toEqual([
      'authorization',
    ]);
    // The project's file is picked up from the folder the command runs in.
    await writeFile(join(dir, '.cassette-allow.json'), JSON.stringify([{ cassette: '*' }]));
    const project = await runCli(['scan', 'yaml:s'], { cwd: dir });
    expect(project.code, project.stdout).toBe(0);
    const bad = await runCli(['scan', 'yaml:s', '--allow', 'nope.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cannot read the allow-list');
  });

  it('answers usage errors with exit 2; --help shows an example', async () => {
    expect((await runCli(['scan'])).code).toBe(2);
    expect((await runCli(['scan', `yaml:${dir}/missing`])).code).toBe(2);
    const help = await runCli(['scan', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('$ cassette scan yaml:tests/cassettes');
    const redactHelp = await runCli(['redact', '--help']);
    expect(redactHelp.stdout).toContain('$ cassette redact yaml:tests/cassettes');
    const migrateHelp = await runCli(['migrate', '--help']);
    expect(migrateHelp.stdout).toContain('--redact');
  });
});

describe('cassette redact', () => {
  it('in place: rewrites only cassettes with secrets, in their own style, and a second scan is clean', async () => {
    await plantedStore(join(dir, 's'));
    const chatBefore = await readFile(join(dir, 's', 'chat.yaml'), 'utf8');
    const result = await runCli(['redact', `yaml:${dir}/s`, ...CREWAI_PLACEHOLDERS]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^redacted +hooks {2}2 secrets$/m);
    expect(result.stdout).toMatch(/^redacted +gemini {2}1 secret$/m);
    expect(result.stdout).not.toContain('chat');
    expect(result.stdout).toContain(`3 secrets redacted in 2 of 3 cassettes in yaml:${dir}/s, 0 failed`);
    // crewAI's placeholders restored: the files are crewAI's files again, byte for byte.
    expect(await readFile(join(dir, 's', 'hooks.yaml'), 'utf8')).toBe(await original('hooks'));
    expect(await readFile(join(dir, 's', 'gemini.yaml'), 'utf8')).toBe(await original('gemini'));
    expect(await readFile(join(dir, 's', 'chat.yaml'), 'utf8')).toBe(chatBefore);
    expect((await runCli(['scan', `yaml:${dir}/s`])).code).toBe(0);
  });

  it('the diff of a redacted file shows only the redacted values', async () => {
    await plantedStore(join(dir, 's'));
    const plantedText = (await readFile(join(dir, 's', 'chat.yaml'), 'utf8'))
      .replace(
        'uri: https://api.openai.com/v1/chat/completions',
        `uri: https://api.openai.com/v1/chat/completions?token=${SESSION}`,
      )
      .replace(
        '      x-stainless-arch:\n',
        `      x-api-key:\n      - ${SESSION}\n      x-stainless-arch:\n`,
      );
    await writeFile(join(dir, 's', 'chat.yaml'), plantedText);
    const result = await runCli(['redact', `yaml:${dir}/s`, '--only', 'chat']);
    expect(result.code, result.stderr).toBe(0);
    const redacted = await readFile(join(dir, 's', 'chat.yaml'), 'utf8');
    const a = plantedText.split('\n');
    const b = redacted.split('\n');
    expect(b.length).toBe(a.length);
    const changed = a.flatMap((line, i) => (line === b[i] ? [] : [[line, b[i]]]));
    expect(changed).toEqual([
      [`      - ${SESSION}`, '      - REDACTED'],
      [
        `    uri: https://api.openai.com/v1/chat/completions?token=${SESSION}`,
        '    uri: https://api.openai.com/v1/chat/completions?token=REDACTED',
      ],
    ]);
  });

  it('in a json store too; verify then finds it equal to crewAI originals', async () => {
    await plantedStore(join(dir, 's'));
    const migrate = await runCli(['migrate', `yaml:${dir}/s`, `json:${dir}/j`]);
    expect(migrate.code, migrate.stderr).toBe(0);
    const before = await runCli(['scan', `json:${dir}/j`]);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('3 secrets in 2 of 3 cassettes');
    const redact = await runCli(['redact', `json:${dir}/j`, ...CREWAI_PLACEHOLDERS, '--json']);
    expect(redact.code, redact.stderr).toBe(0);
    expect(JSON.parse(redact.stdout)).toMatchObject({
      cassettes: 3,
      redacted: ['gemini', 'hooks'],
      failures: [],
    });
    expect((await runCli(['scan', `json:${dir}/j`])).code).toBe(0);
    for (const secret of [OPENAI, GOOGLE, SESSION]) {
      for (const file of await readdir(join(dir, 'j'), { recursive: true }))
        if (file.endsWith('.json'))
          expect(await readFile(join(dir, 'j', file), 'utf8')).not.toContain(secret);
    }
    // Same content as crewAI's masked originals.
    await mkdir(join(dir, 'o'));
    await copyFile(join(CREWAI, FILES.hooks), join(dir, 'o', 'hooks.yaml'));
    await copyFile(join(CREWAI, FILES.gemini), join(dir, 'o', 'gemini.yaml'));
    await copyFile(join(CREWAI, FILES.chat), join(dir, 'o', 'chat.yaml'));
    const verify = await runCli(['verify', `yaml:${dir}/o`, `json:${dir}/j`]);
    expect(verify.code, verify.stdout).toBe(0);
  });

  it('--to writes a redacted copy of every cassette and leaves the source as it was', async () => {
    await plantedStore(join(dir, 's'));
    const hooks = await readFile(join(dir, 's', 'hooks.yaml'), 'utf8');
    const result = await runCli(['redact', `yaml:${dir}/s`, '--to', `yaml:${dir}/out`]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('3 cassettes from');
    expect(result.stdout).toContain('2 redacted, 3 copied');
    expect(await readFile(join(dir, 's', 'hooks.yaml'), 'utf8')).toBe(hooks);
    expect((await runCli(['scan', `yaml:${dir}/out`])).code).toBe(0);
    expect(await readFile(join(dir, 'out', 'chat.yaml'), 'utf8')).toBe(await original('chat'));
  });

  it('--dry-run reports and writes nothing', async () => {
    await plantedStore(join(dir, 's'));
    const hooks = await readFile(join(dir, 's', 'hooks.yaml'), 'utf8');
    const result = await runCli(['redact', `yaml:${dir}/s`, '--dry-run']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^would redact +hooks {2}2 secrets$/m);
    expect(await readFile(join(dir, 's', 'hooks.yaml'), 'utf8')).toBe(hooks);
  });

  it('refuses placeholders that scan would report, and malformed --placeholder-for, with exit 2', async () => {
    await plantedStore(join(dir, 's'));
    const real = await runCli(['redact', `yaml:${dir}/s`, '--placeholder', 'hunter2hunter2']);
    expect(real.code).toBe(2);
    expect(real.stderr).toContain('looks like a real value');
    const bad = await runCli(['redact', `yaml:${dir}/s`, '--placeholder-for', 'Authorization=XXX']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('KIND:NAME=TEXT');
  });
});

describe('cassette migrate --redact', () => {
  it('copies with secrets replaced; the source keeps them', async () => {
    await plantedStore(join(dir, 's'));
    const result = await runCli(['migrate', `yaml:${dir}/s`, `json:${dir}/j`, '--redact']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('3 copied');
    expect((await runCli(['scan', `json:${dir}/j`])).code).toBe(0);
    expect((await runCli(['scan', `yaml:${dir}/s`])).code).toBe(1);
    const text = await readFile(join(dir, 'j', 'hooks.json'), 'utf8');
    expect(text).toContain('"REDACTED"');
    expect(text).not.toContain(OPENAI);
    // Patterns inside bodies are redacted on the way too.
    await writeFile(
      join(dir, 's', 'chat.yaml'),
      (await readFile(join(dir, 's', 'chat.yaml'), 'utf8')).replace(
        'The capital of France',
        `The key ${GITHUB}`,
      ),
    );
    await runCli(['migrate', `yaml:${dir}/s`, `yaml:${dir}/y`, '--redact']);
    const chat = await readFile(join(dir, 'y', 'chat.yaml'), 'utf8');
    expect(chat).not.toContain(GITHUB);
    // PyYAML folds the long quoted body, so the sentence may be split across lines.
    expect(chat.replace(/\\\n\s*\\?/g, '')).toContain('The key REDACTED is Paris.');
  });
});

describe('in a sqlite store', () => {
  it('scan finds the planted secrets, redact replaces them in place, a second scan is clean', async () => {
    await plantedStore(join(dir, 's'));
    const db = `sqlite:${dir}/c.db`;
    expect((await runCli(['migrate', `yaml:${dir}/s`, db])).code).toBe(0);
    const before = await runCli(['scan', db, '--json']);
    expect(before.code).toBe(1);
    expect(
      JSON.parse(before.stdout)
        .findings.map((f: { cassette: string; location: string }) => `${f.cassette} ${f.location}`)
        .sort(),
    ).toEqual([
      'gemini request.headers.x-goog-api-key[0]',
      'hooks request.headers.authorization[0]',
      'hooks response.headers.Set-Cookie[0] (cookie)',
    ]);
    const redact = await runCli(['redact', db, ...CREWAI_PLACEHOLDERS]);
    expect(redact.code, redact.stderr).toBe(0);
    expect(redact.stdout).toContain('3 secrets redacted in 2 of 3 cassettes');
    expect((await runCli(['scan', db])).code).toBe(0);
    // Back out to YAML: crewAI's files again, byte for byte.
    expect((await runCli(['migrate', db, `yaml:${dir}/back`])).code).toBe(0);
    expect(await readFile(join(dir, 'back', 'hooks.yaml'), 'utf8')).toBe(await original('hooks'));
    expect(await readFile(join(dir, 'back', 'gemini.yaml'), 'utf8')).toBe(await original('gemini'));
  });

  it('secrets in a gzip body (JSON and text) and a query, through sqlite and back to YAML', async () => {
    await mkdir(join(dir, 'g'));
    // tweepy's real gzip-bodied cassette, with a token planted inside the compressed body.
    const { gzipSync } = await import('node:zlib');
    const body = gzipSync(
      Buffer.from(`{"data": {"id": "1", "access_token": "${SESSION}", "note": "${GITHUB}"}}`),
    );
    const tweepy = (
      await readFile(
        join(REPO, 'fixtures/corpus/vcrpy/tweepy__tweepy/cassettes__test_client_get_me.yaml'),
        'utf8',
      )
    )
      .replace(
        /string: !!binary \|\n(?: {8}.*\n)+/,
        `string: !!binary |\n        ${body.toString('base64')}\n`,
      )
      .replace(
        'uri: https://api.twitter.com/2/users/me',
        `uri: https://api.twitter.com/2/users/me?access_token=${SESSION}`,
      );
    await writeFile(join(dir, 'g', 'tweepy.yaml'), tweepy);
    const db = `sqlite:${dir}/g.db`;
    expect((await runCli(['migrate', `yaml:${dir}/g`, db])).code).toBe(0);
    const scan = JSON.parse((await runCli(['scan', db, '--json'])).stdout);
    expect(scan.findings.map((f: { location: string }) => f.location).sort()).toEqual([
      'request.uri (query: access_token)',
      'response.body (gzip, json: $.data.access_token)',
      'response.body (gzip, text)',
    ]);
    expect((await runCli(['redact', db])).code).toBe(0);
    expect((await runCli(['scan', db])).code).toBe(0);
    expect((await runCli(['migrate', db, `yaml:${dir}/gback`])).code).toBe(0);
    const back = await readFile(join(dir, 'gback', 'tweepy.yaml'), 'utf8');
    expect(back).toContain('access_token=REDACTED');
    expect(back).toContain('string: !!binary');
  });
});
