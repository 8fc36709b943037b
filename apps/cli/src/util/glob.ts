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
