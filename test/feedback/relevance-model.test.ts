import { describe, expect, it } from 'vitest';
import type { RelevanceDoc } from '../../src/feedback/features.js';
import { DEFAULT_RANK_PARAMS } from '../../src/feedback/rank.js';
import { explainRelevance, loadRelevanceModel, parseRelevanceModel, quantileOf, trainRelevanceModel } from '../../src/feedback/relevance-model.js';

const doc = (itemId: number, text: string, over: Partial<RelevanceDoc> = {}): RelevanceDoc => ({ itemId, title: null, text, author: null, source: 'demo', url: null, tags: [], topics: [], ...over });

const RUST = ['borrow checker rules in rust explained', 'rust async runtime and the borrow checker', 'lifetimes and the borrow checker in rust code', 'rust traits and generics for beginners'];
const COOKING = ['slow roasted tomato soup with basil', 'sourdough bread starter feeding schedule', 'basil pesto pasta with roasted garlic', 'a quick weeknight tomato curry'];
const BACKGROUND = ['the weather this weekend looks rainy', 'football results from the weekend', 'a new phone with a bigger screen', 'traffic on the motorway this morning', 'rust stains on the old garden gate'];

describe('the pipeline relevance model', () => {
  const labelled = [...RUST.slice(0, 3).map((t, i) => ({ doc: doc(i + 1, t), relevant: true })), ...COOKING.slice(0, 3).map((t, i) => ({ doc: doc(i + 11, t), relevant: false }))];
  const background = BACKGROUND.map((t, i) => doc(i + 21, t));

  for (const ngrams of [1, 2] as const) {
    it(`survives its JSON (ngrams ${ngrams}): relevant-looking texts score higher, r in [−1, 1]`, () => {
      const stored = trainRelevanceModel(labelled, background, { ...DEFAULT_RANK_PARAMS, ngrams });
      const scorer = loadRelevanceModel(parseRelevanceModel(JSON.stringify(stored)));
      const [rust, cooking] = scorer.score([doc(100, RUST[3]!), doc(101, COOKING[3]!)]);
      expect(rust!.r).toBeGreaterThan(cooking!.r);
      for (const v of [rust!, cooking!]) expect(Math.abs(v.r)).toBeLessThanOrEqual(1);
      const direct = loadRelevanceModel(stored).score([doc(100, RUST[3]!)]);
      expect(direct[0]!.r).toBeCloseTo(rust!.r, 4);
    });
  }

  it('metadata terms count: the same words from a labelled author score higher', () => {
    const byAuthor = labelled.map((l) => ({ ...l, doc: { ...l.doc, author: l.relevant ? 'ferris' : 'chef' } }));
    const scorer = loadRelevanceModel(trainRelevanceModel(byAuthor, background));
    const [a, b] = scorer.score([doc(200, 'notes from this week', { author: 'ferris' }), doc(201, 'notes from this week', { author: 'chef' })]);
    expect(a!.r).toBeGreaterThan(b!.r);
  });

  it('explains with the nearest positives, never the signal itself', () => {
    const scorer = loadRelevanceModel(trainRelevanceModel(labelled, background));
    const [self] = scorer.score([labelled[0]!.doc]);
    expect(self!.titles).not.toContain(RUST[0]);
    expect(self!.like).toBeGreaterThan(0);
    expect(explainRelevance(self!)).toMatch(/^like \d signals? you marked relevant: "/);
    expect(explainRelevance({ r: 0, like: 0, titles: [] })).toBe('like none of the signals you marked relevant');
    expect(explainRelevance({ r: 0.5, like: 5, titles: ['a', 'b', 'c'] })).toBe('like 5 signals you marked relevant: "a", "b", "c", …');
  });

  it('quantiles: monotone, clamped at both ends', () => {
    const q = [0, 1, 2, 3, 4];
    expect(quantileOf(q, -5)).toBe(0);
    expect(quantileOf(q, 9)).toBe(1);
    expect(quantileOf(q, 2)).toBe(0.5);
    expect(quantileOf(q, 2.5)).toBeCloseTo(0.625, 6);
  });

  it('refuses labels with no positive, and a stored model that is not one', () => {
    expect(() => trainRelevanceModel(labelled.filter((l) => !l.relevant), background)).toThrow(/at least one signal labelled relevant/);
    expect(() => parseRelevanceModel('{"version":2}')).toThrow(/not a version 1 model/);
  });
});
