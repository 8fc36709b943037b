/**
 * The yaml.v3 oracle (scripts/yamlv3-oracle/main.go), built once per process with Debian's
 * golang-go and golang-gopkg-yaml.v3-dev in GOPATH mode.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Value } from '@cassettekit/core';
import { type OracleResult, runLineOracle } from '../psych/oracle.js';

const SOURCE = fileURLToPath(new URL('../../scripts/yamlv3-oracle/', import.meta.url));
const GOPATH = process.env.GOPATH_YAMLV3 ?? '/usr/share/gocode';
const binaries = new Map<string, string | null>();

/** Builds the oracle (`v2`: against gopkg.in/yaml.v2); null when go or the yaml package is missing. */
export function yamlV3Oracle(version: 'v3' | 'v2' = 'v3'): string | null {
  const built = binaries.get(version);
  if (built !== undefined) return built;
  const dir = mkdtempSync(join(tmpdir(), 'yamlv3-oracle-'));
  const out = join(dir, 'yamlv3-oracle');
  const r = spawnSync('go', ['build', ...(version === 'v2' ? ['-tags', 'yamlv2'] : []), '-o', out, '.'], {
    cwd: SOURCE,
    env: { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: join(dir, 'cache'), GOFLAGS: '' },
    encoding: 'utf8',
  });
  const binary = r.status === 0 ? out : null;
  binaries.set(version, binary);
  return binary;
}

export function runYamlV3Oracle(docs: Value[], version: 'v3' | 'v2' = 'v3'): Promise<OracleResult[]> {
  const bin = yamlV3Oracle(version);
  if (bin === null) {
    throw new Error(
      `the ${version} oracle does not build: apt-get install golang-go golang-gopkg-yaml.${version}-dev`,
    );
  }
  return runLineOracle(bin, [], docs);
}
