import { z } from 'zod';

/**
 * An incremental cursor for APIs that return newest first and filter by time (ADR 0009): the
 * newest timestamp seen (`at`, ms since epoch) and the ids seen at exactly that instant. A run asks
 * for `time >= at` and drops those ids, so an item posted in the same second as the last one seen
 * is neither lost (as with `>`) nor stored twice.
 */
export interface Watermark {
  at: number;
  ids: string[];
}

const watermarkSchema = z.object({ at: z.number().int().nonnegative(), ids: z.array(z.string()).max(1000) });

export const encodeWatermark = (w: Watermark): string => JSON.stringify({ at: w.at, ids: w.ids });

/** Undefined when never fetched or unreadable (the caller logs the latter and starts over). */
export const decodeWatermark = (value: string | undefined): Watermark | undefined => {
  if (value === undefined || value === '') return undefined;
  try {
    const parsed = watermarkSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/** True when an item at `at` with `id` is already covered by the watermark. */
export const seenBy = (w: Watermark | undefined, at: number, id: string): boolean =>
  w !== undefined && (at < w.at || (at === w.at && w.ids.includes(id)));

/** The watermark after also seeing these items. */
export const advanceWatermark = (w: Watermark | undefined, items: readonly { at: number; id: string }[]): Watermark | undefined => {
  let out = w ? { at: w.at, ids: [...w.ids] } : undefined;
  for (const { at, id } of items) {
    if (!Number.isFinite(at)) continue;
    if (out === undefined || at > out.at) out = { at, ids: [id] };
    else if (at === out.at && !out.ids.includes(id)) out.ids.push(id);
  }
  return out;
};

/** True when `after` differs from `before` (so the cursor must be saved). */
export const watermarkMoved = (before: Watermark | undefined, after: Watermark | undefined): boolean =>
  after !== undefined && (before === undefined || encodeWatermark(before) !== encodeWatermark(after));
