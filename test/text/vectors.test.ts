import { describe, expect, it } from 'vitest';
import { createLshIndex, hash32, jaccardEstimate, minhash, minhashOf, shingleHashes, shingles } from '../../src/text/minhash.js';
import { cosine, createMemoryDocumentFrequencies, dot, dotTerms, idf, termMap, tfidfTermVector, tfidfVector, topKeys, topTermKeys, topTerms } from '../../src/text/tfidf.js';
import { seededRandom } from '../../src/platform/random.js';

const words = (s: string): string[] => s.toLowerCase().split(/\s+/).filter(Boolean);
const sig = (s: string): Uint32Array => minhash(shingles(words(s))) as Uint32Array;

describe('document frequencies and tf-idf', () => {
  it('counts each document once per term, incrementally', () => {
    const df = createMemoryDocumentFrequencies();
    df.add(['a', 'b', 'a']);
    df.add(['a']);
    expect([df.n, df.df('a'), df.df('b'), df.df('c')]).toEqual([2, 2, 1, 0]);
    expect(idf(df, 'c')).toBeGreaterThan(idf(df, 'b'));
    expect(idf(df, 'b')).toBeGreaterThan(idf(df, 'a'));
  });

  it('drops single-document terms when over its size cap', () => {
    const df = createMemoryDocumentFrequencies({ maxTerms: 3 });
    df.add(['a', 'b']);
    df.add(['a', 'c']);
    df.add(['d', 'e']);
    expect(df.df('a')).toBe(2);
    expect(df.df('b')).toBe(0);
  });

  it('builds unit vectors, cut to the heaviest terms; cosine of equal vectors is 1, of disjoint 0', () => {
    const df = createMemoryDocumentFrequencies();
    for (const d of [['quake', 'iran'], ['quake', 'chile'], ['launch', 'phone']]) df.add(d);
    const v = tfidfVector(new Map([['quake', 1], ['iran', 2], ['launch', 1]]), df, 2);
    expect([...v.keys()]).toEqual(['iran', 'launch']);
    expect(cosine(v, v)).toBeCloseTo(1, 10);
    expect(cosine(v, new Map([['phone', 1]]))).toBe(0);
    expect(cosine(v, new Map())).toBe(0);
    expect([...topTerms(new Map([['a', 1], ['b', 3], ['c', 2]]), 2).keys()]).toEqual(['b', 'c']);
  });

  it('gives the same vector as a TermVector (entries, weights, order), the same dot products bit for bit and the same lookup terms', () => {
    const rnd = seededRandom(5);
    const df = createMemoryDocumentFrequencies();
    const vocab = Array.from({ length: 60 }, (_, i) => `t${i}`);
    const bag = (n: number): Map<string, number> => {
      const m = new Map<string, number>();
      for (let i = 0; i < n; i++) {
        const t = vocab[Math.floor(rnd() * vocab.length)] as string;
        m.set(t, (m.get(t) ?? 0) + [1, 2, 0.5][Math.floor(rnd() * 3)]!);
      }
      return m;
    };
    for (let i = 0; i < 200; i++) df.add(bag(8).keys());
    for (let i = 0; i < 300; i++) {
      const tf = bag(1 + Math.floor(rnd() * 40));
      const max = [128, 10, 3][i % 3] as number;
      const v = tfidfVector(tf, df, max);
      const tv = tfidfTermVector(tf, df, max);
      expect([...termMap(tv)]).toEqual([...v]);
      expect([...tv.terms]).toEqual([...v.keys()]);
      const other = tfidfVector(bag(1 + Math.floor(rnd() * 30)), df);
      expect(dotTerms(tv, other)).toBe(dot(v, other));
      for (const k of [1, 4, 8, 200]) expect(topTermKeys(tv, k)).toEqual(v.size <= k ? [...v.keys()] : topKeys(v, k));
    }
    expect(tfidfTermVector(new Map(), df).terms).toEqual([]);
  });
});

