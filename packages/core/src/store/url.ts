import { createError } from '../errors/errors.js';
import type { CassetteStore } from './contract.js';

/** A store URL taken apart: `yaml:./dir?style=libyaml` -> scheme `yaml`, location `./dir`, params. */
export interface StoreUrl {
  readonly url: string;
  readonly scheme: string;
  /** Everything after `scheme:` up to the query (`//bucket/prefix` for `s3://bucket/prefix`). */
  readonly location: string;
  readonly params: URLSearchParams;
}

export function parseStoreUrl(url: string): StoreUrl {
  const match = /^([a-z][a-z0-9+.-]*):(.*)$/i.exec(url);
  if (match === null || match[1]!.length < 2) {
    // One-letter "schemes" are Windows drive letters, not schemes.
    throw createError('INVALID_URL', `not a store URL: ${JSON.stringify(url)}`, {
      hint: 'Write it as scheme:location, e.g. yaml:./tests/cassettes, sqlite:./cassettes.db or s3://bucket/prefix',
    });
  }
  const rest = match[2]!;
  const q = rest.indexOf('?');
  const location = q === -1 ? rest : rest.slice(0, q);
  return {
    url,
    scheme: match[1]!.toLowerCase(),
    location,
    params: new URLSearchParams(q === -1 ? '' : rest.slice(q + 1)),
  };
}

/**
 * Refuses the options a driver does not know (INVALID_URL naming the option and listing the known
 * ones): a misspelt option silently ignored would open the store with other settings than asked.
 */
export function assertKnownParams(url: StoreUrl, known: readonly string[]): void {
  for (const key of url.params.keys()) {
    if (known.includes(key)) continue;
    throw createError('INVALID_URL', `unknown option "${key}" in ${JSON.stringify(url.url)}`, {
      hint:
        known.length === 0
          ? `${url.scheme}: takes no options`
          : `The options of ${url.scheme}: are ${known.join(', ')}`,
    });
  }
}

export interface OpenOptions {
  /** Base for relative paths (default: `process.cwd()`). */
  readonly cwd?: string;
  /** Create the store when it does not exist (a migration's destination). Default false. */
  readonly create?: boolean;
  /**
   * Only read: the store must not change anything it opens (no schema upgrade, no new file), e.g. to
   * inspect a destination during a dry run. Writes through such a store fail. Default false.
   */
  readonly readOnly?: boolean;
}

/** Opens one kind of store; registered under its URL schemes. */
export interface StoreDriver {
  readonly schemes: readonly string[];
  /** One line for `--help` and error messages. */
  readonly description: string;
  /** An example URL. */
  readonly example: string;
  open(url: StoreUrl, options: OpenOptions): Promise<CassetteStore>;
}

/**
 * A driver loaded only when one of its schemes is opened (or `drivers()` lists them all): a host such
 * as the CLI names the schemes a package serves and imports the package on first use, so opening a
 * folder store never loads the AWS SDK. `load` answers the package's own driver objects.
 */
export interface LazyStoreDriver {
  readonly schemes: readonly string[];
  load(): Promise<StoreDriver | readonly StoreDriver[]>;
}

export interface StoreRegistry {
  readonly schemes: readonly string[];
  /** Every driver, loading the lazy ones (for help texts). */
  drivers(): Promise<readonly StoreDriver[]>;
  open(url: string, options?: OpenOptions): Promise<CassetteStore>;
}

/**
 * The store URL registry: `createStoreRegistry([yamlDriver, { schemes: ['s3'], load }]).open("yaml:./dir")`.
 * Drivers given whole are used as they are; lazy ones are loaded once, on first use.
 */
export function createStoreRegistry(entries: readonly (StoreDriver | LazyStoreDriver)[]): StoreRegistry {
  const byScheme = new Map<string, () => Promise<StoreDriver>>();
  const loaders: (() => Promise<readonly StoreDriver[]>)[] = [];
  for (const entry of entries) {
    let loaded: Promise<readonly StoreDriver[]> | undefined;
    const load =
      'load' in entry
        ? () => {
            loaded ??= entry.load().then((d) => (Array.isArray(d) ? d : [d as StoreDriver]));
            return loaded;
          }
        : async () => [entry];
    loaders.push(load);
    for (const scheme of entry.schemes) {
      byScheme.set(scheme, async () => {
        const driver = (await load()).find((d) => d.schemes.includes(scheme));
        if (driver === undefined) {
          throw createError('UNSUPPORTED', `the driver loaded for "${scheme}:" does not serve it`, {
            hint: 'The registry and the package disagree on the scheme: report this as a bug',
          });
        }
        return driver;
      });
    }
  }
  const schemes = [...byScheme.keys()];
  return {
    schemes,
    async drivers() {
      return (await Promise.all(loaders.map((load) => load()))).flat();
    },
    async open(url, options = {}) {
      const parsed = parseStoreUrl(url);
      const driver = byScheme.get(parsed.scheme);
      if (driver === undefined) {
        throw createError(
          'INVALID_URL',
          `unknown store scheme "${parsed.scheme}:" in ${JSON.stringify(url)}`,
          {
            hint: `Known schemes: ${schemes.map((s) => `${s}:`).join(', ')}`,
          },
        );
      }
      return (await driver()).open(parsed, options);
    },
  };
}
