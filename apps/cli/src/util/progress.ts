import { formatSeconds } from './format.js';

/**
 * Per-item progress, shared by every command that goes through many cassettes: on a terminal a bar
 * redrawn in place on stderr (items that need attention, like failures, are printed above it);
 * otherwise one line per item on stdout (for CI logs and scripts) or, for commands whose report is
 * printed at the end anyway, nothing extra. Quiet in `--json` mode.
 */
export interface Progress {
  item(name: string, outcome: string, detail?: string): void;
  done(): void;
}

export interface ProgressOptions {
  readonly json?: boolean;
  /** Draw the bar (default: when stdout and stderr are both terminals). */
  readonly tty?: boolean;
  /** Not on a terminal: print one line per item (default) or nothing. */
  readonly lines?: boolean;
  /** Outcomes not worth a line (e.g. "unchanged" in a sync). */
  readonly quiet?: ReadonlySet<string>;
  /** Outcomes printed above the bar on a terminal (default: "failed"). */
  readonly loud?: ReadonlySet<string>;
  /** Column width of the outcome in the per-item lines. */
  readonly pad?: number;
}

/** Whether a bar can be drawn: output goes to a person, not to a file or a pipe. */
export function onTerminal(): boolean {
  return process.stderr.isTTY === true && process.stdout.isTTY === true;
}

const SILENT: Progress = { item: () => {}, done: () => {} };

export function createProgress(total: number, options: ProgressOptions = {}): Progress {
  if (options.json === true) return SILENT;
  const pad = options.pad ?? 10;
  const line = (name: string, outcome: string, detail?: string) =>
    `${outcome.padEnd(pad)} ${name}${detail === undefined ? '' : `  ${detail}`}`;
  if (!(options.tty ?? onTerminal())) {
    if (options.lines === false) return SILENT;
    return {
      item(name, outcome, detail) {
        if (options.quiet?.has(outcome) !== true) process.stdout.write(`${line(name, outcome, detail)}\n`);
      },
      done() {},
    };
  }
  const loud = options.loud ?? new Set(['failed']);
  const started = Date.now();
  const width = 30;
  let finished = 0;
  const draw = (last: string) => {
    const filled = total === 0 ? width : Math.round((finished / total) * width);
    const bar = `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
    const text = `${bar} ${finished}/${total} ${formatSeconds(Date.now() - started)} ${last}`;
    process.stderr.write(`\r\u001b[2K${text.slice(0, (process.stderr.columns ?? 100) - 1)}`);
  };
  return {
    item(name, outcome, detail) {
      finished += 1;
      if (loud.has(outcome)) process.stderr.write(`\r\u001b[2K${line(name, outcome, detail)}\n`);
      draw(name);
    },
    done() {
      process.stderr.write('\r\u001b[2K');
    },
  };
}
