import { describe, expect, it } from 'vitest';
import { createDetector } from '../../src/spikes/detector.js';
import { DEFAULT_DETECTOR, detectorSettingsSchema, type DetectorSettings } from '../../src/spikes/spikes.config.js';

const FIVE_MIN = 300_000;
const run = (values: readonly number[], settings: DetectorSettings = DEFAULT_DETECTOR) => {
  const d = createDetector(settings, FIVE_MIN);
  return values.map((v, i) => d.update(v, i * FIVE_MIN));
};
const spikesOf = (steps: ReadonlyArray<{ spike: boolean }>): number[] => steps.flatMap((s, i) => (s.spike ? [i] : []));

/** 10, 50, 10, 50 … that, from bucket 1500, goes 10, 10, 50, 50: same values, same level, same spread; a new pattern. */
const rephased = Array.from({ length: 2000 }, (_, i) => ((i >= 1500 && i < 1540 ? Math.floor(i / 2) : i) % 2 ? 50 : 10));
const flat = detectorSettingsSchema.parse({ seasonality: 'none' });

describe('contextual novelty (spike detector)', () => {
  it('raises a spike when a series breaks its pattern, which the residual likelihood alone misses', () => {
    expect(spikesOf(run(rephased, flat))).toEqual([1501]);
    expect(spikesOf(run(rephased, { ...flat, noveltyWeight: 0 }))).toEqual([]);
  });

  it('the novelty gate bites only on sparse count series: a break in a series of fractions is still seen', () => {
    // The same pattern break in small units (0.1 / 0.5): one mention of gate is far above every residual.
    const small = rephased.map((v) => v / 100);
    expect(spikesOf(run(small, flat))).toEqual([1501]);
    expect(spikesOf(run(small, { ...flat, noveltyGateLevel: 0 }))).toEqual([]);
    // Whole numbers at a low level (a lone mention now and then) stay gated.
    const sparse = Array.from({ length: 3000 }, (_, i) => (i % 97 === 0 ? 1 : 0));
    expect(spikesOf(run(sparse, { ...DEFAULT_DETECTOR, noveltyGate: 0 })).length).toBeGreaterThan(0);
    expect(spikesOf(run(sparse))).toEqual([]);
  });

  it('a new extreme counts as novel', () => {
    const quiet = Array.from({ length: 1200 }, (_, i) => 20 + (i % 3));
    quiet[900] = 400;
    expect(spikesOf(run(quiet))).toContain(900);
  });

  it('keeps bounded state whatever the length and resumes exactly from a saved state', () => {
    const values = Array.from({ length: 20_000 }, (_, i) => Math.round(50 + 30 * Math.sin(i / 40) + ((i * 7919) % 13)));
    const full = run(values);
    const first = createDetector(DEFAULT_DETECTOR, FIVE_MIN);
    for (let i = 0; i < 12_000; i++) first.update(values[i]!, i * FIVE_MIN);
    const saved = JSON.parse(JSON.stringify(first.save())) as ReturnType<typeof first.save>;
    const resumed = createDetector(DEFAULT_DETECTOR, FIVE_MIN, saved);
    for (let i = 12_000; i < 20_000; i++) expect(resumed.update(values[i]!, i * FIVE_MIN).score).toBe(full[i]!.score);
    // Bounded: the same arrays, of the same lengths, after 100 buckets and after 12,000.
    const small = createDetector(DEFAULT_DETECTOR, FIVE_MIN);
    for (let i = 0; i < 100; i++) small.update(values[i]!, i * FIVE_MIN);
    const shape = (st: object): string => JSON.stringify(st, (_k, v: unknown) => (Array.isArray(v) ? v.length : typeof v === 'number' || v === null ? 0 : v));
    expect(shape(saved)).toBe(shape(small.save()));
    expect(saved.novelty?.table).toHaveLength(8);
  });

  it('never returns NaN: 1e12 values, a month-long gap, a constant series, and a lone mention in a silent series is no spike', () => {
    const big = run(Array.from({ length: 600 }, (_, i) => (i % 50 === 0 ? 1e12 : i % 5)));
    expect(big.every((s) => Number.isFinite(s.score) && s.score >= 0 && s.score <= 1)).toBe(true);
    const d = createDetector(DEFAULT_DETECTOR, FIVE_MIN);
    const gap = [...Array.from({ length: 300 }, (_, i) => d.update(i % 4, i * FIVE_MIN)), ...Array.from({ length: 300 }, (_, i) => d.update(i % 4, (i + 300) * FIVE_MIN + 30 * 86_400_000))];
    expect(gap.every((s) => Number.isFinite(s.score) && s.score >= 0 && s.score <= 1)).toBe(true);
    expect(run(new Array<number>(800).fill(7)).every((s) => s.score === 0)).toBe(true);
    expect(spikesOf(run(Array.from({ length: 3000 }, (_, i) => (i % 97 === 0 ? 1 : 0))))).toEqual([]);
  });
});
