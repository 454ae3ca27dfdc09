/*
 * The StoryState the pipeline uses (ADR 0023): the assigner's working set, loaded from the store
 * at the start of the stories stage and written back, as changes, with each batch's memberships in
 * one transaction. Every structure here is a pure function of the stored rows — open stories are the
 * latest `maxOpen` by sequence number, each term's posting the latest `postingSize` stories, URLs
 * the latest `maxUrls`, signatures the latest `signatures` — and every change is applied here and in
 * the store alike, so a state reloaded after a crash is the state an uninterrupted run holds at
 * that point: a killed run, re-run, gives the same stories.
 */
import { createLshIndex } from '../text/minhash.js';
import type { DocumentFrequencies } from '../text/tfidf.js';
import { foldStory, rankCandidates } from './fold.js';
import type { OpenStory, StoryState } from './story-state.port.js';

export interface PersistentStateLimits {
  maxOpen: number;
  postingSize: number;
  maxUrls: number;
  signatures: number;
  /** Stored document frequencies (story_df rows) kept at most: past it the rarest terms are pruned (story-df.prune.ts). */
  dfTerms: number;
}

export const PERSISTENT_LIMITS: PersistentStateLimits = { maxOpen: 5000, postingSize: 16, maxUrls: 100_000, signatures: 20_000, dfTerms: 300_000 };

/** An open story as stored: the OpenStory and its sequence number (latest put). */
export interface StoredOpenStory extends OpenStory {
  seq: number;
}

/** What the store hands the state at load, each list in ascending `seq`. */
export interface StoryStateSnapshot {
  seq: number;
  /** Documents counted into the document frequencies. */
  docs: number;
  stories: StoredOpenStory[];
  aliases: Array<{ from: string; into: string }>;
  postings: Array<{ term: string; storyId: string; seq: number }>;
  urls: Array<{ urlKey: string; storyId: string; seq: number }>;
  signatures: Array<{ seq: number; storyId: string; at: number | undefined; sig: Uint32Array }>;
}

/** What changed since the last `takeChanges`: the store applies it in the batch's transaction. */
export interface StoryStateChanges {
  seq: number;
  docs: number;
  stories: StoredOpenStory[];
  merges: Array<{ from: string; into: string }>;
  postings: Array<{ term: string; storyId: string; seq: number }>;
  postingDeletes: Array<{ term: string; storyId: string }>;
  urls: Array<{ urlKey: string; storyId: string; seq: number }>;
  signatures: Array<{ seq: number; storyId: string; at: number | undefined; sig: Uint32Array }>;
  /** Signatures at or before this sequence number fell out of the ring (0: none). */
  signaturesBefore: number;
  /** term → documents added. */
  df: Map<string, number>;
  /** How many of the `df` terms were not stored before (new story_df rows). */
  newTerms: number;
}

export interface PersistentStoryState {
  state: StoryState;
  /** Document frequencies over stored counts: `load` replaces them with a batch's terms (as stored) before the batch is assigned. */
  df: DocumentFrequencies & { load(counts: ReadonlyMap<string, number>): void };
  takeChanges(): StoryStateChanges;
}

const emptyChanges = (seq: number, docs: number): StoryStateChanges => ({
  seq, docs, stories: [], merges: [], postings: [], postingDeletes: [], urls: [], signatures: [], signaturesBefore: 0, df: new Map(), newTerms: 0,
});

interface SigRef {
  storyId: string;
  at: number | undefined;
}

