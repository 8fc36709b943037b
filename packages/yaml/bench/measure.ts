/** Median wall time of `runs` calls of `work` (after one warm-up), in milliseconds. */
export async function median(runs: number, work: () => unknown | Promise<unknown>): Promise<number> {
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/**
 * The median CPU time (process.cpuUsage: user + system, all threads) of each of `works`, in
 * milliseconds: one warm-up each, then `rounds` rounds that run every work once, in turn, so that
 * the machine's drift falls on all of them alike.
 */
export async function cpuMedians(
  rounds: number,
  works: readonly (() => unknown | Promise<unknown>)[],
): Promise<number[]> {
  for (const work of works) await work();
  const times = works.map((): number[] => []);
  for (let round = 0; round < rounds; round += 1) {
    for (const [i, work] of works.entries()) {
      const start = process.cpuUsage();
      await work();
      const used = process.cpuUsage(start);
      times[i]!.push((used.user + used.system) / 1000);
    }
  }
  return times.map((t) => t.sort((a, b) => a - b)[Math.floor(t.length / 2)]!);
}

/** Prints rows as an aligned table. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => r.map((cell, i) => cell.padEnd(widths[i]!)).join('  ')).join('\n');
}
