import { type CassetteStore, contentDigest } from '@cassettekit/core';
import { describeError } from '../util/exit.js';
import { listNames } from '../util/open.js';
import { forEachLimited } from '../util/pool.js';

export interface VerifyReport {
  readonly same: number;
  readonly onlyInA: string[];
  readonly onlyInB: string[];
  readonly different: string[];
  readonly unreadable: { name: string; message: string }[];
}

/**
 * Compares two stores by name and content digest; `progress` hears of each name both hold. A
 * cassette one store lists but cannot read is reported as unreadable (with the error), not as only
 * in that store.
 */
export async function verifyStores(
  a: CassetteStore,
  b: CassetteStore,
  progress?: { start?(total: number): void; item?(name: string, outcome: string): void },
): Promise<VerifyReport> {
  const [namesA, namesB] = await Promise.all([listNames(a), listNames(b)]);
  const setB = new Set(namesB);
  const setA = new Set(namesA);
  const unreadable: VerifyReport['unreadable'] = [];
  const readable = async (store: CassetteStore, names: readonly string[]): Promise<string[]> => {
    const bad = new Set<string>();
    await forEachLimited(names, 8, async (name) => {
      try {
        await store.get(name);
      } catch (error) {
        bad.add(name);
        unreadable.push({ name, message: describeError(error) });
      }
    });
    return names.filter((name) => !bad.has(name));
  };
  const report: VerifyReport = {
    same: 0,
    onlyInA: await readable(
      a,
      namesA.filter((n) => !setB.has(n)),
    ),
    onlyInB: await readable(
      b,
      namesB.filter((n) => !setA.has(n)),
    ),
    different: [],
    unreadable,
  };
  let same = 0;
  const both = namesA.filter((n) => setB.has(n));
  progress?.start?.(both.length);
  await forEachLimited(both, 8, async (name) => {
    try {
      const [x, y] = await Promise.all([a.get(name), b.get(name)]);
      if (x !== null && y !== null && contentDigest(x.cassette.data) === contentDigest(y.cassette.data)) {
        same += 1;
        progress?.item?.(name, 'same');
      } else {
        report.different.push(name);
        progress?.item?.(name, 'different');
      }
    } catch (error) {
      unreadable.push({ name, message: describeError(error) });
      progress?.item?.(name, 'unreadable');
    }
  });
  report.different.sort();
  unreadable.sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
  return { ...report, same };
}
