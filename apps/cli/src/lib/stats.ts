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
import { describeError } from '../util/exit.js';

export interface StoreStats {
  readonly store: string;
  readonly cassettes: number;
  readonly interactions: number;
  /** Stored bytes where the store reports sizes; body bytes otherwise. */
  readonly bytes: number;
  /** Decoded request and response bodies, every occurrence counted (the logical size). */
  readonly bodyBytes: number;
  readonly bodies: number;
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
export async function collectStats(
  store: CassetteStore,
  top = 10,
  progress?: { start?(total: number): void; item?(name: string, outcome: string): void },
): Promise<StoreStats> {
  const hosts = new Map<string, number>();
  const statusCodes = new Map<string, number>();
  const bodies = new Map<string, { size: number; count: number }>();
  const sizes: { name: string; bytes: number; interactions: number }[] = [];
  const unreadable: { name: string; message: string }[] = [];
  const empty: string[] = [];
  let interactions = 0;
  let bytes = 0;
  let bodyBytes = 0;
  let bodyCount = 0;
  let oldest: number | null = null;
  let newest: number | null = null;

  const countBody = (body: Body): number => {
    if (body === null || body.length === 0) return 0;
    bodyCount += 1;
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

  const entries = [];
  for await (const entry of store.list()) entries.push(entry);
  progress?.start?.(entries.length);
  for (const entry of entries) {
    let got: Awaited<ReturnType<CassetteStore['get']>>;
    try {
      got = await store.get(entry.name);
    } catch (error) {
      unreadable.push({ name: entry.name, message: describeError(error) });
      progress?.item?.(entry.name, 'unreadable');
      continue;
    }
    progress?.item?.(entry.name, 'read');
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
    bodies: bodyCount,
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
