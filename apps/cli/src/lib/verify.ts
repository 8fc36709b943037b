import { type CassetteStore, contentDigest } from '@cassettekit/core';
import { listNames } from '../util/open.js';
import { forEachLimited } from '../util/pool.js';

export interface VerifyReport {
  readonly same: number;
  readonly onlyInA: string[];
  readonly onlyInB: string[];
  readonly different: string[];
  readonly unreadable: { name: string; message: string }[];
}

/** Compares two stores by name and content digest. */
export async function verifyStores(a: CassetteStore, b: CassetteStore): Promise<VerifyReport> {
  const [namesA, namesB] = await Promise.all([listNames(a), listNames(b)]);
  const setB = new Set(namesB);
  const setA = new Set(namesA);
  const report: VerifyReport = {
    same: 0,
    onlyInA: namesA.filter((n) => !setB.has(n)),
    onlyInB: namesB.filter((n) => !setA.has(n)),
    different: [],
    unreadable: [],
  };
  let same = 0;
  await forEachLimited(
    namesA.filter((n) => setB.has(n)),
    8,
    async (name) => {
      try {
        const [x, y] = await Promise.all([a.get(name), b.get(name)]);
        if (x !== null && y !== null && contentDigest(x.cassette.data) === contentDigest(y.cassette.data))
          same += 1;
        else report.different.push(name);
      } catch (error) {
        report.unreadable.push({ name, message: error instanceof Error ? error.message : String(error) });
      }
    },
  );
  report.different.sort();
  return { ...report, same };
}
