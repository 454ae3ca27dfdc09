import { describe, expect, it } from 'vitest';
import { scoringConfigSchema, type ScoringConfig } from '../../src/config/scoring.config.js';
import { slackConfigSchema } from '../../src/notify/slack/slack.config.js';
import { computeSalience, squashScore, type SalienceInput } from '../../src/scoring/salience.js';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const defaults = (): ScoringConfig => scoringConfigSchema.parse({});
const input = (over: Partial<SalienceInput> = {}): SalienceInput => ({
  createdAt: NOW.toISOString(),
  likes: 0,
  reposts: 0,
  replies: 0,
  quotes: 0,
  category: 'other',
  sentiment: 'positive',
  urgency: 0,
  ...over,
});

describe('computeSalience (SPEC 2.3)', () => {
  it.each([
    // [case, input, expected salience]
    ['nothing: base only', input(), 1],
    ['neutral multiplier', input({ sentiment: 'neutral' }), 0.9],
    ['urgency 5 adds 5·wu', input({ urgency: 5 }), 21],
    ['likes: 10·ln(1+e−1)', input({ likes: Math.E - 1 }), 11],
    // score 50.4, just above the knee (50): 50 + 50·(1 − e^(−0.4/50))
    ['outage boost 2 and negative 1.2', input({ category: 'outage', sentiment: 'negative', urgency: 5 }), 50.398],
    ['praise boost 0.8', input({ category: 'praise', urgency: 1 }), 4],
    ['one half-life halves it', input({ urgency: 5, createdAt: '2026-11-19T12:00:00.000Z' }), 10.5],
    ['future dates count as age 0', input({ urgency: 5, createdAt: '2026-11-21T12:00:00.000Z' }), 21],
    // score 547.7: squashed to 100 − 50·e^(−497.7/50)
    ['squashed just below cap', input({ likes: 1e9, category: 'outage', sentiment: 'negative', urgency: 5 }), 99.998],
    ['negative engagement treated as 0', input({ likes: -50 }), 1],
  ])('%s', (_name, item, expected) => {
    expect(computeSalience(item, NOW, defaults()).salience).toBeCloseTo(expected, 3);
  });

  it('weights reposts, replies and quotes as configured', () => {
    const { breakdown } = computeSalience(input({ likes: 1, reposts: 1, replies: 1, quotes: 1 }), NOW, defaults());
    expect(breakdown.raw).toBe(1 + 3 + 2 + 2.5);
    expect(breakdown.metrics).toBeCloseTo(10 * Math.log(1 + 8.5), 3);
  });

  it('stores every intermediate value in the breakdown', () => {
    const r = computeSalience(input({ likes: 10, category: 'security', sentiment: 'negative', urgency: 4, createdAt: '2026-11-20T06:00:00.000Z' }), NOW, defaults());
    expect(r.breakdown).toMatchObject({ raw: 10, urgency: 4, urgencyPart: 16, base: 1, categoryBoost: 1.8, sentimentMultiplier: 1.2, ageHours: 6, cap: 100, knee: 0.5 });
    expect(r.breakdown.recency).toBeCloseTo(Math.pow(0.5, 0.25), 5);
    const score = (1 + 10 * Math.log(11) + 16) * 1.8 * 1.2 * Math.pow(0.5, 0.25);
    expect(r.breakdown.unclamped).toBeCloseTo(score, 2);
    expect(r.salience).toBeCloseTo(squashScore(score, 100, 0.5), 2);
  });

  // The earlier system silently ignored its configured weights: every weight here must move the score.
  it.each([
    ['likes', { weights: { likes: 5 } }],
    ['reposts', { weights: { reposts: 10 } }],
    ['replies', { weights: { replies: 10 } }],
    ['quotes', { weights: { quotes: 10 } }],
    ['urgency', { weights: { urgency: 1 } }],
    ['base', { weights: { base: 7 } }],
    ['cap', { weights: { cap: 5 } }],
    ['knee', { weights: { knee: 0 } }],
    ['halfLifeHours', { weights: { halfLifeHours: 1 } }],
    ['category boost', { categoryBoosts: { bug: 3 } }],
    ['sentiment multiplier', { sentimentMultipliers: { negative: 2 } }],
  ])('changing the %s weight changes the score', (_name, override) => {
    const item = input({ likes: 3, reposts: 2, replies: 4, quotes: 1, urgency: 3, category: 'bug', sentiment: 'negative', createdAt: '2026-11-20T02:00:00.000Z' });
    const before = computeSalience(item, NOW, defaults()).salience;
    const after = computeSalience(item, NOW, scoringConfigSchema.parse(override)).salience;
    expect(after).not.toBeCloseTo(before, 3);
  });
});

describe('squashing (issue 14, ADR 0021)', () => {
  it('keeps scores up to the knee, then keeps their order below the cap', () => {
    expect(squashScore(37.5, 100, 0.5)).toBe(37.5);
    const loud = [101, 111.7, 123.8, 131.8, 144.2, 300, 500].map((x) => squashScore(x, 100, 0.5));
    for (let i = 1; i < loud.length; i++) expect(loud[i]).toBeGreaterThan(loud[i - 1] ?? 0);
    expect(Math.max(...loud)).toBeLessThan(100);
    expect(squashScore(-3, 100, 0.5)).toBe(0);
  });

  it('is continuous with slope 1 at the knee; knee 0 is cap·(1 − e^(−score/cap))', () => {
    expect(squashScore(50.001, 100, 0.5) - squashScore(50, 100, 0.5)).toBeCloseTo(0.001, 6);
    expect(squashScore(80, 100, 0)).toBeCloseTo(100 * (1 - Math.exp(-0.8)), 9);
  });

  it('no two loud items tie at the cap: salience follows the score before squashing', () => {
    const scores = [1e3, 5e3, 2e4, 1e5].map((likes) =>
      computeSalience(input({ likes, category: 'outage', sentiment: 'negative', urgency: 5 }), NOW, defaults()));
    const saliences = scores.map((s) => s.salience);
    expect(new Set(saliences).size).toBe(saliences.length);
    expect([...saliences].sort((a, b) => a - b)).toEqual(saliences);
    for (const s of scores) expect(s.breakdown.unclamped).toBeGreaterThan(100);
  });

  it('the default notify threshold is where a score of 80 lands, so the same items alert', () => {
    const threshold = slackConfigSchema.parse({}).threshold;
    expect(threshold).toBeCloseTo(squashScore(80, 100, 0.5), 3);
    for (const score of [79.99, 80.01, 95, 120]) {
      expect(squashScore(score, 100, 0.5) >= threshold).toBe(score >= 80);
    }
  });
});

describe('serializeBreakdown', () => {
  it('writes the same JSON as JSON.stringify for every field', async () => {
    const { serializeBreakdown } = await import('../../src/store/kysely/analyses.repository.js');
    const { breakdown } = computeSalience(input({ likes: 12, reposts: 3, urgency: 4, category: 'security', sentiment: 'negative', createdAt: '2026-11-20T01:30:00.000Z' }), NOW, defaults());
    expect(JSON.parse(serializeBreakdown(breakdown))).toEqual(JSON.parse(JSON.stringify(breakdown)));
    expect(Object.keys(JSON.parse(serializeBreakdown(breakdown)))).toEqual(Object.keys(breakdown));
    expect(JSON.parse(serializeBreakdown({ ...breakdown, raw: Number.NaN }))).toMatchObject({ raw: null });
  });
});
