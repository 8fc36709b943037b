import { contentDigest } from '@cassettekit/core';
import { expect, it } from 'vitest';
import { group, type HarnessFactory, type SuiteOptions } from '../harness.js';
import { sampleCassettes } from '../samples.js';

/** Real cassettes of the corpus (bytes, legacy tuples, gzip bodies, unicode) stored without a change. */
export function corpusGroup(label: string, createHarness: HarnessFactory, options: SuiteOptions = {}): void {
  group(label, 'corpus round trip', createHarness, options, (h) => {
    it(
      'stores real corpus cassettes without changing a value (checked through the back door)',
      async () => {
        const { store, backdoor } = h();
        for (const sample of sampleCassettes()) {
          const digest = contentDigest(sample.cassette.data);
          const { version } = await store.put(sample.name, sample.cassette);
          const raw = await backdoor.read(sample.name);
          expect(raw, `${sample.source} in storage`).not.toBeNull();
          expect(contentDigest(raw!), `${sample.source} in storage`).toBe(digest);
          const got = await store.get(sample.name);
          expect(got?.version).toBe(version);
          expect(contentDigest(got!.cassette.data), `${sample.source} read back`).toBe(digest);
        }
      },
      options.timeout ?? 30_000,
    );
  });
}
