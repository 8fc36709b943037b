import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLES } from './project.js';
import { runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'cassette-verify-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const run = (...args: string[]) => runCli(args, { cwd: work });

describe('cassette verify', () => {
  it('reports a cassette one store cannot read as unreadable, with the error, not as "only in"; exits 1', async () => {
    for (const folder of ['a', 'b']) {
      mkdirSync(join(work, folder));
      copyFileSync(join(EXAMPLES, 'gzip_requests.yaml'), join(work, folder, 'gzip_requests.yaml'));
    }
    writeFileSync(join(work, 'a', 'broken.yaml'), 'interactions: [\n  - {a: 1\n');
    writeFileSync(join(work, 'b', 'evil.yaml'), 'x: !!python/object:os.system 1\n');
    copyFileSync(join(EXAMPLES, 'gzip_requests.yaml'), join(work, 'a', 'extra.yaml'));

    const result = await run('verify', 'yaml:a', 'yaml:b');
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toContain('only in yaml:a: extra\n');
    expect(result.stdout).not.toMatch(/only in .*(broken|evil)/);
    expect(result.stdout).toMatch(/unreadable: \[cassette\] \[yaml:a\] broken: invalid YAML at line 2/);
    expect(result.stdout).toMatch(/unreadable: \[cassette\] \[yaml:b\] evil: refused tag !!python\/object/);
    expect(result.stdout).toContain(
      '1 identical, 0 different, 1 only in yaml:a, 0 only in yaml:b, 2 unreadable',
    );

    const json = JSON.parse((await run('verify', 'yaml:a', 'yaml:b', '--json')).stdout) as {
      ok: boolean;
      onlyInA: string[];
      onlyInB: string[];
      unreadable: { name: string }[];
    };
    expect(json).toMatchObject({ ok: false, onlyInA: ['extra'], onlyInB: [] });
    expect(json.unreadable.map((u) => u.name)).toEqual(['broken', 'evil']);
  });
});
