import { formatSeconds } from './format.js';

export type Outcome = 'copied' | 'unchanged' | 'failed' | 'would copy';

/**
 * Reports per-cassette progress: a bar redrawn in place on a terminal (stderr), one line per cassette
 * otherwise (stdout, for CI logs and scripts). Quiet in `--json` mode.
 */
export interface Progress {
  item(name: string, outcome: Outcome, detail?: string): void;
  done(): void;
}

export function createProgress(total: number, options: { json: boolean; tty: boolean }): Progress {
  const started = Date.now();
  let finished = 0;
  if (options.json) return { item: () => {}, done: () => {} };
  if (!options.tty) {
    return {
      item(name, outcome, detail) {
        finished += 1;
        process.stdout.write(`${outcome.padEnd(10)} ${name}${detail === undefined ? '' : `  ${detail}`}\n`);
      },
      done() {},
    };
  }
  const width = 30;
  const draw = (last: string) => {
    const filled = total === 0 ? width : Math.round((finished / total) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const line = `${bar} ${finished}/${total} ${formatSeconds(Date.now() - started)} ${last}`;
    process.stderr.write(`\r\u001b[2K${line.slice(0, (process.stderr.columns ?? 100) - 1)}`);
  };
  return {
    item(name, outcome, detail) {
      finished += 1;
      if (outcome === 'failed') process.stderr.write(`\r\u001b[2Kfailed     ${name}  ${detail ?? ''}\n`);
      draw(name);
    },
    done() {
      process.stderr.write('\r\u001b[2K');
    },
  };
}
