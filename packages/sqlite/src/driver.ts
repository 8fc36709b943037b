import { resolve } from 'node:path';
import { assertKnownParams, createError, type StoreDriver } from '@cassettekit/core';
import { createSqliteStore } from './store.js';

/** `sqlite:PATH` (relative to the working directory); `?mode=ro` opens it read-only. */
export const sqliteDriver: StoreDriver = {
  schemes: ['sqlite'],
  description: 'one SQLite database file: indexed interactions, compressed deduplicated bodies',
  example: 'sqlite:./cassettes.db',
  async open(url, openOptions) {
    const location = url.location.startsWith('//') ? url.location.slice(2) : url.location;
    if (location === '') {
      throw createError('INVALID_URL', `no database path in ${JSON.stringify(url.url)}`, {
        hint: 'Write it as sqlite:PATH, e.g. sqlite:./cassettes.db',
      });
    }
    assertKnownParams(url, ['mode']);
    const mode = url.params.get('mode');
    if (mode !== null && mode !== 'ro' && mode !== 'rw') {
      throw createError('INVALID_URL', `unknown mode "${mode}" in ${JSON.stringify(url.url)}`, {
        hint: 'Use mode=ro (read-only) or mode=rw',
      });
    }
    return createSqliteStore({
      path: resolve(openOptions.cwd ?? process.cwd(), location),
      url: url.url,
      create: (openOptions.create ?? false) && openOptions.readOnly !== true,
      readOnly: mode === 'ro' || openOptions.readOnly === true,
    });
  },
};
