import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

describe('the package layout', () => {
  it('no source file is over 400 lines', () => {
    const long = readdirSync(SRC)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => ({ f, lines: readFileSync(SRC + f, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 400);
    expect(long).toEqual([]);
  });
});
