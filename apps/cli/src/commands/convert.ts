import { DIALECT_NAMES, type DialectName } from '@cassettekit/core';
import { convertCassette, dialectByName, isDialectName } from '@cassettekit/formats';
import type { Command } from 'commander';
import { placeCassette } from '../lib/place.js';
import { loadConfig, resolveStore } from '../util/config.js';
import { EXIT_FAILED, EXIT_OK, failureLine, failureOf, UsageError } from '../util/exit.js';
import { collectGlobs, nameFilter, unmatchedMessage } from '../util/glob.js';
import { listNames, openSource, openTarget } from '../util/open.js';

interface ConvertFlags {
  to: string;
  only: string[];
  exclude: string[];
  dryRun?: boolean;
  overwrite?: boolean;
  json?: boolean;
}

export function registerConvert(program: Command, setExit: (code: number) => void): void {
  program
    .command('convert')
    .description("write every cassette of a store into another in another tool's dialect")
    .argument('<from>', 'source store URL (or a configured remote name)')
    .argument('<to>', 'destination store URL (created as needed)')
    .requiredOption('--to <dialect>', `target dialect: ${DIALECT_NAMES.join(', ')}`)
    .option(
      '--only <glob>',
      'only cassettes whose names match (e.g. "agents/**"); repeat it or use commas',
      collectGlobs,
      [],
    )
    .option('--exclude <glob>', 'skip cassettes whose names match; repeat it or use commas', collectGlobs, [])
    .option('--dry-run', 'say what would be converted and lost; write nothing')
    .option(
      '--overwrite',
      'replace destination cassettes that differ from the conversion (default: keep and report them, exit 1)',
    )
    .option(
      '--json',
      'one JSON object per cassette per line: {name, from, to, notes, written, unchanged} or {name, error}',
    )
    .addHelpText(
      'after',
      `
Each cassette goes through the interaction view (method, URL, headers, bodies, status); what the
target cannot carry is said per cassette. Converting twice gives the same bytes: a destination
cassette equal to the conversion is left as it is (unchanged); one that differs (edited, or another
recording) is kept and reported as failed unless --overwrite is given. Exit 0 when every cassette
converted, 1 when any failed (the others are written).

--to har: Polly finds a recording by its recording name (new Polly('suite/test name')), which is
the cassette's name; persister-fs reads <dir>/<slug>_<hash>/recording.har, the layout of a polly:
store. Entries carry the _id Polly computes under its default matchRequestsBy (node-http adapter):
the test must send the requests as recorded (same headers and bodies).

Examples:
  $ cassette convert yaml:tests/cassettes polly:recordings --to har
  $ cassette convert polly:recordings yaml:tests/cassettes --to vcrpy
  $ cassette convert yaml:tests/cassettes json:spec/fixtures --to nock --only "github/**"`,
    )
    .action(async (from: string, to: string, flags: ConvertFlags) => {
      if (!isDialectName(flags.to))
        throw new UsageError(`--to ${flags.to} is not a dialect: use one of ${DIALECT_NAMES.join(', ')}`);
      const dialect: DialectName = flags.to;
      const cwd = process.cwd();
      const config = await loadConfig(cwd);
      refuseUnwritable(dialect, resolveStore(to, config, cwd).url);
      const source = await openSource(resolveStore(from, config, cwd));
      let failed = false;
      try {
        const target = flags.dryRun === true ? null : await openTarget(resolveStore(to, config, cwd));
        try {
          const filter = nameFilter(flags.only, flags.exclude);
          const names = (await listNames(source)).filter(filter.accepts);
          const unmatched = filter.unmatched();
          if (unmatched.length > 0) {
            failed = true;
            process.stderr.write(`${unmatchedMessage(unmatched, source.url)}\n`);
          }
          if (dialect === 'har' && flags.json !== true)
            process.stderr.write(pollyHint(resolveStore(to, config, cwd).url));
          for (const name of names) {
            try {
              const got = await source.get(name);
              if (got === null) continue;
              const conversion = convertCassette(got.cassette, dialect, name);
              const placed =
                target === null
                  ? 'would copy'
                  : await placeCassette(source.url, target, name, conversion.cassette, {
                      overwrite: flags.overwrite === true,
                    });
              const line = {
                name,
                from: conversion.from,
                to: conversion.to,
                notes: conversion.notes,
                written: placed === 'copied',
                unchanged: placed === 'unchanged',
              };
              process.stdout.write(flags.json === true ? `${JSON.stringify(line)}\n` : describe(line));
            } catch (error) {
              failed = true;
              const failure = failureOf(name, error);
              if (flags.json === true) process.stdout.write(`${JSON.stringify({ name, error: failure })}\n`);
              process.stderr.write(`${failureLine(source.url, name, error)}\n`);
            }
          }
        } finally {
          await target?.close();
        }
      } finally {
        await source.close();
      }
      setExit(failed ? EXIT_FAILED : EXIT_OK);
    });
}

/**
 * A folder store writes one text codec (yaml:, json:); a dialect its tool never writes in that codec
 * (go-vcr in JSON, nock or Betamax in YAML) would give files the tool cannot read, and a polly: folder
 * holds HAR only: refused up front.
 */
function refuseUnwritable(dialect: DialectName, to: string): void {
  // A polly: folder is Polly's persister-fs layout: it records HAR, whatever it is given.
  if (to.startsWith('polly:') && dialect !== 'har')
    throw new UsageError(
      `polly: holds HAR only; use --to har (or convert into a yaml:, json: or sqlite: store)`,
    );
  const codec = /^(yaml|json):/.exec(to)?.[1] as 'yaml' | 'json' | undefined;
  const { codecs } = dialectByName(dialect);
  if (codec === undefined || codecs.includes(codec)) return;
  const other = codecs[0];
  throw new UsageError(
    `${dialect} cassettes are ${codecs.join(' or ')}, and ${to} is a ${codec} folder: the tool could not read them. Convert into a ${other}: folder (or sqlite:, s3://) instead`,
  );
}

/** What Polly needs to replay converted HAR: the recording name, and persister-fs's folder layout. */
function pollyHint(to: string): string {
  const layout = to.startsWith('polly:')
    ? `persister-fs finds them with recordingsDir: ${JSON.stringify(to.slice('polly:'.length))}`
    : `${to} is no polly: folder: persister-fs looks for <recordingsDir>/<slug>_<hash>/recording.har, so convert into polly:DIR to replay them with it`;
  return `Polly replays each recording as new Polly('<cassette name>') (its recording name); ${layout}. Entries match Polly's default matchRequestsBy for requests sent as recorded (node-http adapter).\n`;
}

function describe(line: {
  name: string;
  from: string;
  to: string;
  notes: readonly string[];
  written: boolean;
  unchanged: boolean;
}): string {
  const verb = line.written ? 'converted' : line.unchanged ? 'unchanged' : 'would convert';
  const head = `${verb} ${line.name}: ${line.from} -> ${line.to}`;
  return `${head}\n${line.notes.map((note) => `  cannot carry: ${note}\n`).join('')}`;
}
