import { createError } from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import { describeError } from '../src/util/exit.js';

describe("errors in the command line's words", () => {
  it.each([
    [
      'Check the path, or create it (open with create: true, e.g. as the destination of `cassette migrate`)',
      'like the <to> of "cassette migrate"',
    ],
    [
      'Create it (aws s3 mb s3://b), check the bucket name and ?region=, or open the store with create: true',
      'Create it (aws s3 mb s3://b), check the bucket name and ?region=, or name it as the destination',
    ],
  ])('a hint that speaks of create: true (%#)', (hint, words) => {
    const text = describeError(createError('NOT_FOUND', 'not there', { store: 'x:y', hint }));
    expect(text).not.toContain('create: true');
    expect(text).toContain(words);
  });

  it('a conflict does not speak of ifVersion', () => {
    const text = describeError(
      createError('CONFLICT', 'it already exists (ifVersion: null asks for a new cassette)', {
        cassette: 'a',
      }),
    );
    expect(text).toBe('[cassette] a: it already exists (someone else wrote it meanwhile)');
  });
});
