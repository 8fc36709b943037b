import {
  type Cassette,
  type CassetteData,
  type InteractionData,
  setKey,
  type Value,
  valueDigest,
} from '@cassettekit/core';
import { type KeyedInteraction, keyInteractions } from './align.js';

export type MergeResult =
  | { readonly ok: true; readonly cassette: Cassette }
  | { readonly ok: false; readonly conflicts: readonly string[] };

/**
 * Three-way merge at interaction level: what `local` and `remote` each changed since `base` is
 * combined when they changed different interactions (or the same one the same way). Interactions
 * are matched by request fingerprint and occurrence. Top-level keys other than `interactions` merge
 * the same way. Anything changed on both sides differently is a conflict: nothing is guessed.
 */
export function mergeCassettes(base: Cassette, local: Cassette, remote: Cassette): MergeResult {
  const conflicts: string[] = [];
  const b = byKey(base.data);
  const l = byKey(local.data);
  const r = byKey(remote.data);
  const pick = (key: string, label: string): InteractionData | null => {
    const [bi, li, ri] = [b.get(key), l.get(key), r.get(key)];
    const [bd, ld, rd] = [bi?.digest, li?.digest, ri?.digest];
    if (ld === rd) return li?.interaction ?? null;
    if (ld === bd) return ri?.interaction ?? null;
    if (rd === bd) return li?.interaction ?? null;
    conflicts.push(label);
    return null;
  };

  const merged: InteractionData[] = [];
  const done = new Set<string>();
  // Local order first, remote-only additions after: a replayer matches by request, not position.
  for (const item of [...l.values(), ...r.values(), ...b.values()]) {
    if (done.has(item.key)) continue;
    done.add(item.key);
    const chosen = pick(item.key, describe(item));
    if (chosen !== null) merged.push(chosen);
  }

  const data: CassetteData = {};
  const topKeys = new Set([
    ...Object.keys(local.data),
    ...Object.keys(remote.data),
    ...Object.keys(base.data),
  ]);
  for (const key of topKeys) {
    if (key === 'interactions') {
      setKey(data, key, merged);
      continue;
    }
    const [bv, lv, rv] = [base.data[key], local.data[key], remote.data[key]];
    const [bd, ld, rd] = [digestOf(bv), digestOf(lv), digestOf(rv)];
    const value =
      ld === rd ? lv : ld === bd ? rv : rd === bd ? lv : conflict(conflicts, `top-level key "${key}"`);
    if (value !== undefined) setKey(data, key, value);
  }
  if (conflicts.length > 0) return { ok: false, conflicts };
  return { ok: true, cassette: local.format === undefined ? { data } : { data, format: local.format } };
}

function byKey(data: CassetteData): Map<string, KeyedInteraction> {
  const list = Array.isArray(data.interactions) ? (data.interactions as InteractionData[]) : [];
  return new Map(keyInteractions(list).map((k) => [k.key, k]));
}

function digestOf(value: Value | undefined): string | undefined {
  return value === undefined ? undefined : valueDigest(value);
}

function conflict(conflicts: string[], label: string): undefined {
  conflicts.push(label);
  return undefined;
}

function describe(item: KeyedInteraction): string {
  const request = item.interaction.request;
  return `interaction ${item.index + 1} (${String(request.method ?? '')} ${String(request.uri ?? '')})`;
}
