/*
 * A contextual novelty score (ADR 0025, amended), after the idea of the Contextual Anomaly Detector:
 * a series is normal while the short patterns it shows have been seen before. Each value is put
 * in one of `bins` levels of the range seen so far; the patterns are the last 1..`depth` levels
 * followed by the current one. The raw novelty of a bucket is the share of its patterns never
 * seen before (a fixed-size bit table, exact while the patterns fit, hashed beyond: bounded
 * memory, O(depth) a bucket); a value that widens the range seen so far is novel in itself. The raw novelty
 * is then turned into a likelihood, as NAB's anomaly-likelihood post-processing does: the mean of
 * the last `shortWindow` raw scores against the long-run mean and deviation of the raw score.
 */
export interface NoveltySettings {
  bins: number;
  depth: number;
  tableBits: number;
  shortWindow: number;
  /** EWMA weight of the long-run mean and variance of the raw novelty (from its half-life). */
  longAlpha: number;
  minDeviation: number;
  warmup: number;
  /** A value that widens the range seen so far by this share of it, divided by `stretch`, is fully novel. */
  stretch: number;
}

/** Everything the novelty score remembers (JSON-safe). */
export interface NoveltyState {
  n: number;
  lo: number;
  hi: number;
  recent: number[];
  table: number[];
  raw: number[];
  rawSum: number;
  rawPos: number;
  mu: number;
  varR: number;
}

export const freshNovelty = (s: NoveltySettings): NoveltyState => ({
  n: 0,
  lo: 0,
  hi: 0,
  recent: new Array<number>(s.depth).fill(-1),
  table: new Array<number>(Math.ceil((1 << s.tableBits) / 32)).fill(0),
  raw: new Array<number>(s.shortWindow).fill(0),
  rawSum: 0,
  rawPos: 0,
  mu: 0,
  varR: 0,
});

/** A restored state that does not fit these settings starts afresh. */
export const noveltyFits = (st: NoveltyState | undefined, s: NoveltySettings): st is NoveltyState =>
  st !== undefined &&
  Array.isArray(st.recent) &&
  st.recent.length === s.depth &&
  Array.isArray(st.table) &&
  st.table.length === Math.ceil((1 << s.tableBits) / 32) &&
  Array.isArray(st.raw) &&
  st.raw.length === s.shortWindow &&
  [st.n, st.lo, st.hi, st.mu, st.varR].every(Number.isFinite);

/** Puts `value` in its level of the range seen so far (the range grows to take it in); returns the level and how much it grew. */
const levelOf = (st: NoveltyState, value: number, bins: number, out: { level: number; stretch: number }): void => {
  if (st.n === 0) [st.lo, st.hi] = [value, value];
  const before = st.hi - st.lo;
  if (value < st.lo) st.lo = value;
  else if (value > st.hi) st.hi = value;
  const range = st.hi - st.lo;
  out.stretch = before > 0 && range > before ? Math.min(1, (range - before) / before) : 0;
  out.level = range > 0 && Number.isFinite(range) ? Math.min(bins - 1, Math.floor(((value - st.lo) / range) * bins)) : 0;
};

const hashSlot = (key: number, mask: number): number => {
  let h = Math.imul((key % 0x7fffffff) | 0, 0x9e3779b1) ^ Math.imul(Math.floor(key / 0x7fffffff) | 0, 0x85ebca6b);
  h ^= h >>> 15;
  return Math.imul(h, 0x2c1b3c6d) & mask;
};

/** The share of the bucket's patterns (last 1..depth levels, then this one) not seen before; learns them. */
const rawNovelty = (st: NoveltyState, level: number, s: NoveltySettings): number => {
  const size = 1 << s.tableBits;
  const depth = s.depth;
  // A pattern's key: its levels as digits 1..bins (exact, so distinct lengths never collide) while
  // it fits the table, else hashed into it.
  let key = level + 1;
  let unseen = 0;
  let patterns = 0;
  for (let l = 0; l < depth && l < st.n; l++) {
    key = key * (s.bins + 1) + st.recent[(st.n - 1 - l) % depth]! + 1;
    const slot = key < size ? key : hashSlot(key, size - 1);
    const word = slot >>> 5;
    const bit = 1 << (slot & 31);
    patterns++;
    if ((st.table[word]! & bit) === 0) {
      unseen++;
      st.table[word] = st.table[word]! | bit;
    }
  }
  st.recent[st.n % depth] = level;
  return patterns === 0 ? 0 : unseen / patterns;
};

const scratch = { level: 0, stretch: 0 };

/** One bucket: the standardised excess of the recent novelty over its long-run level (0 when usual). */
export const noveltyZ = (st: NoveltyState, value: number, s: NoveltySettings): number => {
  levelOf(st, value, s.bins, scratch);
  const novel = rawNovelty(st, scratch.level, s);
  const r = scratch.stretch > 0 ? Math.max(novel, Math.min(1, scratch.stretch * s.stretch)) : novel;
  st.rawSum += r - st.raw[st.rawPos]!;
  st.raw[st.rawPos] = r;
  st.rawPos = st.rawPos + 1 === s.shortWindow ? 0 : st.rawPos + 1;
  let z = 0;
  const warm = st.n < s.warmup;
  if (!warm) {
    const sd = Math.max(Math.sqrt(st.varR), s.minDeviation);
    z = (st.rawSum / s.shortWindow - st.mu) / sd;
  }
  const a = warm ? 1 / (st.n + 1) : s.longAlpha;
  const d = r - st.mu;
  st.mu += a * d;
  st.varR = (1 - a) * (st.varR + a * d * d);
  st.n++;
  return z > 0 && Number.isFinite(z) ? z : 0;
};
