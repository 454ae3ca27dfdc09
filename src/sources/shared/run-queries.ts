import type { z } from 'zod';
import type { SourceName } from '../../domain/item.js';
import { AppError, isAppError, upstreamBadResponse } from '../../domain/errors.js';
import type { Logger } from '../../observability/logger.js';
import type { FetchBatch, FetchContext, PartOutcome, Source, SourcePart } from '../source.port.js';
import { RejectedError } from './source-http.js';

/** A failure that concerns the whole source (its credentials, its access), not one query. */
export class SourceWideError extends AppError {}

/**
 * Errors that fail every query of a source alike: an exhausted rate limit, an error the source
 * marked as source-wide, or a 401/403 the source left uninterpreted. A source that re-words a
 * 401/403 decides itself (e.g. a 403 on one private listing concerns that listing only).
 */
export const isSourceWide = (e: AppError): boolean =>
  e.code === 'UPSTREAM_RATE_LIMITED' || e instanceof SourceWideError || (e instanceof RejectedError && (e.upstreamStatus === 401 || e.upstreamStatus === 403));

/**
 * How `runEach` names things: `label` starts the aggregated message, `noun` the units ("queries").
 * `independent`: no error of one unit stops the others (feeds live on hosts of their own, so one
 * feed's 401, 403 or 429 says nothing about the next).
 */
export interface RunEachNames {
  label: string;
  noun?: string;
  independent?: boolean;
}

/**
 * Runs each named unit (query, listing, feed, repository) in turn: a failing one is logged and the
 * next runs; a source-wide error stops the rest (unless the units are `independent`). Each unit's
 * outcome goes to `report` (units a source-wide error skipped fail with that error). Afterwards
 * the one error is rethrown, or one error with a line per unit in `details`. Batches already
 * yielded stay stored.
 */
export async function* runEach<T extends { name: string }>(
  names: RunEachNames,
  units: readonly T[],
  log: Logger,
  signal: AbortSignal | undefined,
  run: (unit: T) => AsyncIterable<FetchBatch>,
  report: (outcome: PartOutcome) => void = () => undefined,
): AsyncGenerator<FetchBatch> {
  const failures: { name: string; error: AppError }[] = [];
  let stoppedBy: AppError | undefined;
  for (const unit of units) {
    if (stoppedBy) {
      report({ key: unit.name, fetched: 0, error: stoppedBy });
      continue;
    }
    let fetched = 0;
    try {
      for await (const batch of run(unit)) {
        fetched += batch.items.length;
        yield batch;
      }
      report({ key: unit.name, fetched });
    } catch (err) {
      if (signal?.aborted || !isAppError(err)) throw err;
      log.warn({ unit: unit.name, code: err.code, reason: err.message }, `${names.label}: "${unit.name}" failed; continuing with the next one`);
      failures.push({ name: unit.name, error: err });
      report({ key: unit.name, fetched, error: err });
      if (names.independent !== true && isSourceWide(err)) stoppedBy = err;
    }
  }
  if (failures.length > 0) throw aggregate(names, failures, units.length);
}

const aggregate = (names: RunEachNames, failures: { name: string; error: AppError }[], total: number): AppError => {
  const [first] = failures;
  if (failures.length === 1 && first) return first.error;
  const details = failures.map((f) => `${f.name}: ${f.error.code} ${f.error.message}`);
  const waits = failures.map((f) => f.error.retryAfterSeconds).filter((s): s is number => s !== undefined);
  const what = names.noun === undefined ? 'failed' : `${names.noun} failed`;
  return new AppError(first?.error.code ?? 'INTERNAL', `${names.label}: ${failures.length} of ${total} ${what} (${details.join('; ')})`, {
    retryable: failures.every((f) => f.error.retryable),
    retryAfterSeconds: waits.length > 0 ? Math.max(...waits) : undefined,
    upstreamStatus: first?.error.upstreamStatus,
    details,
    cause: new AggregateError(failures.map((f) => f.error)),
  });
};

/**
 * A source that runs `fetchUnit` for each of its named units through `runEach`; its parts are the
 * units (`target` says what a unit reads, when its name does not).
 */
export const unitsSource = <T extends { name: string }>(
  name: SourceName,
  units: readonly T[],
  fetchUnit: (unit: T, ctx: FetchContext, log: Logger) => AsyncIterable<FetchBatch>,
  names: RunEachNames = { label: name },
  target: (unit: T) => string | undefined = () => undefined,
): Source => ({
  name,
  parts: units.map((u): SourcePart => {
    const t = target(u);
    return t === undefined ? { key: u.name } : { key: u.name, target: t };
  }),
  fetch(ctx) {
    // The fetch stage's logger already carries `source`; binding it again repeated the key in every line.
    return runEach(names, units, ctx.log, ctx.signal, (u) => fetchUnit(u, ctx, ctx.log), (o) => ctx.reportPart?.(o));
  },
});

/** Parses JSON or throws UPSTREAM_BAD_RESPONSE naming the source and the start of the body. */
export const parseJsonBody = (label: string, body: string): unknown => {
  try {
    return JSON.parse(body);
  } catch {
    throw upstreamBadResponse(`${label} returned a body that is not JSON (starts with ${JSON.stringify(body.slice(0, 40))})`);
  }
};

/** The entries `schema` accepts; each one it rejects is reported to `skipped` with its problem. */
export const keepValid = <T>(schema: z.ZodType<T>, raws: readonly unknown[], skipped: (problem: string) => void): T[] =>
  raws.flatMap((raw) => {
    const r = schema.safeParse(raw);
    if (r.success) return [r.data];
    skipped(issuesLine(r.error.issues));
    return [];
  });

/** zod issues as one short line. */
export const issuesLine = (issues: readonly { path: readonly PropertyKey[]; message: string }[]): string =>
  issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.map(String).join('.') : '(root)'}: ${i.message}`)
    .join('; ');

/** ISO string of a unix time in seconds (int or float). */
export const isoFromUnixSeconds = (s: number): string => new Date(Math.round(s * 1000)).toISOString();

/** ISO string of a date string, or undefined when it does not parse. */
export const isoFromDate = (value: string | undefined | null): string | undefined => {
  if (value === undefined || value === null || value.trim() === '') return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
};
