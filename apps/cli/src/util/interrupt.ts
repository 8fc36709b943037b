/**
 * Ctrl-C (or SIGTERM) during a command that writes: the first one stops new work and lets the
 * cassettes in flight finish (each write is atomic either way, but finishing leaves no temp or lock
 * files behind); a second one ends the process at once. Returns the signal and a function that
 * removes the handlers.
 */
export function onInterrupt(): { signal: AbortSignal; dispose: () => void } {
  const controller = new AbortController();
  const handler = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(
      `\n${name}: finishing the cassettes in flight; press Ctrl-C again to stop at once\n`,
    );
    controller.abort();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return {
    signal: controller.signal,
    dispose: () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    },
  };
}

/** The exit code of a command stopped by a signal (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;
