/**
 * Matches cassette names against shell-style globs: `*` within one segment, `**` across segments,
 * `?` one character, `{a,b}` alternatives. A glob without `/` or `*` also matches a folder prefix,
 * so `--only agents` takes everything under `agents/`.
 */
export function globMatcher(globs: readonly string[]): (name: string) => boolean {
  const patterns = globs.map(toRegExp);
  return (name) => patterns.some((pattern) => pattern.test(name));
}

function toRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i += 1) {
    const ch = glob[i]!;
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        i += 1;
        if (glob[i + 1] === '/') {
          i += 1;
          source += '(?:.*/)?';
        } else source += '.*';
      } else source += '[^/]*';
    } else if (ch === '?') source += '[^/]';
    else if (ch === '{') {
      const end = glob.indexOf('}', i);
      if (end === -1) source += '\\{';
      else {
        source += `(?:${glob
          .slice(i + 1, end)
          .split(',')
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
          .join('|')})`;
        i = end;
      }
    } else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  const folder = /[*?{]/.test(glob) ? '' : '(?:/.*)?';
  return new RegExp(`^${source}${folder}$`);
}

/**
 * Commander's collector for `--only`/`--exclude`: each use adds one value, and a value may be a
 * comma list (`--only 'a/**,b/**'`). Commas inside `{a,b}` belong to the glob. Not variadic, so an
 * option never swallows the positional arguments after it.
 */
export function collectGlobs(value: string, previous: readonly string[] = []): string[] {
  const out = [...previous];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= value.length; i += 1) {
    const ch = value[i];
    if (ch === '{') depth += 1;
    else if (ch === '}' && depth > 0) depth -= 1;
    else if ((ch === ',' && depth === 0) || i === value.length) {
      const part = value.slice(start, i).trim();
      if (part !== '') out.push(part);
      start = i + 1;
    }
  }
  return out;
}

/** A repeatable option that keeps each value as given (e.g. `--remote ci=s3://...`). */
export function collectValues(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

export interface NameFilter {
  readonly accepts: (name: string) => boolean;
  /** The `--only` globs that matched no name offered to `accepts` so far. */
  readonly unmatched: () => string[];
}

/** `--only` and `--exclude` as one predicate, remembering which `--only` glob matched nothing. */
export function nameFilter(only: readonly string[], exclude: readonly string[] = []): NameFilter {
  const onlyMatchers = only.map((glob) => ({ glob, test: globMatcher([glob]), hit: false }));
  const excluded = exclude.length > 0 ? globMatcher(exclude) : () => false;
  return {
    accepts(name) {
      let wanted = onlyMatchers.length === 0;
      for (const m of onlyMatchers) {
        if (m.test(name)) {
          m.hit = true;
          wanted = true;
        }
      }
      return wanted && !excluded(name);
    },
    unmatched: () => onlyMatchers.filter((m) => !m.hit).map((m) => m.glob),
  };
}

/** The line that says a glob matched nothing (the command then exits 1). */
export function unmatchedMessage(globs: readonly string[], store: string): string {
  return `--only ${globs.map((g) => `'${g}'`).join(', ')} matched no cassette in ${store}: check the glob (names have no extension; "cassette ls" lists them)`;
}
