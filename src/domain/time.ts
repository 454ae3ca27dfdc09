/** Milliseconds in an hour. */
export const HOUR_MS = 3_600_000;

/** The ISO instant `hours` before `now` (a `--hours`/`?hours=` window), or undefined when no window is set. */
export const sinceHours = (now: Date, hours: number | undefined): string | undefined =>
  hours === undefined ? undefined : new Date(now.getTime() - hours * HOUR_MS).toISOString();
