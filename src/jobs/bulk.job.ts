import type { SignalStatus, TriageState } from '../domain/item.js';
import type { JobContext, JobOutcome, JobSpec } from './runner.js';

/** Splits ids into consecutive chunks of at most `size`. */
export const chunked = <T>(items: readonly T[], size: number): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
};

/**
 * Applies `write` chunk by chunk: ids it found count as `done`, missing ids as `failed`. Stops
 * between chunks when the job is cancelled (its counts so far become the result).
 */
const inChunks = async (ctx: JobContext, ids: readonly number[], write: (chunk: number[]) => Promise<number>): Promise<{ found: number; missing: number }> => {
  let found = 0;
  let missing = 0;
  for (const chunk of chunked(ids, ctx.chunkSize)) {
    if (ctx.signal.aborted) break;
    const n = await write(chunk);
    found += n;
    missing += chunk.length - n;
    if (!(await ctx.progress({ done: n, failed: chunk.length - n }))) break;
    await ctx.pace();
  }
  return { found, missing };
};

/** `POST /signals/bulk/status`: sets the triage status of many signals. */
export const bulkStatusJob = (ids: readonly number[], status: SignalStatus): JobSpec => ({
  kind: 'bulk-status',
  params: { ids, status },
  total: ids.length,
  async run(ctx): Promise<JobOutcome> {
    const { found, missing } = await inChunks(ctx, ids, (chunk) => ctx.store.signals.setStatus(chunk, status));
    return { result: { status, updated: found, missing } };
  },
});

/** `POST /signals/bulk/triage`: sets the triage state of many signals. */
export const bulkTriageJob = (ids: readonly number[], triage: TriageState): JobSpec => ({
  kind: 'bulk-triage',
  params: { ids, triage },
  total: ids.length,
  async run(ctx): Promise<JobOutcome> {
    const { found, missing } = await inChunks(ctx, ids, (chunk) => ctx.store.signals.setTriage(chunk, triage));
    return { result: { triage, updated: found, missing } };
  },
});

/** `POST /signals/bulk/delete`: deletes many signals with their analyses, scores and notifications. */
export const bulkDeleteJob = (ids: readonly number[]): JobSpec => ({
  kind: 'bulk-delete',
  params: { ids },
  total: ids.length,
  async run(ctx): Promise<JobOutcome> {
    const { found, missing } = await inChunks(ctx, ids, (chunk) => ctx.store.signals.removeMany(chunk));
    return { result: { deleted: found, missing } };
  },
});
