import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  assertKnownParams,
  type CassetteStore,
  createError,
  type OpenOptions,
  type StoreDriver,
  type StoreUrl,
} from '@cassettekit/core';
import {
  type CassetteCodec,
  dialectFromParams,
  jsonCodec,
  yamlCodec,
  yamlStyleFromParams,
} from '@cassettekit/formats';
import { createFileStore, type FileLayout } from './store/file-store.js';

/** `yaml:DIR?style=libyaml|pyyaml&width=80|inf|N&unicode=false|true&flow=block|auto&dialect=...` */
export const yamlDriver: StoreDriver = {
  schemes: ['yaml'],
  description: 'a folder of YAML cassettes of any tool, <name>.yaml (style, dialect: for new cassettes)',
  example: 'yaml:./tests/cassettes',
  open: async (url, options) => {
    assertKnownParams(url, ['style', 'width', 'unicode', 'flow', 'dialect']);
    return openFolder(
      url,
      options,
      yamlCodec({ style: yamlStyleFromParams(url.params), dialect: dialectFromParams(url.params) }),
    );
  },
};

/** `json:DIR?indent=4&dialect=vcrpy|har|nock|betamax|ruby-vcr` — `.json` and `.har` files. */
export const jsonDriver: StoreDriver = {
  schemes: ['json'],
  description: 'a folder of JSON cassettes of any tool, <name>.json or .har (dialect: for new cassettes)',
  example: 'json:./tests/cassettes',
  open: async (url, options) => {
    assertKnownParams(url, ['indent', 'dialect']);
    const indent = url.params.get('indent');
    const style = {
      codec: 'json' as const,
      indent: indent === null ? 4 : Number(indent),
      sortKeys: false,
      ensureAscii: true,
      newline: true,
    };
    if (!Number.isInteger(style.indent)) {
      throw createError('INVALID_URL', `indent must be a number in ${url.url}`, {
        hint: 'e.g. json:./cassettes?indent=2',
      });
    }
    return openFolder(url, options, jsonCodec({ style, dialect: dialectFromParams(url.params) }));
  },
};

export async function openFolder(
  url: StoreUrl,
  options: OpenOptions,
  codec: CassetteCodec,
  layout?: FileLayout,
): Promise<CassetteStore> {
  if (url.location === '') {
    throw createError('INVALID_URL', `no folder in ${JSON.stringify(url.url)}`, {
      hint: `Write it as ${url.scheme}:./path/to/cassettes`,
    });
  }
  const dir = resolve(options.cwd ?? process.cwd(), url.location);
  const info = await stat(dir).catch(() => null);
  if (info === null && options.create !== true) {
    throw createError('NOT_FOUND', `the folder ${dir} does not exist`, {
      store: url.url,
      hint: 'Check the path (it is relative to the current folder)',
    });
  }
  if (info !== null && !info.isDirectory()) {
    throw createError('UNAVAILABLE', `${dir} is not a folder`, {
      store: url.url,
      hint: `A ${url.scheme}: store is a folder of cassette files`,
    });
  }
  return createFileStore({
    dir,
    codec,
    url: url.url,
    readOnly: options.readOnly ?? false,
    ...(layout === undefined ? {} : { layout }),
  });
}
