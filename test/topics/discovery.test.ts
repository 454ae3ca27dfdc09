import { describe, expect, it } from 'vitest';
import { addToCentroid, centroidSimilarity, discoveryParts, discoveryScore, isResearchItem, type Centroid } from '../../src/topics/discovery.js';

const base = { similarity: 0.5, windowCount: 3, baselineCount: 9, baselineRatio: 9, storySources: null, authorFollowers: 99, ageHours: 0, halfLifeHours: 72 };
const W = { novelty: 0.3, emergence: 0.25, echo: 0.15, obscurity: 0.15, recency: 0.15 };

describe('discovery parts', () => {
  it.each([
    [{}, { novelty: 50, emergence: 39.3, echo: 0, obscurity: 50, recency: 100 }],
    [{ similarity: null }, { novelty: 50 }],
    [{ similarity: 0.95 }, { novelty: 5 }],
    [{ windowCount: 1, baselineCount: 9 }, { emergence: 0 }],
    [{ windowCount: 50, baselineCount: 0 }, { emergence: 100 }],
    [{ storySources: 1 }, { echo: 0 }],
    [{ storySources: 3 }, { echo: 66.7 }],
    [{ authorFollowers: 0 }, { obscurity: 100 }],
    [{ authorFollowers: 1_000_000 }, { obscurity: 25 }],
    [{ authorFollowers: null }, { obscurity: 50 }],
    [{ ageHours: 72 }, { recency: 50 }],
  ])('%o → %o', (over, expected) => {
    expect(discoveryParts({ ...base, ...over })).toMatchObject(expected);
  });

  it('stays in 0–100 without saturating for ordinary inputs; the score is the weighted mean of the configured weights', () => {
    const p = discoveryParts({ ...base, windowCount: 6, baselineCount: 9, storySources: 2 });
    for (const v of Object.values(p)) expect(v).toBeGreaterThanOrEqual(0);
    for (const v of Object.values(p)) expect(v).toBeLessThanOrEqual(100);
    expect(p.emergence).toBeGreaterThan(60);
    expect(p.emergence).toBeLessThan(100);
    expect(discoveryScore(p, W)).toBeCloseTo(0.3 * p.novelty + 0.25 * p.emergence + 0.15 * p.echo + 0.15 * p.obscurity + 0.15 * p.recency, 0);
    expect(discoveryScore(p, { ...W, novelty: 0, emergence: 0, echo: 0, obscurity: 0, recency: 1 })).toBe(p.recency);
    expect(discoveryScore(p, { novelty: 0, emergence: 0, echo: 0, obscurity: 0, recency: 0 })).toBe(0);
  });
});

describe('topic centroid', () => {
  it('is the running mean: a row like the ones before is close, an unlike one far', () => {
    const row = (idx: number[], val: number[]) => ({ idx: Int32Array.from(idx), val: Float64Array.from(val) });
    const c: Centroid = { trainedAt: 't', n: 0, w: new Map() };
    expect(centroidSimilarity(c, row([1], [1]))).toBeNull();
    addToCentroid(c, row([1, 2], [0.8, 0.6]));
    addToCentroid(c, row([1, 3], [0.6, 0.8]));
    expect(c.n).toBe(2);
    expect(c.w.get(1)).toBeCloseTo(0.7);
    expect(centroidSimilarity(c, row([1], [1]))).toBeGreaterThan(0.7);
    expect(centroidSimilarity(c, row([9], [1]))).toBe(0);
  });
});

describe('research items', () => {
  it.each([
    ['arxiv', null, 'x', true],
    ['github', null, 'x', true],
    ['hackernews', 'https://arxiv.org/abs/2411.01234', 'x', true],
    ['reddit', null, 'see https://github.com/acme/tool', true],
    ['hackernews', 'https://example.com/news', 'a story', false],
  ])('%s %s %s → %s', (source, url, text, expected) => {
    expect(isResearchItem(source, url, text)).toBe(expected);
  });
});
