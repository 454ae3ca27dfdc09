import type { NewItem } from '../../domain/item.js';
import type { Logger } from '../../observability/logger.js';
import type { Clock } from '../../platform/clock.js';
import type { FetchBatch, FetchContext } from '../source.port.js';
import { advanceWatermark, decodeWatermark, encodeWatermark, seenBy, watermarkMoved, type Watermark } from './watermark.js';

/** One page of a newest-first listing: its entries with their time (ms) and id, and whether more pages follow. */
export interface WatermarkPage<T> {
  entries: readonly { at: number; id: string; entry: T }[];
  more: boolean;
}

export interface WatermarkRun<T> {
  /** Cursor key (the query name, or e.g. `release:<repo>`). */
  key: string;
  /** Source name for log lines ("unreadable <source> cursor"). */
  source: string;
  /** Log fields naming the unit, e.g. `{ query: 'brand' }`. */
  unit: Record<string, string>;
  maxPages: number;
  /** Stop at the first page holding an entry the watermark already covers (lists sorted newest first). */
  stopAtSeen: boolean;
  clock: Clock;
  /** Page `page` (from 0); `start` is the stored watermark, for the request's time filter. */
  readPage(start: Watermark | undefined, page: number): Promise<WatermarkPage<T>>;
  map(entry: T, fetchedAt: string): NewItem;
  /** Called when `maxPages` ends the run while newer-than-stored entries remain unread. */
  onTruncated?(): void;
}

/**
 * Reads a unit page by page under a watermark cursor (ADR 0009): entries the stored watermark
 * covers are dropped, every other page's items are yielded as read, and the new watermark is
 * committed with the last page only, so an interrupted run re-reads rather than skips.
 */
export async function* readWatermarked<T>(run: WatermarkRun<T>, ctx: FetchContext, log: Logger): AsyncGenerator<FetchBatch> {
  const stored = await ctx.getCursor(run.key);
  const start = decodeWatermark(stored);
  if (stored !== undefined && start === undefined) log.warn(run.unit, `unreadable ${run.source} cursor; starting over`);
  let mark = start;
  for (let page = 0; page < run.maxPages; page++) {
    const { entries, more } = await run.readPage(start, page);
    const fresh = entries.filter((e) => !seenBy(start, e.at, e.id));
    const reachedSeen = run.stopAtSeen && fresh.length < entries.length;
    mark = advanceWatermark(mark, fresh);
    const fetchedAt = run.clock.now().toISOString();
    const items = fresh.map((e) => run.map(e.entry, fetchedAt));
    if (!more || reachedSeen || page + 1 >= run.maxPages) {
      if (more && !reachedSeen && start !== undefined) run.onTruncated?.();
      if (items.length > 0 || watermarkMoved(start, mark)) yield { items, cursor: mark ? { key: run.key, value: encodeWatermark(mark) } : undefined };
      return;
    }
    if (items.length > 0) yield { items };
  }
}
