import type { CassetteStore } from '@cassettekit/core';
import { type Finding, redactCassette } from '@cassettekit/secrets';
import type { Command } from 'commander';
import { migrateStores } from '../lib/migrate.js';
import { loadConfig, resolveStore } from '../util/config.js';
import { EXIT_FAILED, EXIT_OK, type Failure, failureOf, UsageError } from '../util/exit.js';
import { plural } from '../util/format.js';
import { collectGlobs, collectValues, type NameFilter, nameFilter, unmatchedMessage } from '../util/glob.js';
import { listNames, openSource, openTarget } from '../util/open.js';
import { forEachLimited } from '../util/pool.js';
import { createProgress, type Progress } from '../util/progress.js';
import {
  ALLOW_FILE,
  loadAllowList,
  placeholderOptions,
  redactTransform,
  type SecretsFlags,
} from '../util/secrets.js';

interface RedactFlags {
  to?: string;
  placeholder?: string;
  placeholderFor: string[];
  allow?: string;
  identifiers?: boolean;
  only: string[];
  exclude: string[];
  dryRun?: boolean;
  json?: boolean;
  concurrency: string;
}

export function registerRedact(program: Command, setExit: (code: number) => void): void {
  program
    .command('redact')
    .description('replace the credentials scan finds with placeholders, in place or into another store')
    .argument('<store>', 'store URL or remote name')
    .option('--to <store>', 'write the redacted cassettes there (all of them) instead of in place')
    .option('--placeholder <text>', 'what replaces a secret (default: REDACTED)')
    .option(
      '--placeholder-for <spec>',
      'per header, parameter, field or rule (repeatable): header:Authorization=XXX, param:api_key=DUMMY, field:password=****, rule:jwt=REDACTED',
      collectValues,
      [],
    )
    .option('--allow <file>', `allow-list of values to keep (default: ${ALLOW_FILE} if present)`)
    .option('--identifiers', 'also replace account and project ids (openai-organization, ...)')
    .option('--only <glob>', 'only cassettes whose names match; repeat it or use commas', collectGlobs, [])
    .option('--exclude <glob>', 'skip cassettes whose names match; repeat it or use commas', collectGlobs, [])
    .option('--dry-run', 'report what would be redacted; write nothing')
    .option('--json', 'print {store, to, cassettes, redacted, findings, failures} as JSON')
    .option('--concurrency <n>', 'cassettes handled at once', '4')
    .addHelpText(
      'after',
      `
In place, only cassettes with findings are rewritten, each with a compare-and-swap on the version
that was read (a cassette changed meanwhile is reported, not overwritten). The auth scheme, cookie
names and attributes, URL and JSON encodings and body compression are kept, and YAML files are
written back in their own style, so a diff shows only the replaced values. With --to, every
cassette is copied (redacted where needed), like "migrate --redact".

Examples:
  $ cassette redact yaml:tests/cassettes
  $ cassette redact yaml:tests/cassettes --placeholder XXX --placeholder-for header:Authorization=DUMMY
  $ cassette redact yaml:tests/cassettes --to s3://ci-cassettes/shared --dry-run`,
    )
    .action(async (arg: string, flags: RedactFlags) => {
      const concurrency = Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new UsageError('--concurrency must be a whole number >= 1');
      const cwd = process.cwd();
      const config = await loadConfig(cwd);
      const secrets: SecretsFlags = {
        placeholder: placeholderOptions(flags.placeholder, flags.placeholderFor),
        identifiers: flags.identifiers === true,
        ...(await loadAllowList(flags.allow, config, cwd).then((allow) =>
          allow === undefined ? {} : { allow },
        )),
      };
      const filter = nameFilter(flags.only, flags.exclude);
      const source = await openSource(resolveStore(arg, config, cwd));
      try {
        if (flags.to !== undefined) {
          await redactInto(
            source,
            flags.to,
            { ...flags, concurrency },
            secrets,
            filter,
            setExit,
            config,
            cwd,
          );
          return;
        }
        const names = (await listNames(source)).filter(filter.accepts);
        const unmatched = filter.unmatched();
        const progress = createProgress(names.length, {
          json: flags.json === true,
          quiet: new Set(['clean']),
          pad: 12,
        });
        const found = new Map<string, Finding[]>();
        const failures: Failure[] = [];
        await forEachLimited(names, concurrency, async (name) => {
          try {
            const got = await source.get(name);
            const result = got === null ? null : redactCassette(got.cassette, { name, ...secrets });
            if (got === null || result === null || !result.changed) {
              progress.item(name, 'clean');
              return;
            }
            if (flags.dryRun !== true) await source.put(name, result.cassette, { ifVersion: got.version });
            found.set(name, result.findings);
            progress.item(
              name,
              flags.dryRun === true ? 'would redact' : 'redacted',
              plural(result.findings.length, 'secret'),
            );
          } catch (error) {
            const failure = failureOf(name, error);
            failures.push(failure);
            progress.item(name, 'failed', failure.message);
          }
        });
        progress.done();
        failures.sort((a, b) => (a.name < b.name ? -1 : 1));
        const findings = names.flatMap((name) => found.get(name) ?? []);
        if (flags.json === true) {
          process.stdout.write(
            `${JSON.stringify(
              {
                store: source.url,
                dryRun: flags.dryRun === true,
                cassettes: names.length,
                redacted: [...found.keys()].sort(),
                findings,
                failures,
              },
              null,
              2,
            )}\n`,
          );
        } else {
          for (const failure of failures) process.stderr.write(`failed: ${failure.message}\n`);
          process.stdout.write(
            `${plural(findings.length, 'secret')} ${flags.dryRun === true ? 'would be redacted' : 'redacted'} in ${found.size} of ${plural(names.length, 'cassette')} in ${source.url}, ${failures.length} failed\n`,
          );
          if (failures.some((f) => f.code === 'CONFLICT'))
            process.stderr.write(
              'Some cassettes changed while being redacted: run the same command again.\n',
            );
        }
        if (unmatched.length > 0) process.stderr.write(`${unmatchedMessage(unmatched, source.url)}\n`);
        setExit(failures.length > 0 || unmatched.length > 0 ? EXIT_FAILED : EXIT_OK);
      } finally {
        await source.close();
      }
    });
}

