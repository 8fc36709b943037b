/**
 * Re-recording one interaction of a real Ruby VCR cassette: the file Psych's emitter writes back
 * differs from the original only in that interaction's lines.
 */
import { readFileSync } from 'node:fs';
import type { ValueMap } from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import { dumpPsych } from '../../src/psych/index.js';
import { loadRubyVcrYaml } from '../../src/psych/load.js';
import { rubyVcrYamlFiles } from './corpus-files.js';
import { changedRegion, itemSpans } from './line-diff.js';

describe('changing one interaction of a Ruby VCR cassette', () => {
  it('rewrites only that interaction', () => {
    const path = rubyVcrYamlFiles().find((f) => f.endsWith('conversations_setTopic_paginated.yml')) as string;
    const text = readFileSync(path, 'utf8');
    const data = loadRubyVcrYaml(text);
    const interactions = data.http_interactions as ValueMap[];
    expect(interactions.length).toBeGreaterThanOrEqual(3);
    const spans = itemSpans(text, /^- request:$/);
    expect(spans.length).toBe(interactions.length);

    ((interactions[1] as ValueMap).response as ValueMap).body = {
      encoding: 'UTF-8',
      string: '{"ok":true,"re":"recorded"}',
    };
    const out = dumpPsych(data);
    const { from, to, added } = changedRegion(text, out);
    const [start, end] = spans[1] as [number, number];
    expect(from).toBeGreaterThanOrEqual(start);
    expect(to).toBeLessThanOrEqual(end);
    expect(added).toContain(`      string: '{"ok":true,"re":"recorded"}'`);
    expect(loadRubyVcrYaml(out)).toEqual(data);
  });
});
