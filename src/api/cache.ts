/**
 * A tiny time-bounded cache of serialised responses. The signals behind `/top` and `/tweet` change
 * only when the pipeline writes, so answering repeats of the same request from memory for up to
 * `ttlMs` (1 s by default; 0 turns it off) trades at most that much staleness for not re-reading
 * and re-serialising the same rows hundreds of times a second. Bodies are kept as UTF-8 bytes, so a
 * hit is written to the socket as is instead of being encoded again for every response.
 */
export interface ResponseCache<T> {
  get(key: string, now: number): T | undefined;
  set(key: string, body: T, now: number): void;
}

export const createResponseCache = <T>(ttlMs: number, maxEntries = 1000): ResponseCache<T> => {
  const entries = new Map<string, { at: number; body: T }>();
  return {
    get(key, now) {
      if (ttlMs <= 0) return undefined;
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (now - hit.at > ttlMs) {
        entries.delete(key);
        return undefined;
      }
      return hit.body;
    },
    set(key, body, now) {
      if (ttlMs <= 0) return;
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next().value;
        if (oldest !== undefined) entries.delete(oldest);
      }
      entries.set(key, { at: now, body });
    },
  };
};
