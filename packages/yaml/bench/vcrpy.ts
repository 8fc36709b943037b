// vcrpy's own loader as a baseline, measured in the same run (scripts/vcrpy-load-time.py).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../../', import.meta.url));
const SCRIPT = `${REPO}scripts/vcrpy-load-time.py`;

/** Where vcrpy is when it is not installed: CASSETTE_VCRPY_PATH, or the workplace's vendored copy. */
function vcrpyPath(): string {
  return process.env.CASSETTE_VCRPY_PATH ?? `${REPO}../shared/vendor/vcrpy-8.2.1`;
}

/** Why vcrpy cannot be measured here, or null when it can. */
export function vcrpyUnavailable(): string | null {
  const probe = spawnSync('python3', ['-c', 'import yaml; from vcr.serializers import yamlserializer'], {
    env: { ...process.env, PYTHONPATH: vcrpyPath() },
    encoding: 'utf8',
  });
  if (probe.error) return `python3 is not available (${probe.error.message})`;
  if (probe.status !== 0) return `vcrpy cannot be imported (pip install vcrpy, or set CASSETTE_VCRPY_PATH)`;
  return existsSync(SCRIPT) ? null : `${SCRIPT} is missing`;
}

/** Wall and CPU milliseconds of one load of every file through vcrpy's loader (open + read + deserialize). */
export function vcrpyLoadMs(paths: readonly string[]): { wall: number; cpu: number } {
  const run = spawnSync('python3', [SCRIPT, '1'], {
    input: paths.join('\n'),
    env: { ...process.env, PYTHONPATH: vcrpyPath() },
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  });
  if (run.status !== 0) throw new Error(`vcrpy baseline failed: ${run.stderr}`);
  const { times, cpu } = JSON.parse(run.stdout) as { times: number[]; cpu: number[] };
  return { wall: times[0]!, cpu: cpu[0]! };
}
