import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectPerTest } from './project.js';
import { runCli } from './run-cli.js';

const dir = projectPerTest();
const run = (...args: string[]) => runCli(args, { cwd: dir() });

async function textBytes(folder: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(folder, { recursive: true, withFileTypes: true })) {
    if (entry.isFile() && entry.name.endsWith('.yaml'))
      total += (await stat(join(entry.parentPath, entry.name))).size;
  }
  return total;
}

describe("migrate reports the cassettes' text size, whichever way it copies", () => {
  it('yaml: -> sqlite: -> yaml: counts the same bytes, the size of the cassette files', async () => {
    const files = await textBytes(join(dir(), 'cassettes'));
    const into = await run('migrate', 'yaml:cassettes', 'sqlite:c.db', '--json');
    expect(into.code, into.stderr).toBe(0);
    const back = await run('migrate', 'sqlite:c.db', 'yaml:back', '--json');
    expect(back.code, back.stderr).toBe(0);
    expect(JSON.parse(into.stdout).bytes).toBe(files);
    expect(JSON.parse(back.stdout).bytes).toBe(files);
  });
});
