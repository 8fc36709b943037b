import { type CassetteStore, isCassetteError } from '@cassettekit/core';
import type { Command } from 'commander';
import { registry } from '../registry.js';
import { loadConfig, type ResolvedStore, resolveStore } from '../util/config.js';
import { EXIT_FAILED, EXIT_OK, failureOf, UsageError } from '../util/exit.js';
import { isMissingStore } from '../util/open.js';
import { forEachLimited } from '../util/pool.js';
import { printable } from '../util/printable.js';

/** One piece of damage: `name` is null when it concerns the store rather than one cassette. */
export interface Damage {
  readonly name: string | null;
  readonly code: string;
  readonly message: string;
}

export interface CheckReport {
  readonly checked: number;
  readonly damaged: Damage[];
}

/**
 * What a store may offer beyond reading its cassettes: a check of its own storage (SQLite: its
 * integrity check, every stored value against its hash), declared by the capability `selfCheck`.
 */
interface SelfCheck {
  check(): Promise<{
    readonly problems: readonly { readonly cassette: string | null; readonly message: string }[];
  }>;
}

function selfCheckOf(store: CassetteStore): SelfCheck | null {
  const declared = (store.capabilities as { selfCheck?: unknown }).selfCheck === true;
  const candidate = store as CassetteStore & Partial<SelfCheck>;
  return declared && typeof candidate.check === 'function' ? (candidate as SelfCheck) : null;
}

/** Reads every cassette (and asks the store to check itself when it can); reports what is damaged. */
export async function checkStore(store: CassetteStore): Promise<CheckReport> {
  const damaged: Damage[] = [];
  const names: string[] = [];
  try {
    for await (const entry of store.list()) names.push(entry.name);
  } catch (error) {
    damaged.push({ ...failureOf('', error), name: null });
  }
  await forEachLimited(names, 8, async (name) => {
    try {
      if ((await store.get(name)) === null)
        damaged.push({ name, code: 'NOT_FOUND', message: `${name} is listed but cannot be found` });
    } catch (error) {
      damaged.push(failureOf(name, error));
    }
  });
  const self = selfCheckOf(store);
  if (self !== null) {
    try {
      const seen = new Set(damaged.map((d) => d.name));
      for (const p of (await self.check()).problems) {
        if (p.cassette !== null && seen.has(p.cassette)) continue; // already reported when read
        damaged.push({ name: p.cassette, code: 'DAMAGED', message: p.message });
      }
    } catch (error) {
      damaged.push({ ...failureOf('', error), name: null });
    }
  }
  damaged.sort((a, b) => ((a.name ?? '') < (b.name ?? '') ? -1 : (a.name ?? '') > (b.name ?? '') ? 1 : 0));
  return { checked: names.length, damaged };
}

/** Opens the store to check without writing to it; a store that does not exist is a usage error. */
async function openForCheck(store: ResolvedStore): Promise<CassetteStore> {
  try {
    return await registry.open(store.url, { cwd: store.cwd, readOnly: true });
  } catch (error) {
    if (isMissingStore(error)) throw new UsageError((error as Error).message);
    throw error;
  }
}

export function registerCheck(program: Command, setExit: (code: number) => void): void {
  program
    .command('check')
    .description('read every cassette of a store and report damage (SQLite: also its integrity and hashes)')
    .argument('[store]', 'store URL or remote name (default: the project store)')
    .option('--json', 'print {store, ok, checked, damaged: [{name, code, message}]} as JSON')
    .addHelpText(
      'after',
      '\nExits 0 when nothing is damaged, 1 when anything is.\n\nExample:\n  $ cassette check sqlite:cassettes.db',
    )
    .action(async (arg: string | undefined, flags: { json?: boolean }) => {
      const cwd = process.cwd();
      let store: CassetteStore;
      try {
        store = await openForCheck(resolveStore(arg, await loadConfig(cwd), cwd));
      } catch (error) {
        // A store too damaged to open is what this command is for: report it, exit 1.
        if (!isCassetteError(error) || isCassetteError(error, 'INVALID_URL')) throw error;
        const damage = { ...failureOf('', error), name: null };
        if (flags.json === true)
          process.stdout.write(
            `${JSON.stringify({ store: arg ?? null, ok: false, checked: 0, damaged: [damage] }, null, 2)}\n`,
          );
        else process.stdout.write(`damaged: ${damage.message}\n`);
        setExit(EXIT_FAILED);
        return;
      }
      try {
        const report = await checkStore(store);
        const ok = report.damaged.length === 0;
        if (flags.json === true) {
          process.stdout.write(`${JSON.stringify({ store: store.url, ok, ...report }, null, 2)}\n`);
        } else {
          for (const d of report.damaged)
            process.stdout.write(
              `damaged ${d.name === null ? '(store)' : printable(d.name)}: ${d.message}\n`,
            );
          process.stdout.write(
            ok
              ? `${report.checked} cassettes checked in ${store.url}: no damage found\n`
              : `${report.checked} cassettes checked in ${store.url}: ${report.damaged.length} damaged\n`,
          );
        }
        setExit(ok ? EXIT_OK : EXIT_FAILED);
      } finally {
        await store.close();
      }
    });
}
