/**
 * Billion-laughs documents: level 1 is a list holding one string, each next level a list of aliases
 * to the one before, as wide as fits in `bytes` — the shape of the ~400-byte bombs that made `migrate`
 * run for minutes at gigabytes before aliases were budgeted.
 */
export function aliasBomb(levels: number, bytes = 400, leaf = 'lol'): string {
  const anchor = (i: number) => String.fromCharCode(97 + i);
  const head = `${anchor(0)}: &${anchor(0)} ["${leaf}"]\n`;
  const tail = 'interactions: []\n';
  const perLevel = Math.floor((bytes - head.length - tail.length) / (levels - 1));
  // `b: &b [*a,*a]\n` is 10 bytes for the frame plus 3 per alias (one fewer comma).
  const width = Math.max(2, Math.floor((perLevel - 8) / 3));
  const lines = [head];
  for (let i = 1; i < levels; i += 1) {
    lines.push(
      `${anchor(i)}: &${anchor(i)} [${Array(width)
        .fill(`*${anchor(i - 1)}`)
        .join(',')}]\n`,
    );
  }
  return `${lines.join('')}${tail}`;
}
