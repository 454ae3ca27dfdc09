import { describe, expect, it } from 'vitest';
import { createDetector, log10Tail } from '../../src/spikes/detector.js';
import { bucketWidthMs, parseSeriesCsv, parseTimestamp } from '../../src/spikes/series-csv.js';
import { DEFAULT_DETECTOR, detectorSettingsSchema } from '../../src/spikes/spikes.config.js';

const FIVE_MIN = 300_000;
const run = (values: readonly number[], settings = DEFAULT_DETECTOR, step = FIVE_MIN) => {
  const d = createDetector(settings, step);
  return values.map((v, i) => d.update(v, i * step));
};

describe('spike detector', () => {
  it('has an accurate Gaussian tail far out (log10 Q(z))', () => {
    expect(log10Tail(0)).toBeCloseTo(Math.log10(0.5), 6);
    expect(log10Tail(3)).toBeCloseTo(Math.log10(0.0013499), 3);
    expect(log10Tail(10)).toBeCloseTo(Math.log10(7.62e-24), 2);
    expect(Number.isFinite(log10Tail(1e6))).toBe(true);
  });

  it('scores a quiet count series near 0 and a burst as one spike, explaining what it expected', () => {
    const values = Array.from({ length: 2000 }, (_, i) => 3 + (i % 3) - 1 + (i >= 1500 && i < 1510 ? 30 : 0));
    const steps = run(values);
    expect(steps.slice(100, 1500).every((s) => s.score < DEFAULT_DETECTOR.threshold)).toBe(true);
    const spikes = steps.flatMap((s, i) => (s.spike ? [i] : []));
    expect(spikes).toEqual([1500]);
    expect(steps[1500]!.expected).toBeGreaterThan(1.5);
    expect(steps[1500]!.expected).toBeLessThan(4.5);
    expect(steps[1500]!.spread).toBeGreaterThanOrEqual(DEFAULT_DETECTOR.minSpread);
    expect(steps[1500]!.p).toBeLessThan(0.01);
  });

  it('one spike per cooldown, however long the incident', () => {
    const values = Array.from({ length: 1200 }, (_, i) => 5 + (i % 2) + (i >= 600 && i < 900 ? 50 + (i % 7) * 10 : 0));
    const spikes = run(values).flatMap((s, i) => (s.spike ? [i] : []));
    expect(spikes[0]).toBe(600);
    for (let k = 1; k < spikes.length; k++) expect(spikes[k]! - spikes[k - 1]!).toBeGreaterThan(DEFAULT_DETECTOR.cooldown);
  });

  it('never returns NaN: sparse zeros, NaN input, 1e300, a constant series', () => {
    const sparse = run(Array.from({ length: 3000 }, (_, i) => (i % 97 === 0 ? 1 : 0)));
    expect(sparse.every((s) => Number.isFinite(s.score) && s.score >= 0 && s.score <= 1)).toBe(true);
    expect(sparse.filter((s) => s.spike)).toHaveLength(0);
    const wild = run([1, 2, Number.NaN, 1e300, -1e300, 0, 5, ...new Array(100).fill(1e300)]);
    expect(wild.every((s) => Number.isFinite(s.score) && s.score >= 0 && s.score <= 1)).toBe(true);
    expect(run(new Array(500).fill(42)).every((s) => s.score === 0 && !s.spike)).toBe(true);
  });

  it('falls count only with direction "both"; "up" ignores a drop', () => {
    const values = Array.from({ length: 1200 }, (_, i) => (i >= 800 && i < 850 ? 0 : 100 + (i % 5)));
    expect(run(values).some((s) => s.spike)).toBe(true);
    expect(run(values, detectorSettingsSchema.parse({ direction: 'up' })).slice(800, 850).some((s) => s.spike)).toBe(false);
  });
});

describe('series CSV', () => {
  it('reads NAB timestamps as UTC, ISO with offsets too, and finds the bucket width', () => {
    expect(parseTimestamp('2014-04-10 07:15:00')).toBe(Date.UTC(2014, 3, 10, 7, 15));
    expect(parseTimestamp('2014-04-10T07:15:00+02:00')).toBe(Date.UTC(2014, 3, 10, 5, 15));
    expect(parseTimestamp('2014-04-10')).toBeNaN();
    const s = parseSeriesCsv('timestamp,value\n2014-01-01 00:00:00,1\n2014-01-01 00:05:00,2.5\n2014-01-01 00:10:00,-3e2\n2014-01-01 00:20:00,4\n');
    expect(s.values).toEqual([1, 2.5, -300, 4]);
    expect(bucketWidthMs(s.times)).toBe(FIVE_MIN);
  });
});
