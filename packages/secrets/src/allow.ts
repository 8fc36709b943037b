import { createHash } from 'node:crypto';

/**
 * Known false positives, silenced. A file (`.cassette-allow.json`) holds either a list or
 * `{"allow": [...]}`; each entry is a fingerprint string (as scan prints it) or an object whose given
 * fields must all match:
 *
 * ```json
 * {"allow": [
 *   "3f2a9c0d1e2b4c5d",
 *   {"fingerprint": "3f2a9c0d1e2b4c5d", "cassette": "auth/**"},
 *   {"rule": "jwt", "location": "response.body*"},
 *   {"valueSha256": "<sha256 hex of the value>"}
 * ]}
 * ```
 *
 * `cassette` is a glob (`*` within a segment, `**` across), `location` a pattern where `*` matches
 * anything. An entry with a `reason` field keeps it for people; it is not matched.
 */
export interface AllowEntry {
  readonly fingerprint?: string;
  readonly valueSha256?: string;
  readonly rule?: string;
  readonly cassette?: string;
  readonly location?: string;
  /** The interaction's number, from 1. */
  readonly interaction?: number;
  readonly reason?: string;
}

export interface AllowList {
  readonly entries: readonly AllowEntry[];
}

/** What an allow entry is matched against. */
export interface AllowSubject {
  readonly cassette: string;
  readonly interaction: number;
  readonly location: string;
  readonly rule: string;
  readonly fingerprint: string;
  readonly secret: string;
}

const KEYS = new Set(['fingerprint', 'valueSha256', 'rule', 'cassette', 'location', 'interaction', 'reason']);

/** Parses an allow-list; throws an Error naming the bad entry. */
export function parseAllowList(text: string, source = 'allow-list'): AllowList {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source} is not valid JSON: ${(error as Error).message}`);
  }
  const list = Array.isArray(json)
    ? json
    : typeof json === 'object' && json !== null && Array.isArray((json as { allow?: unknown }).allow)
      ? (json as { allow: unknown[] }).allow
      : null;
  if (list === null) throw new Error(`${source}: expected a list or {"allow": [...]}`);
  const entries: AllowEntry[] = list.map((item, index) => {
    if (typeof item === 'string') return { fingerprint: item };
    if (typeof item !== 'object' || item === null || Array.isArray(item))
      throw new Error(`${source}: entry ${index} must be a fingerprint string or an object`);
    for (const [key, value] of Object.entries(item)) {
      if (!KEYS.has(key))
        throw new Error(
          `${source}: entry ${index} has unknown field "${key}" (known: ${[...KEYS].join(', ')})`,
        );
      if (key === 'interaction' ? typeof value !== 'number' : typeof value !== 'string')
        throw new Error(`${source}: entry ${index}: "${key}" has the wrong type`);
    }
    const entry = item as AllowEntry;
    if (Object.keys(entry).filter((k) => k !== 'reason').length === 0)
      throw new Error(`${source}: entry ${index} matches everything; give at least one field`);
    return entry;
  });
  return { entries };
}

export function isAllowed(list: AllowList | undefined, subject: AllowSubject): boolean {
  if (list === undefined) return false;
  for (const entry of list.entries) {
    if (entry.fingerprint !== undefined && !subject.fingerprint.startsWith(entry.fingerprint.toLowerCase()))
      continue;
    if (entry.rule !== undefined && entry.rule !== subject.rule) continue;
    if (entry.interaction !== undefined && entry.interaction !== subject.interaction) continue;
    if (entry.cassette !== undefined && !globRegExp(entry.cassette, true).test(subject.cassette)) continue;
    if (entry.location !== undefined && !globRegExp(entry.location, false).test(subject.location)) continue;
    if (
      entry.valueSha256 !== undefined &&
      createHash('sha256').update(subject.secret).digest('hex') !== entry.valueSha256.toLowerCase()
    )
      continue;
    return true;
  }
  return false;
}

const cache = new Map<string, RegExp>();

function globRegExp(glob: string, segments: boolean): RegExp {
  const key = `${segments ? 'n' : 'l'}:${glob}`;
  let re = cache.get(key);
  if (re === undefined) {
    let source = '';
    for (let i = 0; i < glob.length; i += 1) {
      const ch = glob[i]!;
      if (ch === '*') {
        if (segments && glob[i + 1] === '*') {
          i += 1;
          source += '.*';
        } else source += segments ? '[^/]*' : '.*';
      } else if (ch === '?') source += '.';
      else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }
    re = new RegExp(`^${source}$`);
    cache.set(key, re);
  }
  return re;
}