/** `redact --to`: a migration with the redaction as its transform. */
async function redactInto(
  source: CassetteStore,
  to: string,
  flags: Omit<RedactFlags, 'concurrency'> & { concurrency: number },
  secrets: SecretsFlags,
  filter: NameFilter,
  setExit: (code: number) => void,
  config: Awaited<ReturnType<typeof loadConfig>>,
  cwd: string,
): Promise<void> {
  const target = await openTarget(resolveStore(to, config, cwd));
  try {
    const redact = redactTransform(secrets);
    const redacted = new Set<string>();
    let progress: Progress | undefined;
    const summary = await migrateStores(source, target, {
      filter: filter.accepts,
      concurrency: flags.concurrency,
      dryRun: flags.dryRun === true,
      transform: (name, cassette) => {
        const out = redact(name, cassette);
        if (out !== cassette) redacted.add(name);
        return out;
      },
      onStart: (total) => {
        progress = createProgress(total, { json: flags.json === true });
      },
      onItem: (item) =>
        progress?.item(
          item.name,
          item.outcome,
          item.error?.message ?? (redacted.has(item.name) ? '(redacted)' : undefined),
        ),
    });
    progress?.done();
    const unmatched = filter.unmatched();
    if (flags.json === true) {
      process.stdout.write(
        `${JSON.stringify({ store: source.url, to: target.url, redacted: [...redacted].sort(), ...summary }, null, 2)}\n`,
      );
    } else {
      process.stdout.write(
        `${summary.total} cassettes from ${source.url} to ${target.url}: ${redacted.size} redacted, ${summary.copied} copied, ${summary.unchanged} unchanged, ${summary.failed} failed\n`,
      );
    }
    if (unmatched.length > 0) process.stderr.write(`${unmatchedMessage(unmatched, source.url)}\n`);
    setExit(summary.failed > 0 || unmatched.length > 0 ? EXIT_FAILED : EXIT_OK);
  } finally {
    await target.close();
  }
}
