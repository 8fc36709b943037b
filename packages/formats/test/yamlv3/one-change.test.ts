/**
 * Re-recording one interaction of a real go-vcr cassette (format version 2): the file yaml.v3's
 * emitter writes back differs from the original only in that interaction's lines.
 */
import { readFileSync } from 'node:fs';
import type { ValueMap } from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import { dumpGoVcr } from '../../src/yamlv3/index.js';
import { loadGoVcrYaml } from '../../src/yamlv3/load.js';
import { changedRegion, itemSpans } from '../psych/line-diff.js';
import { goVcrFiles } from './corpus-files.js';

describe('changing one interaction of a go-vcr cassette', () => {
  it('rewrites only that interaction', () => {
    const path = goVcrFiles().find((f) => f.endsWith('examples__fixtures__middleware.yaml')) as string;
    const text = readFileSync(path, 'utf8');
    const data = loadGoVcrYaml(text);
    const interactions = data.interactions as ValueMap[];
    expect(interactions.length).toBeGreaterThanOrEqual(2);
    const spans = itemSpans(text, /^ {4}- id: \d+$/);
    expect(spans.length).toBe(interactions.length);

    const response = (interactions[1] as ValueMap).response as ValueMap;
    response.body = '{"re":"recorded"}\n';
    response.content_length = 18;
    const out = dumpGoVcr(data);
    const { from, to, added } = changedRegion(text, out);
    const [start, end] = spans[1] as [number, number];
    expect(from).toBeGreaterThanOrEqual(start);
    expect(to).toBeLessThanOrEqual(end);
    expect(added).toContain('        body: |');
    expect(added).toContain('            {"re":"recorded"}');
    expect(loadGoVcrYaml(out)).toEqual(data);
  });
});
