import type { Cassette, DialectName } from '@cassettekit/core';
import { dialectByName, dialectOf } from './registry.js';

export interface Conversion {
  readonly cassette: Cassette;
  readonly from: DialectName;
  readonly to: DialectName;
  /** What the target cannot carry (empty when nothing was lost, or the cassette was already in it). */
  readonly notes: readonly string[];
}

/**
 * A cassette in another tool's dialect, through the interaction view: what the source holds beyond
 * the view, and what the target cannot hold of it, is reported, never silently dropped. Deterministic:
 * converting the same cassette twice gives the same document (and so the same bytes).
 */
export function convertCassette(cassette: Cassette, to: DialectName, name: string): Conversion {
  const source = dialectOf(cassette);
  if (source.name === to) return { cassette, from: to, to, notes: [] };
  const target = dialectByName(to);
  const views = source.interactions(cassette.data).map((interaction) => source.view(interaction));
  const built = target.fromViews(views, name);
  const style = { codec: target.codecs[0]!, dialect: to };
  return {
    cassette: to === 'vcrpy' ? { data: built.data } : { data: built.data, format: { style } },
    from: source.name,
    to,
    notes: [...source.beyondView(cassette.data), ...built.notes],
  };
}
