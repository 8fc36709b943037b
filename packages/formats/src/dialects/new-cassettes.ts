import { type Cassette, createError, type DialectName } from '@cassettekit/core';
import { convertCassette } from './convert.js';
import { isDialectName } from './dialect.js';
import { dialectOf } from './registry.js';

/**
 * A store's `?dialect=`: the dialect of the cassettes it creates. A cassette that comes with no format
 * (made by a bridge or a program, not read from a file) in vcrpy's shape is written in it; cassettes
 * read from a store keep their own dialect (`cassette convert` changes that).
 */
export function inStoreDialect(cassette: Cassette, dialect: DialectName | undefined): Cassette {
  if (dialect === undefined || dialect === 'vcrpy' || cassette.format !== undefined) return cassette;
  if (dialectOf(cassette).name !== 'vcrpy') return cassette;
  return convertCassette(cassette, dialect, '').cassette;
}

/** Reads `?dialect=NAME` from a store URL (undefined when absent); another value is INVALID_URL. */
export function dialectFromParams(params: URLSearchParams): DialectName | undefined {
  const value = params.get('dialect');
  if (value === null) return undefined;
  if (!isDialectName(value)) {
    throw createError(
      'INVALID_URL',
      `dialect=${value} is not one of vcrpy, ruby-vcr, har, go-vcr, nock, betamax`,
      {
        hint: 'e.g. json:./recordings?dialect=har',
      },
    );
  }
  return value;
}