describe('MinHash and LSH', () => {
  const a = 'heads up phishing emails pretending to be brindlepost billing are going around do not enter your password';
  const b = 'oof heads up phishing emails pretending to be brindlepost billing are going around do not enter your password';
  const c = 'the dark mode toggle resets every time I restart the desktop app';

  it('hashes deterministically to 32 bits', () => {
    expect(hash32('abc')).toBe(hash32('abc'));
    expect(hash32('abc')).not.toBe(hash32('abd'));
    expect(hash32('abc') >>> 0).toBe(hash32('abc'));
  });

  it('estimates Jaccard: near 1 for near-duplicates, near 0 for unrelated texts', () => {
    expect(jaccardEstimate(sig(a), sig(a))).toBe(1);
    expect(jaccardEstimate(sig(a), sig(b))).toBeGreaterThan(0.7);
    expect(jaccardEstimate(sig(a), sig(c))).toBeLessThan(0.2);
    expect(minhash(shingles([]))).toBeUndefined();
    expect(shingles(['one', 'two']).size).toBe(1);
  });

  it('signs each slot with the least unsigned fmix32(x ^ seed) over the set, whatever the top bits', () => {
    const fmix = (x: number): number => {
      let h = x >>> 0;
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      return (h ^ (h >>> 16)) >>> 0;
    };
    const reference = (set: ReadonlySet<number>, k: number): number[] =>
      Array.from({ length: k }, (_, i) => Math.min(...[...set].map((x) => fmix(x ^ fmix(0x9e3779b9 * (i + 1))))));
    for (const set of [new Set([0, 1, 0x7fffffff, 0x80000000, 0xffffffff]), shingles(words(a)), shingles(words(c)), new Set([0xdeadbeef])]) {
      for (const k of [1, 64, 256]) expect([...(minhash(set, k) as Uint32Array)]).toEqual(reference(set, k));
    }
    expect(() => minhash(new Set([1]), 257)).toThrow(/k must be an integer from 1 to 256/);
  });

  it('signs a shingle list with repeats as minhash signs its set', () => {
    for (const text of ['a b', 'heads up phishing emails pretending to be brindlepost billing heads up phishing emails', 'one', '']) {
      const w = words(text);
      expect(new Set(Array.from(shingleHashes(w), (h) => h >>> 0))).toEqual(shingles(w));
      expect(minhashOf(shingleHashes(w))).toEqual(minhash(shingles(w)));
    }
    expect(minhashOf(Int32Array.of(5, 5, -3, 5))).toEqual(minhash(new Set([5, 0xfffffffd])));
  });

  it('finds the near-duplicate through banding, honours accept, and keeps a fixed number of entries', () => {
    const index = createLshIndex<string>({ bands: 16, rows: 4, capacity: 2 });
    index.insert(sig(a), 'A');
    index.insert(sig(c), 'C');
    expect(index.nearest(sig(b), 0.6)?.value).toBe('A');
    expect(index.nearest(sig(b), 0.6, (v) => v !== 'A')).toBeUndefined();
    index.insert(sig('something else entirely about pricing of the team plan'), 'D');
    expect(index.nearest(sig(b), 0.6)).toBeUndefined();
    expect(index.nearest(sig(c), 0.9)?.value).toBe('C');
  });
});

describe('topKeys', () => {
  it('names the terms of topTerms, in its order, ties broken by term', () => {
    let x = 12345;
    const next = (): number => (x = (Math.imul(x, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let n = 0; n < 500; n++) {
      const v = new Map(Array.from({ length: Math.floor(next() * 30) }, (_, i) => [`t${Math.floor(next() * 40)}x${i % 3}`, Math.floor(next() * 6) / 2] as [string, number]));
      for (const k of [1, 3, 8]) expect(topKeys(v, k)).toEqual([...topTerms(v, k).keys()].sort((a, b) => (v.get(b) ?? 0) - (v.get(a) ?? 0) || (a < b ? -1 : 1)));
    }
  });
});
