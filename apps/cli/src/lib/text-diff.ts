/**
 * A line diff of two texts (longest common subsequence), as `-`/`+`/` ` lines with up to `context`
 * unchanged lines around each change. Bounded: texts with more than `maxLines` lines are compared
 * by size and hash only, by the caller.
 */
export function diffLines(before: string, after: string, context = 2): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  // Trim the common head and tail first: most body changes are small.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start += 1;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA -= 1;
    endB -= 1;
  }
  const x = a.slice(start, endA);
  const y = b.slice(start, endB);
  const lcs: number[][] = Array.from({ length: x.length + 1 }, () => new Array<number>(y.length + 1).fill(0));
  for (let i = x.length - 1; i >= 0; i -= 1) {
    for (let j = y.length - 1; j >= 0; j -= 1) {
      lcs[i]![j] = x[i] === y[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
    }
  }
  const out: string[] = [];
  for (let k = Math.max(0, start - context); k < start; k += 1) out.push(`  ${a[k]}`);
  let i = 0;
  let j = 0;
  while (i < x.length || j < y.length) {
    if (i < x.length && j < y.length && x[i] === y[j]) {
      out.push(`  ${x[i]}`);
      i += 1;
      j += 1;
    } else if (i < x.length && (j === y.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // What went comes before what came, as in diff(1).
      out.push(`- ${x[i]}`);
      i += 1;
    } else {
      out.push(`+ ${y[j]}`);
      j += 1;
    }
  }
  for (let k = endA; k < Math.min(a.length, endA + context); k += 1) out.push(`  ${a[k]}`);
  return out;
}
