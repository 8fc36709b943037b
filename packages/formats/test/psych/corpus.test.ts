/**
 * Every Ruby VCR YAML cassette of the corpus (fixtures/corpus/ruby-vcr, written by Psych) loads and
 * re-dumps byte for byte; so does Psych itself on them (checked live when ruby is installed).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dumpPsych } from '../../src/psych/index.js';
import { loadRubyVcrYaml } from '../../src/psych/load.js';
import { rubyVcrYamlFiles } from './corpus-files.js';
import { rubyAvailable } from './oracle.js';

describe('Ruby VCR corpus', () => {
  const files = rubyVcrYamlFiles();

  it('re-dumps every YAML cassette byte-identically', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
    const differing = files.filter((f) => {
      const text = readFileSync(f, 'utf8');
      return dumpPsych(loadRubyVcrYaml(text, { cassette: f })) !== text;
    });
    expect(differing).toEqual([]);
  });

  it.skipIf(!rubyAvailable())('is what Psych itself writes back for every one of them', () => {
    const script =
      'ARGV.each { |f| t = File.read(f); puts(YAML.dump(YAML.unsafe_load(t)) == t ? "same" : "differs #{f}") }';
    const r = spawnSync('ruby', ['-ryaml', '-e', script, ...files], { encoding: 'utf8' });
    expect(r.stdout.trim().split('\n')).toEqual(files.map(() => 'same'));
  });
});
