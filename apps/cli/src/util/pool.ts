/**
 * Runs `work` over `items` with at most `limit` at a time; resolves when all have ended. Once
 * `signal` is aborted no new item starts (those running finish), so an interrupted run stops cleanly.
 */
export async function forEachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  let next = 0;
  const runners = Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, async () => {
    while (next < items.length && signal?.aborted !== true) {
      const item = items[next]!;
      next += 1;
      await work(item);
    }
  });
  await Promise.all(runners);
}
