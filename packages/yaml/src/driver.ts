import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  type CassetteStore,
  createError,
  type OpenOptions,
  type StoreDriver,
  type StoreUrl,
} from '@cassettekit/core';
import { type CassetteCodec, jsonCodec, yamlCodec, yamlStyleFromParams } from '@cassettekit/formats';
import { createFileStore } from './store/file-store.js';

/** `yaml:DIR?style=libyaml|pyyaml&width=80|inf|N&unicode=false|true&flow=block|auto` */
export const yamlDriver: StoreDriver = {
  schemes: ['yaml'],
  description: 'a folder of vcrpy YAML files, <name>.yaml (style: default style for new cassettes)',
  example: 'yaml:./tests/cassettes',
  open: async (url, options) =>
    openFolder(url, options, yamlCodec({ style: yamlStyleFromParams(url.params) })),
};

/** `json:DIR?indent=4` — vcrpy's JSON serializer. */
export const jsonDriver: StoreDriver = {
  schemes: ['json'],
  description: 'a folder of vcrpy JSON files, <name>.json (json.dumps(indent=4) + newline)',
  example: 'json:./tests/cassettes',
  open: async (url, options) => {
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
    return openFolder(url, options, jsonCodec({ style }));
  },
};

async function openFolder(url: StoreUrl, options: OpenOptions, codec: CassetteCodec): Promise<CassetteStore> {
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
  return createFileStore({ dir, codec, url: url.url, readOnly: options.readOnly ?? false });
}
