/**
 * Runs `task` now and then every `intervalMs` (measured start to start) until stopped. A run in
 * progress is never interrupted: `stop()` resolves after it finishes. Used by `daemon` and `serve`.
 */
export interface Schedule {
  stop(): Promise<void>;
  /** Resolves when the schedule ends (stopped, or `maxRuns` reached). */
  done: Promise<void>;
}

export const startSchedule = (task: () => Promise<void>, intervalMs: number, opts: { maxRuns?: number } = {}): Schedule => {
  let stopping = false;
  let timer: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  const loop = async (): Promise<void> => {
    for (let n = 1; !stopping; n++) {
      const started = Date.now();
      await task();
      if (opts.maxRuns !== undefined && n >= opts.maxRuns) break;
      if (stopping) break;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, Math.max(0, intervalMs - (Date.now() - started)));
      });
    }
  };
  const done = loop();
  return {
    done,
    stop: async () => {
      stopping = true;
      clearTimeout(timer);
      wake?.();
      await done;
    },
  };
};
