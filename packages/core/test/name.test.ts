import { describe, expect, it } from 'vitest';
import { assertValidName, isCassetteError, isValidName } from '../src/index.js';

describe('cassette names', () => {
  it('accepts relative paths made of real test names', () => {
    for (const name of [
      'a',
      'agents/test_agent_execution',
      'TestX.test_y[param-1]',
      'a b/c.d',
      'caf\u00e9/\ud83d\ude00',
    ]) {
      expect(isValidName(name), name).toBe(true);
    }
  });

  it.each([
    ['', 'empty'],
    ['/etc/passwd', 'absolute'],
    ['../x', '".." segment'],
    ['a/../../x', '".." segment'],
    ['a/./b', '"." segment'],
    ['.cassette-format/x', 'starts with "."'],
    ['a/.hidden', 'starts with "."'],
    ['a//b', 'empty segment'],
    ['a/', 'empty segment'],
    ['a\\b', 'backslash'],
    ['a\u0000b', 'control character'],
    ['a\nb', 'control character'],
    ['\ud800x', 'lone surrogate'],
    ['x'.repeat(201), 'segment is longer'],
    [`${'x/'.repeat(600)}x`, 'longer than 1024 bytes'],
  ])('refuses %j (%s) with INVALID_NAME', (name, why) => {
    let error: unknown;
    try {
      assertValidName(name, 'yaml:./c');
    } catch (e) {
      error = e;
    }
    expect(isCassetteError(error, 'INVALID_NAME')).toBe(true);
    expect((error as Error).message).toContain('[cassette] [yaml:./c]');
    expect((error as Error).message).toContain(why);
  });
});
