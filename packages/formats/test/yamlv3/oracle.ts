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
let binary: string | null | undefined;

/** Builds the oracle; null when go or yaml.v3 is missing. */
export function yamlV3Oracle(): string | null {
  if (binary !== undefined) return binary;
  const dir = mkdtempSync(join(tmpdir(), 'yamlv3-oracle-'));
  const out = join(dir, 'yamlv3-oracle');
  const r = spawnSync('go', ['build', '-o', out, '.'], {
    cwd: SOURCE,
    env: { ...process.env, GO111MODULE: 'off', GOPATH, GOCACHE: join(dir, 'cache'), GOFLAGS: '' },
    encoding: 'utf8',
  });
  binary = r.status === 0 ? out : null;
  return binary;
}

export function runYamlV3Oracle(docs: Value[]): Promise<OracleResult[]> {
  const bin = yamlV3Oracle();
  if (bin === null)
    throw new Error('the yaml.v3 oracle does not build: apt-get install golang-go golang-gopkg-yaml.v3-dev');
  return runLineOracle(bin, [], docs);
}
