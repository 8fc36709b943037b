import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseStoreUrl } from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import { s3Driver } from '../src/driver.js';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const PACKAGE = fileURLToPath(new URL('../', import.meta.url));

describe('the package layout', () => {
  it('no source file is over 400 lines', () => {
    const long = readdirSync(SRC)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => ({ f, lines: readFileSync(SRC + f, 'utf8').split('\n').length }))
      .filter(({ lines }) => lines > 400);
    expect(long).toEqual([]);
  });

  it('src/driver.ts holds the s3: driver with its description and example', () => {
    expect(s3Driver.schemes).toEqual(['s3']);
    expect(s3Driver.description).toContain('S3');
    expect(() => parseStoreUrl(s3Driver.example)).not.toThrow();
  });

  it('@cassettekit/s3/driver loads no AWS SDK module until a store is opened', () => {
    // A loader hook in a fresh process reports every module resolved from @aws-sdk.
    const hooks = `export async function resolve(specifier, context, next) {
      if (specifier.startsWith('@aws-sdk/')) process.stderr.write('SDK ' + specifier + '\\n');
      return next(specifier, context);
    }`;
    const script = `
      import { register } from 'node:module';
      register('data:text/javascript,' + encodeURIComponent(${JSON.stringify(hooks)}));
      const { s3Driver } = await import('@cassettekit/s3/driver');
      process.stdout.write(s3Driver.schemes.join(','));
    `;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: PACKAGE,
      encoding: 'utf8',
    });
    expect(run.stdout, run.stderr).toBe('s3');
    expect(run.stderr).not.toContain('SDK ');
  });
});
