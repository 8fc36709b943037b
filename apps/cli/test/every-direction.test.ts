import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';

declare module 'vitest' {
  // Provided by the s3 package's global setup (see vitest.config.ts).
  export interface ProvidedContext {
    s3Endpoint: string;
  }
}

const EXAMPLES = join(REPO, 'examples', 'cassettes');
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'cassette-directions-'));
  // A real S3 API on loopback (moto), reached through the standard variables, as in a CI job.
  env = {
    CASSETTE_S3_ENDPOINT: inject('s3Endpoint'),
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'testing',
    AWS_REGION: 'us-east-1',
  };
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function yamlFiles(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.yaml')) {
      const path = join(entry.parentPath, entry.name);
      out.set(path.slice(root.length + 1), await readFile(path, 'utf8'));
    }
  }
  return out;
}

describe('cassette migrate in every direction: yaml, json, sqlite, s3', () => {
  it('yaml -> json -> sqlite -> s3 -> s3+gzip -> sqlite -> yaml gives back every file byte for byte', async () => {
    const bucket = `cli-${randomBytes(4).toString('hex')}`;
    const chain = [
      `yaml:${EXAMPLES}`,
      `json:${dir}/json`,
      `sqlite:${dir}/one.db`,
      `s3://${bucket}/plain`,
      `s3://${bucket}/zipped?compress=gzip`,
      `sqlite:${dir}/two.db`,
      `json:${dir}/json2?indent=2`,
      `yaml:${dir}/back`,
    ];
    for (let i = 0; i + 1 < chain.length; i += 1) {
      const result = await runCli(['migrate', chain[i]!, chain[i + 1]!], { env });
      expect(result.code, `${chain[i]} -> ${chain[i + 1]}: ${result.stderr}${result.stdout}`).toBe(0);
      expect(result.stdout).toContain('9 copied');
      const verify = await runCli(['verify', chain[0]!, chain[i + 1]!], { env });
      expect(verify.code, verify.stdout).toBe(0);
    }
    const original = await yamlFiles(EXAMPLES);
    const back = await yamlFiles(join(dir, 'back'));
    expect([...back.keys()].sort()).toEqual([...original.keys()].sort());
    for (const [path, text] of original) expect(back.get(path) === text, path).toBe(true);
  }, 300_000); // twelve runs of the command over the corpus: minutes on a busy 2-core machine

  it('a missing bucket as a source is a usage error that names it; as a destination it is created', async () => {
    const missing = await runCli(['ls', 's3://no-such-bucket-here/x'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-bucket-here');
    const created = await runCli(
      ['migrate', `yaml:${EXAMPLES}`, `s3://fresh-${randomBytes(3).toString('hex')}/p`],
      { env },
    );
    expect(created.code, created.stderr).toBe(0);
  });

  it('push and pull through an S3 remote', async () => {
    const remote = `s3://sync-${randomBytes(4).toString('hex')}/cassettes`;
    expect((await runCli(['migrate', `yaml:${EXAMPLES}`, remote], { env })).code).toBe(0);
    const pull = await runCli(['pull', remote, `yaml:${dir}/clone`, '--state', `${dir}/state`], { env });
    expect(pull.code, pull.stderr).toBe(0);
    expect(pull.stdout).toContain('9 pulled');
    const again = await runCli(['pull', remote, `yaml:${dir}/clone`, '--state', `${dir}/state`], { env });
    expect(again.stdout).toContain('9 unchanged');
  });
});

describe('scan and redact on an S3 store', () => {
  it('finds a planted credential in the bucket, redacts it in place, and finds nothing after', async () => {
    const token = `ghp_${'Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0FeDcBa98'}`;
    await cp(EXAMPLES, join(dir, 'leaky'), { recursive: true });
    const path = join(dir, 'leaky', 'twitter', 'test_client_get_me.yaml');
    await writeFile(
      path,
      (await readFile(path, 'utf8')).replace(
        'uri: https://api.twitter.com/2/users/me',
        `uri: https://api.twitter.com/2/users/me?access_token=${token}`,
      ),
    );
    const bucket = `s3://leaky-${randomBytes(4).toString('hex')}/c`;
    expect((await runCli(['migrate', `yaml:${dir}/leaky`, bucket], { env })).code).toBe(0);
    const found = await runCli(['scan', bucket], { env });
    expect(found.code).toBe(1);
    expect(found.stdout).toContain('twitter/test_client_get_me #1 request.uri (query: access_token)');
    expect(found.stdout).not.toContain(token);
    const redacted = await runCli(['redact', bucket], { env });
    expect(redacted.code, redacted.stderr + redacted.stdout).toBe(0);
    const clean = await runCli(['scan', bucket], { env });
    expect(clean.code, clean.stdout).toBe(0);
    const diff = await runCli(['diff', `yaml:${dir}/leaky`, bucket], { env });
    expect(diff.stdout).toContain('twitter/test_client_get_me');
    // Only that cassette differs, in the one request whose URI held the token.
    expect(diff.stdout.split('\n').filter((l) => /^\S/.test(l))).toEqual(['twitter/test_client_get_me']);
    // diff masks what scan finds: the token is not printed.
    expect(diff.stdout).toContain(
      '- interaction 1 removed: GET https://api.twitter.com/2/users/me?access_token=%3Csecret%3E',
    );
    expect(diff.stdout).not.toContain(token);
    expect(diff.stdout).toMatch(
      /\+ interaction 1 added: GET https:\/\/api\.twitter\.com\/2\/users\/me\?access_token=\S+/,
    );
  });
});
