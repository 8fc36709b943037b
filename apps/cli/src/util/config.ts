import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { UsageError } from './exit.js';

/** A project's choice of store and its named remotes (`cassette.config.json`, or "cassette" in package.json). */
export interface ProjectConfig {
  readonly store?: string;
  readonly remotes: Readonly<Record<string, string>>;
  /** Relative paths in store URLs are relative to this folder (the config file's). */
  readonly dir: string;
  /** The file the configuration came from, if any. */
  readonly file?: string;
}

export const CONFIG_FILE = 'cassette.config.json';

/** The nearest configuration at or above `cwd`; an empty one when there is none. */
export async function loadConfig(cwd: string): Promise<ProjectConfig> {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const own = await readJson(join(dir, CONFIG_FILE));
    if (own !== undefined) return parse(own, dir, join(dir, CONFIG_FILE));
    const pkg = await readJson(join(dir, 'package.json'));
    if (pkg !== undefined && typeof pkg === 'object' && pkg !== null && 'cassette' in pkg) {
      return parse((pkg as { cassette: unknown }).cassette, dir, join(dir, 'package.json'));
    }
    if (dirname(dir) === dir) return { remotes: {}, dir: cwd };
  }
}

export interface ResolvedStore {
  readonly url: string;
  readonly cwd: string;
  /** The configured remote's name (`ci`) when the store was named rather than given as a URL. */
  readonly name?: string;
}

/** How output names a store: the remote's name, else its URL without the query (no ?endpoint=...). */
export function storeLabel(store: ResolvedStore): string {
  if (store.name !== undefined) return store.name;
  const query = store.url.indexOf('?');
  return query === -1 ? store.url : store.url.slice(0, query);
}

/**
 * The store a command works on: the argument (a URL, or the name of a configured remote), else
 * `CASSETTE_STORE`, else the configured store. Relative paths from the configuration resolve against
 * its folder, those from the command line against the current folder.
 */
export function resolveStore(
  arg: string | undefined,
  config: ProjectConfig,
  cwd: string,
  what = 'store',
): ResolvedStore {
  if (arg !== undefined && arg !== '') {
    if (Object.hasOwn(config.remotes, arg)) return { url: config.remotes[arg]!, cwd: config.dir, name: arg };
    return { url: arg, cwd };
  }
  const env = process.env.CASSETTE_STORE;
  if (env !== undefined && env !== '') return { url: env, cwd };
  if (config.store !== undefined) return { url: config.store, cwd: config.dir };
  throw new UsageError(
    `no ${what} given: pass a store URL (e.g. yaml:tests/cassettes), set CASSETTE_STORE, or run "cassette init" to write ${CONFIG_FILE}`,
  );
}

/** The remote a push or pull talks to: the argument, else the only configured remote, else "ci"/"origin". */
export function resolveRemote(arg: string | undefined, config: ProjectConfig, cwd: string): ResolvedStore {
  if (arg !== undefined && arg !== '') return resolveStore(arg, config, cwd, 'remote');
  const names = Object.keys(config.remotes);
  const name =
    names.length === 1 ? names[0] : ['ci', 'origin', 'default'].find((n) => Object.hasOwn(config.remotes, n));
  if (name === undefined) {
    throw new UsageError(
      `no remote given: pass a store URL, or name remotes in ${CONFIG_FILE} ("remotes": {"ci": "s3://bucket/prefix"})`,
    );
  }
  return { url: config.remotes[name]!, cwd: config.dir, name };
}

/** Whether a command-line word names a store (a URL with a known scheme, or a configured remote) rather than a cassette. */
export function isStoreArg(arg: string, config: ProjectConfig, schemes: readonly string[]): boolean {
  if (Object.hasOwn(config.remotes, arg)) return true;
  const m = /^([a-z][a-z0-9+.-]*):/i.exec(arg);
  return m !== null && schemes.includes(m[1]!.toLowerCase());
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

function parse(value: unknown, dir: string, file: string): ProjectConfig {
  if (typeof value !== 'object' || value === null)
    throw new UsageError(`${file}: the cassette configuration must be an object`);
  const { store, remotes } = value as { store?: unknown; remotes?: unknown };
  if (store !== undefined && typeof store !== 'string')
    throw new UsageError(`${file}: "store" must be a store URL string`);
  const checked: Record<string, string> = Object.create(null);
  if (remotes !== undefined) {
    if (typeof remotes !== 'object' || remotes === null)
      throw new UsageError(`${file}: "remotes" must map names to store URLs`);
    for (const [name, url] of Object.entries(remotes)) {
      if (typeof url !== 'string')
        throw new UsageError(`${file}: remote "${name}" must be a store URL string`);
      checked[name] = url;
    }
  }
  return { ...(store === undefined ? {} : { store }), remotes: checked, dir, file };
}
