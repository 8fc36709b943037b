import { randomBytes } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// inject('s3Endpoint') is typed by the kit's S3 server, which the global setup starts (vitest.config.ts).
import type {} from '@cassettekit/store-test-suite/s3-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';

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
      const createBucket = chain[i + 1]!.startsWith('s3://') ? ['--create-bucket'] : [];
      const result = await runCli(['migrate', chain[i]!, chain[i + 1]!, ...createBucket], { env });
      expect(result.code, `${chain[i]} -> ${chain[i + 1]}: ${result.stderr}${result.stdout}`).toBe(0);
      expect(result.stdout).toContain('9 copied');
      const verify = await runCli(['verify', chain[0]!, chain[i + 1]!], { env });
      expect(verify.code, verify.stdout).toBe(0);
    }
    const original = await yamlFiles(EXAMPLES);
    const back = await yamlFiles(join(dir, 'back'));
    expect([...back.keys()].sort()).toEqual([...original.keys()].sort());
    for (const [path, text] of original) expect(back.get(path) === text, path).toBe(true);
    // Fourteen CLI processes, seven of them against S3: generous for a busy 2-core machine.
  }, 300_000);

  it('a missing bucket is a usage error that names it, as a source and as a destination, unless --create-bucket', async () => {
    const missing = await runCli(['ls', 's3://no-such-bucket-here/x'], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no-such-bucket-here');
    const bucket = `fresh-${randomBytes(3).toString('hex')}`;
    for (const dryRun of [['--dry-run'], []]) {
      const refused = await runCli(['migrate', `yaml:${EXAMPLES}`, `s3://${bucket}/p`, ...dryRun], { env });
      expect(refused.code, refused.stderr).toBe(2);
      expect(refused.stderr).toContain(bucket);
      expect(refused.stderr).toContain('--create-bucket');
    }
    const stillMissing = await runCli(['ls', `s3://${bucket}/p`], { env });
    expect(stillMissing.code, 'no bucket was created').toBe(2);
    const dry = await runCli(
      ['migrate', `yaml:${EXAMPLES}`, `s3://${bucket}/p`, '--dry-run', '--create-bucket'],
      {
        env,
      },
    );
    expect(dry.code, dry.stderr).toBe(0);
    const created = await runCli(['migrate', `yaml:${EXAMPLES}`, `s3://${bucket}/p`, '--create-bucket'], {
      env,
    });
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain('9 copied');
    const notS3 = await runCli(['migrate', `yaml:${EXAMPLES}`, `yaml:${dir}/nobucket`, '--create-bucket'], {
      env,
    });
    expect(notS3.code).toBe(2);
    expect(notS3.stderr).toContain('--create-bucket is for s3:// destinations');
  });

  it('ls and migrate name the keys under the prefix that are no cassette as skipped (stderr and --json)', async () => {
    const bucket = `odd-${randomBytes(3).toString('hex')}`;
    const url = `s3://${bucket}/c`;
    expect((await runCli(['migrate', `yaml:${EXAMPLES}`, url, '--create-bucket'], { env })).code).toBe(0);
    // Written past the store, as another tool could: moto on loopback takes unsigned requests.
    for (const key of ['c/a//b.yaml', 'c/noextension', 'c/notes.txt']) {
      const response = await fetch(`${inject('s3Endpoint')}/${bucket}/${key}`, { method: 'PUT', body: 'x' });
      expect(response.status, key).toBe(200);
    }
    const ls = await runCli(['ls', url], { env });
    expect(ls.code, ls.stderr).toBe(0);
    expect(ls.stdout.trim().split('\n')).toHaveLength(9);
    for (const key of ['c/a//b.yaml', 'c/noextension', 'c/notes.txt'])
      expect(ls.stderr).toContain(`skipped in ${url}: ${key} (`);
    expect(ls.stderr).toContain('"a//b" is not a valid cassette name');
    const lsJson = JSON.parse((await runCli(['ls', url, '--json'], { env })).stdout);
    expect(lsJson.cassettes).toHaveLength(9);
    expect(lsJson.skipped.map((e: { location: string }) => e.location).sort()).toEqual([
      'c/a//b.yaml',
      'c/noextension',
      'c/notes.txt',
    ]);
    const migrate = await runCli(['migrate', url, `yaml:${dir}/odd`], { env });
    expect(migrate.code, migrate.stderr).toBe(0);
    expect(migrate.stdout).toContain('9 copied');
    expect(migrate.stdout).toContain('3 skipped');
    expect(migrate.stderr).toContain(`skipped in ${url}: c/a//b.yaml (`);
    const json = JSON.parse((await runCli(['migrate', url, `yaml:${dir}/odd`, '--json'], { env })).stdout);
    expect(json.unchanged).toBe(9);
    expect(json.skipped.map((e: { location: string }) => e.location).sort()).toEqual([
      'c/a//b.yaml',
      'c/noextension',
      'c/notes.txt',
    ]);
  });

  it('push and pull through an S3 remote', async () => {
    const remote = `s3://sync-${randomBytes(4).toString('hex')}/cassettes`;
    expect((await runCli(['migrate', `yaml:${EXAMPLES}`, remote, '--create-bucket'], { env })).code).toBe(0);
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
    expect((await runCli(['migrate', `yaml:${dir}/leaky`, bucket, '--create-bucket'], { env })).code).toBe(0);
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
