/*
 * The in-memory StoryState: bounded whatever passes through it. Open stories are kept in
 * least-recently-updated order and evicted past `maxOpen` or once idle longer than `idleMs`;
 * term postings keep the latest `postingSize` stories; the URL map keeps the latest `maxUrls`
 * keys; signatures live in a fixed ring (`signatures`).
 */
import { createLshIndex } from '../text/minhash.js';
import { foldStory, rankCandidates } from './fold.js';
import type { OpenStory, StoryState } from './story-state.port.js';

export interface MemoryStateLimits {
  maxOpen: number;
  idleMs: number;
  postingSize: number;
  maxUrls: number;
  signatures: number;
}

export const DEFAULT_LIMITS: MemoryStateLimits = { maxOpen: 20_000, idleMs: 72 * 3_600_000, postingSize: 16, maxUrls: 200_000, signatures: 50_000 };

interface SigRef {
  storyId: string;
  at: number | undefined;
}

export const createMemoryStoryState = (limits: MemoryStateLimits = DEFAULT_LIMITS): StoryState => {
  const open = new Map<string, OpenStory>();
  const postings = new Map<string, string[]>();
  const urls = new Map<string, string>();
  const lsh = createLshIndex<SigRef>({ bands: 16, rows: 4, capacity: limits.signatures });
  const aliases = new Map<string, string>();
  const resolve = (id: string): string => {
    let root = id;
    for (let next = aliases.get(root); next !== undefined; next = aliases.get(root)) root = next;
    if (root !== id) aliases.set(id, root);
    return root;
  };

  const evict = (now: number | undefined): void => {
    for (const [id, s] of open) {
      const idle = now !== undefined && s.lastAt !== undefined && now - s.lastAt > limits.idleMs;
      if (open.size <= limits.maxOpen && !idle) break;
      open.delete(id);
    }
  };
  const index = (term: string, id: string): void => {
    let list = postings.get(term);
    if (!list) postings.set(term, (list = []));
    if (list[list.length - 1] === id) return;
    list.push(id);
    if (list.length > 2 * limits.postingSize) postings.set(term, list.slice(-limits.postingSize));
  };

  return {
    storyOfUrl: (key) => {
      const id = urls.get(key);
      return id === undefined ? undefined : resolve(id);
    },
    rememberUrl(key, storyId) {
      urls.delete(key);
      urls.set(key, storyId);
      if (urls.size > limits.maxUrls) {
        const oldest = urls.keys().next();
        if (!oldest.done) urls.delete(oldest.value);
      }
    },
    nearDuplicate(sig, min, accept) {
      const hit = lsh.nearest(sig, min, (r) => accept(resolve(r.storyId), r.at));
      return hit && resolve(hit.value.storyId);
    },
    rememberSignature: (sig, storyId, at) => lsh.insert(sig, { storyId, at }),
    candidates(terms, limit) {
      const hits = new Map<string, number>();
      for (const t of terms) {
        const list = postings.get(t);
        if (!list) continue;
        const from = Math.max(0, list.length - limits.postingSize);
        for (let i = list.length - 1; i >= from; i--) {
          const id = list[i] as string;
          hits.set(id, (hits.get(id) ?? 0) + 1);
        }
      }
      return rankCandidates(hits, limit, (id) => open.get(resolve(id)));
    },
    get: (id) => open.get(resolve(id)),
    resolve,
    merge(from, into) {
      const a = open.get(from);
      const b = open.get(into);
      if (!a || !b || from === into) return;
      foldStory(a, b);
      open.delete(from);
      aliases.set(from, into);
    },
    put(story, terms, now) {
      open.delete(story.id);
      open.set(story.id, story);
      for (const t of terms) index(t, story.id);
      evict(now);
    },
  };
};
