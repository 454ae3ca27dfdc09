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
import { freshNovelty, noveltyFits, noveltyZ, type NoveltySettings, type NoveltyState } from './context-novelty.js';
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

/** Everything a detector remembers: a fixed set of numbers and the time-of-day profile (JSON-safe). */
export interface DetectorState {
  n: number;
  level: number;
  absLevel: number;
  spread: number;
  mu: number;
  varE: number;
  ring: number[];
  ringSum: number;
  ringPos: number;
  lastAt: number | null;
  lastSpike: number | null;
  index: number;
  season: number[];
  seen: number[];
  /** 1 once a value with a fraction was seen (not a count series); absent: none yet. */
  fractional?: number;
  /** The contextual novelty score's state (absent when it is off). */
  novelty?: NoveltyState;
}

export interface PersistentDetector extends SpikeDetector {
  /** A copy of the state, to store and pass back to `createDetector` later. */
  save(): DetectorState;
}

const freshState = (shortWindow: number, slots: number): DetectorState => ({
  n: 0,
  level: 0,
  absLevel: 0,
  spread: 0,
  mu: 0,
  varE: 0,
  ring: new Array<number>(shortWindow).fill(0),
  ringSum: 0,
  ringPos: 0,
  lastAt: null,
  lastSpike: null,
  index: 0,
  season: new Array<number>(slots).fill(0),
  seen: new Array<number>(slots).fill(0),
});

/** A restored state that does not fit these settings (window or profile size changed) starts afresh. */
const fits = (st: DetectorState | undefined, shortWindow: number, slots: number): st is DetectorState =>
  st !== undefined && Array.isArray(st.ring) && st.ring.length === shortWindow && Array.isArray(st.season) && st.season.length === slots && [st.n, st.level, st.spread, st.mu, st.varE].every(Number.isFinite);

/** A detector for one series of buckets `bucketMs` wide, optionally resuming from a saved state. */
export const createDetector = (s: DetectorSettings, bucketMs: number, restored?: DetectorState): PersistentDetector => {
  const slots = s.seasonality === 'daily' && bucketMs > 0 && bucketMs <= DAY_MS / 4 && DAY_MS % bucketMs === 0 ? DAY_MS / bucketMs : 0;
  const st: DetectorState = fits(restored, s.shortWindow, slots) ? structuredClone(restored) : freshState(s.shortWindow, slots);
  const longAlpha = 1 - Math.pow(0.5, 1 / s.longHalfLife);
  const ns = noveltySettings(s);
  if (ns && !noveltyFits(st.novelty, ns)) st.novelty = freshNovelty(ns);
  if (!ns) delete st.novelty;

  const restart = (): void => {
    st.n = 0;
    if (ns) st.novelty = freshNovelty(ns);
    st.ring.fill(0);
    st.ringSum = 0;
    st.mu = 0;
    st.varE = 0;
  };

  return {
    save: () => structuredClone(st),
    update(raw: number, atMs: number): DetectorStep {
      const value = Number.isFinite(raw) ? raw : 0;
      if (bucketMs > 0 && st.lastAt !== null && atMs - st.lastAt > s.gapReset * bucketMs && st.n > 0) restart();
      st.lastAt = atMs;
      st.index++;
      const slot = slots > 0 ? Math.floor((((atMs % DAY_MS) + DAY_MS) % DAY_MS) / bucketMs) : -1;
      const seasonal = slot >= 0 && st.seen[slot] ? st.season[slot]! : 0;
      if (st.n === 0) {
        st.level = value - seasonal;
        st.absLevel = Math.abs(value);
        st.spread = 0;
      }
      const expected = st.level + seasonal;
      const floor = Math.max(s.minSpread, s.minRelSpread * st.absLevel, Number.MIN_VALUE);
      const scale = Math.max(st.spread, floor);
      const residual = value - expected;
      const e = Math.min(s.direction === 'up' ? Math.max(0, residual / scale) : Math.abs(residual / scale), 1e6);

      st.ringSum += e - st.ring[st.ringPos]!;
      st.ring[st.ringPos] = e;
      st.ringPos = (st.ringPos + 1) % st.ring.length;

      let score = 0;
      let p = 1;
      // The novelty learns from every bucket; it counts only where the value is off the baseline by
      // `noveltyGate` spreads (a lone mention is never news), and with direction "up" only above it.
      // With `noveltyGateLevel`, only on sparse count series (whole numbers so far, a low mean level).
      if (st.fractional !== 1 && value !== Math.floor(value)) st.fractional = 1;
      const gateBites = s.noveltyGateLevel === 0 || (st.fractional !== 1 && st.absLevel < s.noveltyGateLevel);
      const gated = (gateBites && Math.abs(residual) < s.noveltyGate * floor) || (s.direction === 'up' && residual <= 0);
      const zn = ns && st.novelty ? noveltyZ(st.novelty, value, ns) * (gated ? 0 : s.noveltyWeight) : 0;
      if (st.n >= s.warmup) {
        const sd = Math.max(Math.sqrt(st.varE), s.minDeviation);
        const mean = st.ringSum / st.ring.length;
        const z = Math.max((mean - st.mu) / sd, s.pointWeight > 0 ? (e - st.mu) / (sd * s.pointWeight) : 0, zn);
        if (z > 0) {
          // Most buckets are unremarkable (z ≤ 0): they skip the logarithms.
          const lp = log10Tail(z);
          p = Math.min(1, 2 * Math.pow(10, lp));
          score = Math.min(1, Math.max(0, -(lp + LOG10_2) / 10));
        }
      }

      // Learn: long-run residual distribution, spread, baseline (with the residual clipped).
      const warm = st.n < s.warmup;
      const a = warm ? 1 / (st.n + 1) : longAlpha;
      const d = e - st.mu;
      st.mu += a * d;
      st.varE = (1 - a) * (st.varE + a * d * d);
      const clipped = Math.max(-s.clip * scale, Math.min(s.clip * scale, residual));
      st.spread += (warm ? Math.max(s.spreadAlpha, 1 / (st.n + 1)) : s.spreadAlpha) * (Math.abs(clipped) - st.spread);
      const la = warm ? Math.max(s.levelAlpha, 1 / (st.n + 1)) : s.levelAlpha;
      st.level += la * (expected + clipped - seasonal - st.level);
      st.absLevel += la * (Math.abs(value) - st.absLevel);
      if (slot >= 0) {
        const target = expected + clipped - st.level;
        st.season[slot] = st.seen[slot] ? st.season[slot]! + s.seasonAlpha * (target - st.season[slot]!) : target;
        st.seen[slot] = 1;
      }
      st.n++;

      const spike = score >= s.threshold && (st.lastSpike === null || st.index - st.lastSpike > s.cooldown);
      if (spike) st.lastSpike = st.index;
      return { score, spike, expected, spread: scale, p };
    },
  };
};

/** The novelty score's settings, or undefined when it is off (`noveltyWeight` 0). */
const noveltySettings = (s: DetectorSettings): NoveltySettings | undefined =>
  s.noveltyWeight > 0
    ? { bins: s.noveltyBins, depth: s.noveltyDepth, tableBits: s.noveltyTableBits, shortWindow: s.noveltyWindow, longAlpha: 1 - Math.pow(0.5, 1 / s.noveltyHalfLife), minDeviation: s.noveltyMinDeviation, warmup: s.warmup, stretch: s.noveltyStretch }
    : undefined;
