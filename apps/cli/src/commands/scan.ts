import { type AllowList, type Finding, scanCassette } from '@cassettekit/secrets';
import type { Command } from 'commander';
import { loadConfig, resolveStore } from '../util/config.js';
import { EXIT_FAILED, EXIT_OK, failureOf, UsageError } from '../util/exit.js';
import { plural } from '../util/format.js';
import { collectGlobs, nameFilter, unmatchedMessage } from '../util/glob.js';
import { listNames, openSource } from '../util/open.js';
import { forEachLimited } from '../util/pool.js';
import { createProgress } from '../util/progress.js';
import { ALLOW_FILE, formatFinding, loadAllowList } from '../util/secrets.js';

interface ScanFlags {
  json?: boolean;
  allow?: string;
  identifiers?: boolean;
  only: string[];
  exclude: string[];
  concurrency: string;
}

export function registerScan(program: Command, setExit: (code: number) => void): void {
  program
    .command('scan')
    .description('find credentials (API keys, tokens, cookies, passwords, private keys) in cassettes')
    .argument('[store]', 'store URL or remote name (default: the project store)')
    .option('--json', 'print {store, scanned, findings, failures} as JSON')
    .option('--allow <file>', `allow-list of known false positives (default: ${ALLOW_FILE} if present)`)
    .option('--identifiers', 'also report account and project ids (openai-organization, ...)')
    .option('--only <glob>', 'only cassettes whose names match; repeat it or use commas', collectGlobs, [])
    .option('--exclude <glob>', 'skip cassettes whose names match; repeat it or use commas', collectGlobs, [])
    .option('--concurrency <n>', 'cassettes read at once', '8')
    .addHelpText(
      'after',
      `
Looks in request and response headers, query parameters, form and JSON bodies (also gzip, deflate
and br bodies, and bytes that are text), and for known key shapes anywhere (AWS, GitHub, GitLab,
Slack, Stripe, OpenAI, Anthropic, Google, JWTs, PEM private keys, passwords in URLs). Placeholders
(XXX, <REDACTED>, [FILTERED], ****, DUMMY, ...) are not findings. Each finding shows the secret
masked and a fingerprint; put the fingerprint in ${ALLOW_FILE} to silence a false positive:
  {"allow": ["3f2a9c0d1e2b4c5d", {"rule": "jwt", "cassette": "auth/**"}]}

Exits 0 when nothing is found, 1 when something is (or a cassette cannot be read), 2 on usage errors.

Examples:
  $ cassette scan yaml:tests/cassettes
  $ cassette scan --json --allow .cassette-allow.json`,
    )
    .action(async (arg: string | undefined, flags: ScanFlags) => {
      const concurrency = Number(flags.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1)
        throw new UsageError('--concurrency must be a whole number >= 1');
      const cwd = process.cwd();
      const config = await loadConfig(cwd);
      const allow = await loadAllowList(flags.allow, config, cwd);
      const store = await openSource(resolveStore(arg, config, cwd));
      try {
        const filter = nameFilter(flags.only, flags.exclude);
        const names = (await listNames(store)).filter(filter.accepts);
        const unmatched = filter.unmatched();
        const progress = createProgress(names.length, { json: flags.json === true, lines: false });
        const byName = new Map<string, Finding[]>();
        const failures: { name: string; code: string; message: string }[] = [];
        await forEachLimited(names, concurrency, async (name) => {
          try {
            const got = await store.get(name);
            if (got === null) return;
            const found = scanOne(got.cassette, name, allow, flags.identifiers === true);
            byName.set(name, found);
            progress.item(name, found.length > 0 ? 'secrets' : 'clean');
          } catch (error) {
            failures.push(failureOf(name, error));
            progress.item(name, 'unreadable');
          }
        });
        progress.done();
        const findings = names.flatMap((name) => byName.get(name) ?? []);
        failures.sort((a, b) => (a.name < b.name ? -1 : 1));
        const affected = new Set(findings.map((f) => f.cassette)).size;
        if (flags.json === true) {
          process.stdout.write(
            `${JSON.stringify({ store: store.url, scanned: byName.size, findings, failures }, null, 2)}\n`,
          );
        } else {
          for (const finding of findings) process.stdout.write(`${formatFinding(store.url, finding)}\n`);
          for (const failure of failures) process.stderr.write(`unreadable: ${failure.message}\n`);
          process.stdout.write(
            findings.length === 0
              ? `no secrets found in ${plural(byName.size, 'cassette')} in ${store.url}${failures.length > 0 ? ` (${failures.length} unreadable)` : ''}\n`
              : `${plural(findings.length, 'secret')} in ${affected} of ${plural(byName.size, 'cassette')} in ${store.url}${failures.length > 0 ? ` (${failures.length} unreadable)` : ''}; run "cassette redact" to replace them, or list false positives in ${ALLOW_FILE}\n`,
          );
        }
        if (unmatched.length > 0) process.stderr.write(`${unmatchedMessage(unmatched, store.url)}\n`);
        setExit(findings.length > 0 || failures.length > 0 || unmatched.length > 0 ? EXIT_FAILED : EXIT_OK);
      } finally {
        await store.close();
      }
    });
}

function scanOne(
  cassette: Parameters<typeof scanCassette>[0],
  name: string,
  allow: AllowList | undefined,
  identifiers: boolean,
): Finding[] {
  return scanCassette(cassette, {
    name,
    ...(allow === undefined ? {} : { allow }),
    ...(identifiers ? { identifiers: true } : {}),
  });
}
