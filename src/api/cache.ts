/**
 * A tiny time-bounded cache of serialised responses. The signals behind `/top` and `/tweet` change
 * only when the pipeline writes, so answering repeats of the same request from memory for up to
 * `ttlMs` (1 s by default; 0 turns it off) trades at most that much staleness for not re-reading
 * and re-serialising the same rows hundreds of times a second.
 */
export interface ResponseCache {
  get(key: string, now: number): string | undefined;
  set(key: string, body: string, now: number): void;
}

export const createResponseCache = (ttlMs: number, maxEntries = 1000): ResponseCache => {
  const entries = new Map<string, { at: number; body: string }>();
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
