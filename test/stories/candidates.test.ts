/*
 * Candidate lookup, checked against the plain way of doing it: story ids counted in a Map and
 * ranked by a stable sort on the count. The in-memory state counts on shared per-id objects and
 * ranks without sorting (for speed); it must name the same stories in the same order.
 */
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../scripts/generate-demo-corpus.js';
import { createStoryAssigner } from '../../src/stories/assigner.js';
import { rankCandidates } from '../../src/stories/fold.js';
import { createMemoryStoryState, DEFAULT_LIMITS, type MemoryStateLimits } from '../../src/stories/memory.state.js';
import type { OpenStory, StoryState } from '../../src/stories/story-state.port.js';
import { createMemoryDocumentFrequencies } from '../../src/text/tfidf.js';

const rng = (seed: number): (() => number) => {
  let s = seed >>> 0;
  return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
};

const story = (id: string): OpenStory => ({ id, firstAt: 0, lastAt: 0, size: 1, centroid: new Map(), centroidNorm: 0, heat: 0, heatAt: undefined });

/**
 * The reference ranking: all hits in first-hit order when they fit in `limit`, else most hits first
 * by a stable sort; duplicates and unknown ids skipped.
 */
const reference = (hits: ReadonlyMap<string, number>, limit: number, lookup: (id: string) => OpenStory | undefined): OpenStory[] => {
  const out: OpenStory[] = [];
  for (const [id] of hits.size <= limit ? [...hits] : [...hits].sort((a, b) => b[1] - a[1])) {
    const s = lookup(id);
    if (s && !out.includes(s)) out.push(s);
    if (out.length >= limit) break;
  }
  return out;
};

describe('rankCandidates', () => {
  it('ranks as a stable sort by count would (first-hit order when all fit), skipping unknown and repeated stories', () => {
    const r = rng(7);
    for (let round = 0; round < 500; round++) {
      const stories = Array.from({ length: 12 }, (_, i) => story(`s${i}`));
      const hits = new Map<string, number>();
      const n = Math.floor(r() * 40);
      for (let i = 0; i < n; i++) hits.set(`h${Math.floor(r() * 60)}`, round % 3 === 0 ? r() * 4 : 1 + Math.floor(r() * 8));
      // Several ids resolve to one story (merged), some to none (evicted).
      const lookup = (id: string): OpenStory | undefined => (Number(id.slice(1)) % 5 === 0 ? undefined : stories[Number(id.slice(1)) % 12]);
      const limit = 1 + Math.floor(r() * 20);
      expect(rankCandidates(hits, limit, lookup).map((s) => s.id)).toEqual(reference(hits, limit, lookup).map((s) => s.id));
    }
  });
});

/**
 * A state that answers `candidates` from the real in-memory state and checks each answer against
 * postings of plain id strings kept beside it (the same indexing rule: latest `postingSize` per term,
 * no id twice in a row).
 */
const checked = (limits: MemoryStateLimits): { state: StoryState; calls: () => number; mismatches: () => number } => {
  const real = createMemoryStoryState(limits);
  const postings = new Map<string, string[]>();
  let [calls, mismatches] = [0, 0];
  const state: StoryState = {
    ...real,
    candidates(terms, limit) {
      const got = real.candidates(terms, limit);
      const hits = new Map<string, number>();
      for (const t of terms) for (const id of (postings.get(t) ?? []).slice(-limits.postingSize).reverse()) hits.set(id, (hits.get(id) ?? 0) + 1);
      const want = reference(hits, limit, (id) => real.get(id));
      calls++;
      if (got.map((s) => s.id).join() !== want.map((s) => s.id).join()) mismatches++;
      return got;
    },
    put(s, terms, now) {
      real.put(s, terms, now);
      for (const t of terms) {
        let list = postings.get(t);
        if (!list) postings.set(t, (list = []));
        if (list[list.length - 1] === s.id) continue;
        list.push(s.id);
        if (list.length > 2 * limits.postingSize) postings.set(t, list.slice(-limits.postingSize));
      }
    },
  };
  return { state, calls: () => calls, mismatches: () => mismatches };
};

describe('memory state candidates', () => {
  const items = [1, 2].flatMap((seed) =>
    generateCorpus(seed).map((r, i) => ({ key: `${seed}-${i}`, text: r.text, title: r.title ?? null, url: `${r.url}-w${seed}`, at: Date.parse(r.createdAt) + (seed - 1) * 7 * 24 * 3_600_000 })),
  );

  it.each([
    ['the default limits', DEFAULT_LIMITS],
    ['tight limits (ids dropped from the ref table while postings hold them)', { maxOpen: 200, idleMs: 3_600_000, postingSize: 4, maxUrls: 100, signatures: 500 }],
  ])('names the same stories in the same order as counting ids in a Map, under %s', (_, limits) => {
    const c = checked(limits);
    const assigner = createStoryAssigner(c.state, createMemoryDocumentFrequencies());
    for (const it of items) assigner.assign(it);
    expect(c.calls()).toBeGreaterThan(2000);
    expect(c.mismatches()).toBe(0);
  });
});

describe('memory state candidates with many shared terms', () => {
  it('ranks as counting ids in a Map when stories share more than 63 of the looked-up terms', () => {
    const c = checked(DEFAULT_LIMITS);
    const r = rng(3);
    const terms = Array.from({ length: 100 }, (_, i) => `t${i}`);
    for (let i = 0; i < 30; i++) c.state.put(story(`s${i}`), terms.filter(() => r() < 0.8), 0);
    const counts = new Set<number>();
    for (let q = 0; q < 50; q++) {
      const lookup = terms.filter(() => r() < 0.9);
      counts.add(lookup.length);
      c.state.candidates(lookup, 1 + Math.floor(r() * 10));
    }
    expect(Math.min(...counts)).toBeGreaterThan(63);
    expect(c.calls()).toBe(50);
    expect(c.mismatches()).toBe(0);
  });
});
