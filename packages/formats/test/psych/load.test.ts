import { isCassetteError } from '@cassettekit/core';
import { describe, expect, it } from 'vitest';
import { dumpPsych } from '../../src/psych/index.js';
import { loadRubyVcrYaml } from '../../src/psych/load.js';

const CASSETTE = `---
http_interactions:
- request:
    method: get
    uri: https://example.com/img.png
    body:
      encoding: US-ASCII
      string: ''
    headers:
      Accept:
      - "*/*"
  response:
    status:
      code: 200
      message: OK
    headers:
      Content-Length:
      - '4'
    body:
      encoding: ASCII-8BIT
      string: !binary |-
        iVBORw==
    http_version:
  recorded_at: Sat, 04 Dec 2021 20:13:19 GMT
recorded_with: VCR 6.0.0
`;

describe('loading Ruby VCR YAML', () => {
  it('reads !binary as bytes, numbers, nil, and writes the same text back', () => {
    const data = loadRubyVcrYaml(CASSETTE);
    const [interaction] = data.http_interactions as [Record<string, Record<string, Record<string, unknown>>>];
    expect(interaction.response?.body?.string).toEqual(new Uint8Array([0x89, 0x50, 0x4e, 0x47]));
    expect(interaction.response?.status?.code).toBe(200);
    expect(interaction.response?.http_version).toBeNull();
    expect(dumpPsych(data)).toBe(CASSETTE);
  });

  it('reads !!binary (the long form of the tag) as bytes too', () => {
    expect(loadRubyVcrYaml('a: !!binary |-\n  iVBORw==\n').a).toEqual(
      new Uint8Array([0x89, 0x50, 0x4e, 0x47]),
    );
  });

  it('refuses VCR 1.x cassettes, naming the format and the migration task', () => {
    const old =
      '---\n- !ruby/struct:VCR::HTTPInteraction\n  request: !ruby/struct:VCR::Request\n    method: :get\n';
    let error: unknown;
    try {
      loadRubyVcrYaml(old, { cassette: 'old', store: 'yaml:spec/cassettes' });
    } catch (e) {
      error = e;
    }
    expect(isCassetteError(error)).toBe(true);
    const e = error as Error & { code: string; hint: string; cassette: string };
    expect(e.code).toBe('INVALID_CASSETTE');
    expect(e.message).toContain('VCR 1.x');
    expect(e.message).toContain('!ruby/struct:VCR::HTTPInteraction');
    expect(e.hint).toContain('rake vcr:migrate_cassettes');
    expect(e.cassette).toBe('old');
  });

  it('refuses Ruby object tags instead of constructing anything', () => {
    expect(() => loadRubyVcrYaml('a: !ruby/object:Gem::Installer {}\n')).toThrow(
      /refused tag !ruby\/object:Gem::Installer/,
    );
  });

  it('refuses documents that are not cassettes', () => {
    expect(() => loadRubyVcrYaml('- a\n- b\n')).toThrow(/not a Ruby VCR cassette/);
    expect(() => loadRubyVcrYaml('http_interactions: 3\n')).toThrow(/not a list/);
  });
});
