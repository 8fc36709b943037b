/** The lines where two texts differ: the original's and the new text's, between their common head and tail. */
export function changedRegion(before: string, after: string): { from: number; to: number; added: string[] } {
  const a = before.split('\n');
  const b = after.split('\n');
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (
    tail < a.length - head &&
    tail < b.length - head &&
    a[a.length - 1 - tail] === b[b.length - 1 - tail]
  )
    tail += 1;
  return { from: head, to: a.length - tail, added: b.slice(head, b.length - tail) };
}

/** The line range [start, end) of each item of a block sequence whose items begin with `marker`. */
export function itemSpans(text: string, marker: RegExp): [number, number][] {
  const lines = text.split('\n');
  const starts = lines.flatMap((line, i) => (marker.test(line) ? [i] : []));
  return starts.map((start, k) => {
    let end = starts[k + 1] ?? lines.length;
    // The last item ends where the sequence does: at the next line as little indented as the marker.
    if (k === starts.length - 1) {
      const indent = /^ */.exec(lines[start] as string)?.[0].length ?? 0;
      for (let i = start + 1; i < lines.length; i++) {
        const line = lines[i] as string;
        if (
          line !== '' &&
          (/^ */.exec(line)?.[0].length ?? 0) <= indent &&
          !line.trimStart().startsWith('- ')
        ) {
          end = i;
          break;
        }
      }
    }
    return [start, end];
  });
}
