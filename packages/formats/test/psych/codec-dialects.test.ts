/**
 * The yaml codec with the ruby-vcr and go-vcr dialects wired to the Psych and yaml.v3 writers: every
 * corpus cassette written by those writers is recognised as theirs (its style detected), and a
 * cassette with one interaction changed is written back in its tool's style, differing from the
 * original only in that interaction's lines.
 */
import { readFileSync } from 'node:fs';
import type { Cassette, ValueMap } from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import { yamlCodec } from '../../src/index.js';
import { goVcrFiles } from '../yamlv3/corpus-files.js';
import { rubyVcrYamlFiles } from './corpus-files.js';
import { changedRegion, itemSpans } from './line-diff.js';

const codec = yamlCodec();

describe('yaml codec, Ruby VCR and go-vcr dialects', () => {
  it('detects the Psych style of every Ruby VCR YAML cassette', () => {
    for (const path of rubyVcrYamlFiles()) {
      const text = readFileSync(path, 'utf8');
      expect(codec.detectStyle(text, codec.decode(text).data), path).toEqual({
        codec: 'yaml',
        dialect: 'ruby-vcr',
        writer: 'psych',
      });
    }
  });

  it('detects the yaml.v3 style of every go-vcr version 2 cassette', () => {
    const v2 = goVcrFiles().filter((path) => /^version: 2$/m.test(readFileSync(path, 'utf8')));
    expect(v2.length).toBeGreaterThanOrEqual(4);
    for (const path of v2) {
      const text = readFileSync(path, 'utf8');
      expect(codec.detectStyle(text, codec.decode(text).data), path).toEqual({
        codec: 'yaml',
        dialect: 'go-vcr',
        writer: 'yaml.v3',
      });
    }
  });

  const cases: [string, () => string, RegExp, (cassette: Cassette) => void, string][] = [
    [
      'Ruby VCR',
      () => rubyVcrYamlFiles().find((f) => f.endsWith('conversations_setTopic_paginated.yml')) as string,
      /^- request:$/,
      (c) => {
        const response = (c.data.http_interactions as ValueMap[])[1]?.response as ValueMap;
        response.body = { encoding: 'UTF-8', string: 'redacted' };
      },
      '      string: redacted',
    ],
    [
      'go-vcr',
      () => goVcrFiles().find((f) => f.endsWith('examples__fixtures__middleware.yaml')) as string,
      /^ {4}- id: \d+$/,
      (c) => {
        ((c.data.interactions as ValueMap[])[1]?.response as ValueMap).body = 'redacted';
      },
      '        body: redacted',
    ],
  ];
  for (const [name, file, marker, change, line] of cases) {
    it(`writes a ${name} cassette with one interaction changed in its tool's style, only that interaction differing`, () => {
      const text = readFileSync(file(), 'utf8');
      const cassette = codec.decode(text);
      expect(codec.encode(cassette)).toBe(text);
      change(cassette);
      const out = codec.encode(cassette);
      const { from, to, added } = changedRegion(text, out);
      const [start, end] = itemSpans(text, marker)[1] as [number, number];
      expect(from).toBeGreaterThanOrEqual(start);
      expect(to).toBeLessThanOrEqual(end);
      expect(added).toContain(line);
    });
  }

  it('refuses a VCR 1.x cassette with the migration task named', () => {
    const old =
      '---\n- !ruby/struct:VCR::HTTPInteraction\n  request: !ruby/struct:VCR::Request\n    method: :get\n';
    expect(() => codec.decode(old, { cassette: 'old' })).toThrow(/VCR 1\.x cassette/);
  });
});
