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

/**
 * A story id as postings hold it: one object per id, so `candidates` counts shared terms on the
 * object (a generation mark and a count) instead of in a map keyed by id.
 */
interface IdRef {
  id: string;
  mark: number;
  count: number;
  /**
   * The open story of `id` while it is open (`put` sets it; eviction, merging it away and dropping
   * the ref from `refs` clear it), so ranking reads it without a map lookup.
   */
  story: OpenStory | undefined;
  /** Whether `id` was merged into another story (then it resolves to that one); a ref neither open nor merged is closed. */
  merged: boolean;
}

interface SigRef {
  storyId: string;
  at: number | undefined;
}

/**
 * `rankCandidates` over the refs `candidates` marked: most shared terms first, ties in first-hit
 * order, at most `limit` open stories. Once `refs` has dropped a ref, two refs of one id may be
 * hit (`shared`): they are then summed per id, as a map keyed by id would count them.
 */
const rankTouched = (touched: readonly IdRef[], shared: boolean, limit: number, lookup: (id: string) => OpenStory | undefined): OpenStory[] => {
  if (shared) {
    const hits = new Map<string, number>();
    for (const r of touched) hits.set(r.id, (hits.get(r.id) ?? 0) + r.count);
    return rankCandidates(hits, limit, lookup);
  }
  const out: OpenStory[] = [];
  // A ref without a story is closed, or merged away (then its id resolves to the story it went to).
  const take = (r: IdRef): boolean => {
    const s = r.story ?? (r.merged ? lookup(r.id) : undefined);
    if (s && !out.includes(s)) out.push(s);
    return out.length >= limit;
  };
  if (touched.length <= limit) {
    for (const r of touched) if (take(r)) break;
    return out;
  }
  let level = Infinity;
  for (;;) {
    let next = -Infinity;
    for (const r of touched) if (r.count < level && r.count > next) next = r.count;
    if (next === -Infinity) return out;
    level = next;
    for (const r of touched) if (r.count === level && take(r)) return out;
  }
};

export const createMemoryStoryState = (limits: MemoryStateLimits = DEFAULT_LIMITS): StoryState => {
  const open = new Map<string, OpenStory>();
  const postings = new Map<string, IdRef[]>();
  /** One IdRef per story id; at most `maxUrls`, the oldest dropped first (a posting keeps its own reference). */
  const refs = new Map<string, IdRef>();
  let refsDropped = false;
  const refOf = (id: string): IdRef => {
    let r = refs.get(id);
    if (!r) {
      refs.set(id, (r = { id, mark: 0, count: 0, story: undefined, merged: false }));
      if (refs.size > limits.maxUrls) {
        const oldest = refs.entries().next();
        if (!oldest.done) {
          refs.delete(oldest.value[0]);
          oldest.value[1].story = undefined;
        }
        refsDropped = true;
      }
    }
    return r;
  };
  let generation = 0;
  /** `candidates`' scratch list: the ids hit, in first-hit order. */
  const touched: IdRef[] = [];
  const urls = new Map<string, string>();
  const lsh = createLshIndex<SigRef>({ bands: 16, rows: 4, capacity: limits.signatures });
  const aliases = new Map<string, string>();
  /**
   * The open story of `id`, following merges. An open story's id is never an alias (`merge` closes
   * the story it folds away, and `put` is given resolved ids), so an open id needs one lookup.
   */
  const openOf = (id: string): OpenStory | undefined => open.get(id) ?? (aliases.size === 0 ? undefined : open.get(resolve(id)));
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
      const r = refs.get(id);
      if (r) r.story = undefined;
    }
  };
  const index = (term: string, ref: IdRef): void => {
    let list = postings.get(term);
    if (!list) postings.set(term, (list = []));
    if (list[list.length - 1]?.id === ref.id) return;
    list.push(ref);
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
      const mark = ++generation;
      touched.length = 0;
      for (const t of terms) {
        const list = postings.get(t);
        if (!list) continue;
        const from = Math.max(0, list.length - limits.postingSize);
        for (let i = list.length - 1; i >= from; i--) {
          const r = list[i] as IdRef;
          if (r.mark === mark) r.count++;
          else {
            r.mark = mark;
            r.count = 1;
            touched.push(r);
          }
        }
      }
      return rankTouched(touched, refsDropped, limit, openOf);
    },
    get: openOf,
    resolve,
    merge(from, into) {
      const a = open.get(from);
      const b = open.get(into);
      if (!a || !b || from === into) return;
      foldStory(a, b);
      open.delete(from);
      const r = refs.get(from);
      if (r) {
        r.story = undefined;
        r.merged = true;
      }
      aliases.set(from, into);
    },
    put(story, terms, now) {
      open.delete(story.id);
      open.set(story.id, story);
      const ref = refOf(story.id);
      ref.story = story;
      for (const t of terms) index(t, ref);
      evict(now);
    },
  };
};