export const createPersistentStoryState = (snap: StoryStateSnapshot, limits: PersistentStateLimits = PERSISTENT_LIMITS): PersistentStoryState => {
  let seq = snap.seq;
  let docs = snap.docs;
  let changes = emptyChanges(seq, docs);
  const dirty = new Map<string, StoredOpenStory>();
  const open = new Map<string, StoredOpenStory>();
  const aliases = new Map<string, string>();
  const postings = new Map<string, Map<string, number>>();
  const urls = new Map<string, string>();
  const lsh = createLshIndex<SigRef>({ bands: 16, rows: 4, capacity: limits.signatures });
  const ringSeqs: number[] = [];
  let counts = new Map<string, number>();
  /** (term, story) postings changed since the last `takeChanges`: written as they now are. */
  const touched = new Set<string>();

  const resolve = (id: string): string => {
    let root = id;
    for (let next = aliases.get(root); next !== undefined; next = aliases.get(root)) root = next;
    return root;
  };
  const openStory = (s: StoredOpenStory): void => {
    open.delete(s.id);
    open.set(s.id, s);
    while (open.size > limits.maxOpen) {
      const oldest = open.keys().next();
      if (oldest.done) break;
      open.delete(oldest.value);
    }
  };
  const post = (term: string, storyId: string, at: number): void => {
    let list = postings.get(term);
    if (!list) postings.set(term, (list = new Map()));
    list.delete(storyId);
    list.set(storyId, at);
    if (list.size <= limits.postingSize) return;
    const oldest = list.keys().next();
    if (!oldest.done) {
      list.delete(oldest.value);
      touched.add(`${term}\u0000${oldest.value}`);
    }
  };
  const keepUrl = (urlKey: string, storyId: string): void => {
    urls.delete(urlKey);
    urls.set(urlKey, storyId);
    if (urls.size <= limits.maxUrls) return;
    const oldest = urls.keys().next();
    if (!oldest.done) urls.delete(oldest.value);
  };
  const ring = (sig: Uint32Array, ref: SigRef, at: number): void => {
    lsh.insert(sig, ref);
    ringSeqs.push(at);
    if (ringSeqs.length > limits.signatures) changes.signaturesBefore = ringSeqs.shift() as number;
  };

  for (const s of snap.stories) openStory(s);
  for (const a of snap.aliases) aliases.set(a.from, a.into);
  for (const p of snap.postings) post(p.term, p.storyId, p.seq);
  for (const u of snap.urls) keepUrl(u.urlKey, u.storyId);
  for (const g of snap.signatures) ring(g.sig, { storyId: g.storyId, at: g.at }, g.seq);
  changes = emptyChanges(seq, docs);
  touched.clear();

  const state: StoryState = {
    storyOfUrl: (key) => {
      const id = urls.get(key);
      return id === undefined ? undefined : resolve(id);
    },
    rememberUrl(urlKey, storyId) {
      seq++;
      keepUrl(urlKey, storyId);
      changes.urls.push({ urlKey, storyId, seq });
    },
    nearDuplicate(sig, min, accept) {
      const hit = lsh.nearest(sig, min, (r) => accept(resolve(r.storyId), r.at));
      return hit && resolve(hit.value.storyId);
    },
    rememberSignature(sig, storyId, at) {
      seq++;
      ring(sig, { storyId, at }, seq);
      changes.signatures.push({ seq, storyId, at, sig });
    },
    candidates(terms, limit) {
      const hits = new Map<string, number>();
      for (const t of terms) {
        const list = postings.get(t);
        if (!list) continue;
        for (const id of [...list.keys()].reverse()) hits.set(id, (hits.get(id) ?? 0) + 1);
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
      // The story merged away is written with its final fields (heat brought to the merge's time)
      // whether or not it was put in this batch: a run resumed at another batch boundary stores the same.
      dirty.set(from, a);
      dirty.set(into, b);
      changes.merges.push({ from, into });
    },
    put(story, terms) {
      seq++;
      const s = story as StoredOpenStory;
      s.seq = seq;
      openStory(s);
      dirty.set(s.id, s);
      for (const t of terms) {
        post(t, s.id, seq);
        touched.add(`${t}\u0000${s.id}`);
      }
    },
  };

  const df: PersistentStoryState['df'] = {
    add(terms) {
      docs++;
      for (const t of new Set(terms)) {
        const before = counts.get(t);
        if (before === undefined) changes.newTerms++;
        counts.set(t, (before ?? 0) + 1);
        changes.df.set(t, (changes.df.get(t) ?? 0) + 1);
      }
    },
    df: (term) => counts.get(term) ?? 0,
    get n() {
      return docs;
    },
    load(loaded) {
      counts = new Map(loaded);
    },
  };

  return {
    state,
    df,
    takeChanges() {
      const out = changes;
      out.seq = seq;
      out.docs = docs;
      // A story merged away after its put in this batch is written with its final fields, then marked merged.
      out.stories = [...dirty.values()].map((s) => ({ ...s, centroid: new Map(s.centroid), ...(s.dense && { dense: s.dense.slice() }) }));
      dirty.clear();
      for (const key of touched) {
        const [term, storyId] = key.split('\u0000') as [string, string];
        const at = postings.get(term)?.get(storyId);
        if (at === undefined) out.postingDeletes.push({ term, storyId });
        else out.postings.push({ term, storyId, seq: at });
      }
      touched.clear();
      changes = emptyChanges(seq, docs);
      return out;
    },
  };
};
