import { createHash } from 'node:crypto';
import {
  type Body,
  type CassetteStore,
  field,
  headerValue,
  interactionsOf,
  requestBody,
  requestUri,
  responseBody,
  responseHeaders,
  responseStatus,
} from '@cassettekit/core';

export interface StoreStats {
  readonly store: string;
  readonly cassettes: number;
  readonly interactions: number;
  /** Stored bytes where the store reports sizes; body bytes otherwise. */
  readonly bytes: number;
  readonly bodyBytes: number;
  readonly hosts: Record<string, number>;
  readonly statusCodes: Record<string, number>;
  readonly largest: { name: string; bytes: number; interactions: number }[];
  /** Bodies stored more than once: how many distinct ones, and the bytes the copies take. */
  readonly duplicateBodies: { distinct: number; copies: number; wastedBytes: number };
  /** From `recorded_at` where the format keeps it, else the responses' Date headers. */
  readonly oldestRecording: string | null;
  readonly newestRecording: string | null;
  readonly unreadable: { name: string; message: string }[];
  /** Cassettes whose document is empty (an empty file, `~`): read as no interactions, counted apart. */
  readonly empty: string[];
}

/** Reads every cassette once and tallies what a team wants to know about its recordings. */
export async function collectStats(store: CassetteStore, top = 10): Promise<StoreStats> {
  const hosts = new Map<string, number>();
  const statusCodes = new Map<string, number>();
  const bodies = new Map<string, { size: number; count: number }>();
  const sizes: { name: string; bytes: number; interactions: number }[] = [];
  const unreadable: { name: string; message: string }[] = [];
  const empty: string[] = [];
  let interactions = 0;
  let bytes = 0;
  let bodyBytes = 0;
  let oldest: number | null = null;
  let newest: number | null = null;

  const countBody = (body: Body): number => {
    if (body === null || body.length === 0) return 0;
    const data =
      typeof body === 'string'
        ? Buffer.from(body)
        : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    const hash = createHash('sha256').update(data).digest('hex');
    const seen = bodies.get(hash);
    if (seen === undefined) bodies.set(hash, { size: data.length, count: 1 });
    else seen.count += 1;
    return data.length;
  };

  for await (const entry of store.list()) {
    let got: Awaited<ReturnType<CassetteStore['get']>>;
    try {
      got = await store.get(entry.name);
    } catch (error) {
      unreadable.push({ name: entry.name, message: error instanceof Error ? error.message : String(error) });
      continue;
    }
    if (got === null) continue;
    if (Object.keys(got.cassette.data).length === 0) empty.push(entry.name);
    const list = interactionsOf(got.cassette.data);
    let cassetteBodies = 0;
    for (const interaction of list) {
      interactions += 1;
      try {
        const host = new URL(requestUri(interaction)).host;
        hosts.set(host, (hosts.get(host) ?? 0) + 1);
      } catch {
        hosts.set('(no host)', (hosts.get('(no host)') ?? 0) + 1);
      }
      const code = String(responseStatus(interaction).code ?? '?');
      statusCodes.set(code, (statusCodes.get(code) ?? 0) + 1);
      cassetteBodies += countBody(requestBody(interaction)) + countBody(responseBody(interaction));
      const recorded = field(interaction, 'recorded_at') ?? headerValue(responseHeaders(interaction), 'date');
      const when = typeof recorded === 'string' ? Date.parse(recorded) : Number.NaN;
      if (!Number.isNaN(when)) {
        oldest = oldest === null ? when : Math.min(oldest, when);
        newest = newest === null ? when : Math.max(newest, when);
      }
    }
    bodyBytes += cassetteBodies;
    const size = entry.size ?? cassetteBodies;
    bytes += size;
    sizes.push({ name: entry.name, bytes: size, interactions: list.length });
  }

  let distinct = 0;
  let copies = 0;
  let wastedBytes = 0;
  for (const { size, count } of bodies.values()) {
    if (count > 1) {
      distinct += 1;
      copies += count - 1;
      wastedBytes += size * (count - 1);
    }
  }
  const sortDesc = (m: Map<string, number>) =>
    Object.fromEntries([...m.entries()].sort((a, b) => b[1] - a[1]));
  return {
    store: store.url,
    cassettes: sizes.length,
    interactions,
    bytes,
    bodyBytes,
    hosts: sortDesc(hosts),
    statusCodes: sortDesc(statusCodes),
    largest: sizes.sort((a, b) => b.bytes - a.bytes).slice(0, top),
    duplicateBodies: { distinct, copies, wastedBytes },
    oldestRecording: oldest === null ? null : new Date(oldest).toISOString(),
    newestRecording: newest === null ? null : new Date(newest).toISOString(),
    unreadable,
    empty,
  };
}
