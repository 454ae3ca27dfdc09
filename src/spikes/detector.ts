/*
 * The streaming spike detector (ADR 0025). Per bucket, O(1) in the series' length:
 *  1. a baseline: an EWMA level plus an optional time-of-day profile, updated with the residual
 *     clipped at `clip` spreads so one burst does not drag it;
 *  2. a spread: an EWMA of |residual| (a robust, MAD-like scale), with a floor;
 *  3. a likelihood on recent residuals (as NAB's best detectors do): the mean standardised residual
 *     of the last `shortWindow` buckets against the long-run mean and deviation of that residual;
 *     its Gaussian tail probability q gives p = 2q and the score min(1, -log10(p) / 10): 0 when
 *     nothing is unusual, 0.5 at p = 1e-5.
 * A spike is a score ≥ threshold outside the cooldown of the previous one.
 */
import type { DetectorSettings } from './spikes.config.js';

export interface DetectorStep {
  /** In [0, 1]; never NaN. */
  score: number;
  /** True at the first bucket of a spike (score ≥ threshold, outside the cooldown). */
  spike: boolean;
  /** What the baseline expected for this bucket, and its usual spread. */
  expected: number;
  spread: number;
  /** The tail probability behind the score (1 when nothing is unusual). */
  p: number;
}

export interface SpikeDetector {
  /** Scores the value of the bucket at `atMs` (buckets must come in time order). */
  update(value: number, atMs: number): DetectorStep;
}

const LOG10 = Math.log(10);
const LOG10_2 = Math.log10(2);

/** log10 of the upper Gaussian tail Q(z), accurate far into the tail (Numerical Recipes erfcc). */
export const log10Tail = (z: number): number => {
  if (!(z > 0)) return Math.log10(0.5 * erfc(z / Math.SQRT2));
  const x = z / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const poly = -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return (Math.log(0.5 * t) + poly) / LOG10;
};

const erfc = (x: number): number => {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
};

const DAY_MS = 86_400_000;

/** A detector for one series of buckets `bucketMs` wide. */
export const createDetector = (s: DetectorSettings, bucketMs: number): SpikeDetector => {
  const slots = s.seasonality === 'daily' && bucketMs > 0 && bucketMs <= DAY_MS / 4 && DAY_MS % bucketMs === 0 ? DAY_MS / bucketMs : 0;
  const season = new Float64Array(slots);
  const seen = new Uint8Array(slots);
  const ring = new Float64Array(s.shortWindow);
  const longAlpha = 1 - Math.pow(0.5, 1 / s.longHalfLife);
  let n = 0;
  let level = 0;
  let absLevel = 0;
  let spread = 0;
  let mu = 0;
  let varE = 0;
  let ringSum = 0;
  let ringPos = 0;
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastSpike = Number.NEGATIVE_INFINITY;
  let index = 0;

  const restart = (): void => {
    n = 0;
    ring.fill(0);
    ringSum = 0;
    mu = 0;
    varE = 0;
  };

  return {
    update(raw: number, atMs: number): DetectorStep {
      const value = Number.isFinite(raw) ? raw : 0;
      if (bucketMs > 0 && atMs - lastAt > s.gapReset * bucketMs && n > 0) restart();
      lastAt = atMs;
      index++;
      const slot = slots > 0 ? Math.floor((((atMs % DAY_MS) + DAY_MS) % DAY_MS) / bucketMs) : -1;
      const seasonal = slot >= 0 && seen[slot] ? season[slot]! : 0;
      if (n === 0) {
        level = value - seasonal;
        absLevel = Math.abs(value);
        spread = 0;
      }
      const expected = level + seasonal;
      const floor = Math.max(s.minSpread, s.minRelSpread * absLevel, Number.MIN_VALUE);
      const scale = Math.max(spread, floor);
      const residual = value - expected;
      const e = s.direction === 'up' ? Math.max(0, residual / scale) : Math.abs(residual / scale);
      const eClipped = Math.min(e, 1e6);

      ringSum += eClipped - ring[ringPos]!;
      ring[ringPos] = eClipped;
      ringPos = (ringPos + 1) % ring.length;

      let score = 0;
      let p = 1;
      if (n >= s.warmup) {
        const sd = Math.max(Math.sqrt(varE), s.minDeviation);
        const mean = ringSum / ring.length;
        const z = Math.max((mean - mu) / sd, s.pointWeight > 0 ? (eClipped - mu) / (sd * s.pointWeight) : 0);
        if (z > 0) {
          // Most buckets are unremarkable (z ≤ 0): they skip the logarithms.
          const lp = log10Tail(z);
          p = Math.min(1, 2 * Math.pow(10, lp));
          score = Math.min(1, Math.max(0, -(lp + LOG10_2) / 10));
        }
      }

      // Learn: long-run residual distribution, spread, baseline (with the residual clipped).
      const a = n < s.warmup ? 1 / (n + 1) : longAlpha;
      const d = eClipped - mu;
      mu += a * d;
      varE = (1 - a) * (varE + a * d * d);
      const clipped = Math.max(-s.clip * scale, Math.min(s.clip * scale, residual));
      const sa = n < s.warmup ? Math.max(s.spreadAlpha, 1 / (n + 1)) : s.spreadAlpha;
      spread += sa * (Math.abs(clipped) - spread);
      const la = n < s.warmup ? Math.max(s.levelAlpha, 1 / (n + 1)) : s.levelAlpha;
      const deseason = expected + clipped - seasonal;
      level += la * (deseason - level);
      absLevel += la * (Math.abs(value) - absLevel);
      if (slot >= 0) {
        const target = expected + clipped - level;
        season[slot] = seen[slot] ? season[slot]! + s.seasonAlpha * (target - season[slot]!) : target;
        seen[slot] = 1;
      }
      n++;

      const spike = score >= s.threshold && index - lastSpike > s.cooldown;
      if (spike) lastSpike = index;
      return { score, spike, expected, spread: scale, p };
    },
  };
};
