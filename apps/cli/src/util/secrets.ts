import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { type Cassette, createError } from '@cassettekit/core';
import {
  type AllowList,
  checkPlaceholder,
  type Finding,
  type PlaceholderOptions,
  parseAllowList,
  redactCassette,
  scanCassette,
} from '@cassettekit/secrets';
import type { ProjectConfig } from './config.js';
import { UsageError } from './exit.js';

/** The allow-list a project keeps next to its configuration (or in the current folder). */
export const ALLOW_FILE = '.cassette-allow.json';

/**
 * The allow-list: `--allow FILE` (which must exist), else `.cassette-allow.json` in the project's
 * folder when there is one, else none.
 */
export async function loadAllowList(
  flag: string | undefined,
  config: ProjectConfig,
  cwd: string,
): Promise<AllowList | undefined> {
  const path =
    flag === undefined ? join(config.dir, ALLOW_FILE) : isAbsolute(flag) ? flag : resolve(cwd, flag);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (flag === undefined && (error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new UsageError(`cannot read the allow-list ${path}: ${(error as Error).message}`);
  }
  try {
    return parseAllowList(text, path);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * Placeholders from `--placeholder TEXT` and `--placeholder-for KIND:NAME=TEXT` (kind: header,
 * param, field or rule).
 */
export function placeholderOptions(text: string | undefined, specs: readonly string[]): PlaceholderOptions {
  const out = {
    headers: {} as Record<string, string>,
    params: {} as Record<string, string>,
    fields: {} as Record<string, string>,
    rules: {} as Record<string, string>,
  };
  const kinds = { header: out.headers, param: out.params, field: out.fields, rule: out.rules };
  for (const spec of specs) {
    const m = /^(header|param|field|rule):([^=]+)=(.*)$/s.exec(spec);
    if (m === null)
      throw new UsageError(
        `--placeholder-for "${spec}": expected KIND:NAME=TEXT with KIND header, param, field or rule (e.g. header:Authorization=XXX)`,
      );
    kinds[m[1] as keyof typeof kinds][m[2]!] = m[3]!;
  }
  const options: PlaceholderOptions = { ...(text === undefined ? {} : { default: text }), ...out };
  for (const value of [text, ...Object.values(out).flatMap((r) => Object.values(r))]) {
    if (value === undefined) continue;
    try {
      checkPlaceholder(value);
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  return options;
}

export interface SecretsFlags {
  readonly allow?: AllowList;
  readonly identifiers?: boolean;
  readonly placeholder?: PlaceholderOptions;
}

/** The transform `migrate --redact` and `redact --to` copy through. */
export function redactTransform(flags: SecretsFlags): (name: string, cassette: Cassette) => Cassette {
  return (name, cassette) =>
    redactCassette(cassette, {
      name,
      ...(flags.allow === undefined ? {} : { allow: flags.allow }),
      ...(flags.identifiers === true ? { identifiers: true } : {}),
      ...(flags.placeholder === undefined ? {} : { placeholder: flags.placeholder }),
    }).cassette;
}

/** One finding as a line: `store name #2 request.headers.Authorization[0]: Authorization credentials (authorization) sk-p…4f2a [fp]`. */
export function formatFinding(store: string, finding: Finding): string {
  return `${store} ${finding.cassette} #${finding.interaction} ${finding.location}: ${finding.description} (${finding.rule}) ${finding.preview} [${finding.fingerprint}]`;
}

/**
 * For `push`: throws when scan finds a credential in the cassette about to be uploaded, naming each
 * one, unless the caller passed `--allow-secrets`.
 */
export function refuseSecrets(store: string, name: string, cassette: Cassette, allow?: AllowList): void {
  const findings = scanCassette(cassette, { name, ...(allow === undefined ? {} : { allow }) });
  if (findings.length === 0) return;
  throw createError(
    'PERMISSION_DENIED',
    `refusing to upload: ${findings.length} secret(s) found (${findings
      .slice(0, 3)
      .map((f) => `#${f.interaction} ${f.location} ${f.preview}`)
      .join('; ')}${findings.length > 3 ? '; ...' : ''})`,
    {
      store,
      cassette: name,
      hint: `Run "cassette redact" on it, list known false positives in ${ALLOW_FILE}, or pass --allow-secrets`,
    },
  );
}

/** `migrate --redact`: the project's allow-list and the default placeholder. */
export async function projectRedaction(
  config: ProjectConfig,
  cwd: string,
): Promise<(name: string, cassette: Cassette) => Cassette> {
  const allow = await loadAllowList(undefined, config, cwd);
  return redactTransform(allow === undefined ? {} : { allow });
}
