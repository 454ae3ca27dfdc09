import { createHash } from 'node:crypto';

/**
 * The content hash every source stores with an item: sha256 (hex) of `${title ?? ''}\n${text}`.
 * A change means the text changed and the item is queued for re-analysis; equal hashes share the
 * analysis cache.
 */
export const contentHash = (title: string | null | undefined, text: string): string =>
  createHash('sha256').update(`${title ?? ''}\n${text}`).digest('hex');
