import { type Cassette, type DialectName, detectDialect, registerDialectReader } from '@cassettekit/core';
import { betamaxDialect } from './betamax.js';
import { type Dialect, isDialectName } from './dialect.js';
import { goVcrDialect } from './go-vcr.js';
import { harDialect } from './har.js';
import { nockDialect } from './nock.js';
import { rubyVcrDialect } from './ruby-vcr.js';
import { vcrpyDialect } from './vcrpy.js';

/** Every dialect, in the order documents are tried (vcrpy, the fallback, last). */
export const DIALECTS: readonly Dialect[] = [
  harDialect,
  nockDialect,
  betamaxDialect,
  rubyVcrDialect,
  goVcrDialect,
  vcrpyDialect,
];

// Core's accessors (show, diff, stats, the SQLite index, the fingerprint) read through these.
for (const dialect of DIALECTS) registerDialectReader(dialect);

export function dialectByName(name: DialectName): Dialect {
  const found = DIALECTS.find((d) => d.name === name);
  if (found === undefined) throw new Error(`unknown dialect ${name}`);
  return found;
}

/** The dialect of a cassette: the one its style names, else the one its document shows. */
export function dialectOf(cassette: Cassette): Dialect {
  const named = cassette.format?.style?.dialect;
  if (typeof named === 'string' && isDialectName(named)) {
    const dialect = dialectByName(named);
    if (dialect.detect(cassette.data) || Object.keys(cassette.data).length === 0) return dialect;
  }
  return dialectByName(detectDialect(cassette.data));
}
