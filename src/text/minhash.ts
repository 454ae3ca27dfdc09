/*
 * MinHash signatures of word shingles and an LSH index over them (banding), for near-duplicate
 * texts. Own code on a 32-bit hash (FNV-1a + murmur3's finalizer): a signature costs a few integer
 * operations per shingle and hash, and the index keeps a fixed number of signatures in one typed
 * array (a ring), so memory stays bounded however many items pass.
 */

/** FNV-1a over UTF-16 code units, then murmur3's finalizer. */
export const hash32 = (s: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return fmix32(h);
};

const fmix32 = (x: number): number => {
  let h = x >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
};

/**
 * The hashed word `size`-shingles of `words` as signed 32-bit integers, repeats kept (a shorter
 * text: one shingle of all its words): MinHash reads a list with repeats as the set of its values.
 */
export const shingleHashes = (words: readonly string[], size = 3, max = 4000): Int32Array => {
  const n = Math.min(words.length, max + size);
  if (n === 0) return new Int32Array(0);
  const hashes = new Int32Array(n);
  for (let i = 0; i < n; i++) hashes[i] = hash32(words[i] as string);
  if (n < size) {
    let h = 7;
    for (let i = 0; i < n; i++) h = fmix32(Math.imul(h, 31) + (hashes[i] as number));
    return Int32Array.of(h);
  }
  const out = new Int32Array(n - size + 1);
  for (let i = 0; i + size <= n; i++) {
    let h = 7;
    for (let j = 0; j < size; j++) h = fmix32(Math.imul(h, 31) + (hashes[i + j] as number));
    out[i] = h;
  }
  return out;
};

/** The distinct hashed word `size`-shingles of `words` (a shorter text: one shingle of all its words), as unsigned integers. */
export const shingles = (words: readonly string[], size = 3, max = 4000): Set<number> => new Set(Array.from(shingleHashes(words, size, max), (h) => h >>> 0));

const MAX_K = 256;
/** The seeds as signed 32-bit integers (the same bits as `fmix32`'s unsigned results). */
const SEEDS = Int32Array.from({ length: MAX_K }, (_, i) => fmix32(0x9e3779b9 * (i + 1)));
/** `minhash`'s running minima, kept as signed integers with the top bit flipped (see there). */
const minima = new Int32Array(MAX_K);

/**
 * The `k`-value MinHash signature of a shingle set (undefined for an empty set: nothing to compare):
 * slot i holds the least `fmix32(x ^ seed_i)` over the set.
 */
export const minhash = (set: ReadonlySet<number>, k = 64): Uint32Array | undefined => minhashOf(Int32Array.from(set), k);

/**
 * `minhash` of the set of values in `hashes` (repeats change nothing). The loop stays in signed
 * 32-bit arithmetic (unsigned values above 2^31 would leave the engine's small-integer path): each
 * hash has its top bit flipped, which orders signed integers as their unsigned originals, and is
 * flipped back at the end.
 */
export const minhashOf = (hashes: Int32Array, k = 64): Uint32Array | undefined => {
  if (hashes.length === 0) return undefined;
  if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new RangeError(`minhash: k must be an integer from 1 to ${MAX_K}, got ${k}`);
  const m = minima;
  m.fill(0x7fffffff, 0, k);
  for (let j = 0; j < hashes.length; j++) {
    const x = hashes[j] as number;
    for (let i = 0; i < k; i++) {
      let h = x ^ (SEEDS[i] as number);
      h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
      h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
      h = h ^ (h >>> 16) ^ 0x80000000;
      if (h < (m[i] as number)) m[i] = h;
    }
  }
  const sig = new Uint32Array(k);
  for (let i = 0; i < k; i++) sig[i] = (m[i] as number) ^ 0x80000000;
  return sig;
};

/** The share of equal positions: an estimate of the Jaccard similarity of the two shingle sets. */
export const jaccardEstimate = (a: Uint32Array, b: Uint32Array, bOffset = 0): number => {
  let same = 0;
  for (let i = 0; i < a.length; i++) if (a[i] === b[bOffset + i]) same++;
  return same / a.length;
};

export interface LshIndex<T> {
  /** The indexed value most similar to `sig` with an estimated Jaccard ≥ `min` that `accept` lets through. */
  nearest(sig: Uint32Array, min: number, accept?: (value: T) => boolean): { value: T; jaccard: number } | undefined;
  /** Indexes `sig` with `value`; the oldest entry is overwritten once `capacity` are held. */
  insert(sig: Uint32Array, value: T): void;
}

/**
 * LSH banding: `bands` × `rows` = the signature length. Two texts of Jaccard s share a band with
 * probability 1 − (1 − s^rows)^bands. Each band is a direct-mapped table of typed arrays (a bucket
 * remembers its latest entry; a colliding bucket is overwritten), so memory is fixed at creation.
 */
export const createLshIndex = <T>(opts: { bands: number; rows: number; capacity: number }): LshIndex<T> => {
  const { bands, rows, capacity } = opts;
  const k = bands * rows;
  const sigs = new Uint32Array(capacity * k);
  /** Each slot's band keys, so a hit is checked without hashing the stored signature again. */
  const slotKeys = new Uint32Array(capacity * bands);
  const values: (T | undefined)[] = new Array<T | undefined>(capacity);
  let size = 1;
  while (size < capacity * 2) size <<= 1;
  const mask = size - 1;
  /**
   * Per band, per bucket, one word: the bucket's key above the bits that chose the bucket (the bits
   * below are the bucket's index, so the whole key is kept) and its slot + 1 in those low bits
   * (0: empty; slot + 1 ≤ capacity ≤ size / 2 fits). Half the memory of a key and a slot side by
   * side: each probe is a likely cache miss, and a smaller table misses less.
   */
  const table = new Uint32Array(size * bands);
  let next = 0;
  /** The band keys of the signature last looked up (insert usually follows nearest with the same one). */
  let lastSig: Uint32Array | undefined;
  const lastKeys = new Uint32Array(bands);
  const bandKeys = (s: Uint32Array): Uint32Array => {
    if (s === lastSig) return lastKeys;
    for (let b = 0; b < bands; b++) {
      let h = b + 1;
      for (let r = 0; r < rows; r++) h = fmix32(Math.imul(h, 31) + (s[b * rows + r] ?? 0));
      lastKeys[b] = h;
    }
    lastSig = s;
    return lastKeys;
  };
  return {
    nearest(sig, min, accept) {
      let best: { value: T; jaccard: number } | undefined;
      const bk = bandKeys(sig);
      let checked: number[] | undefined;
      for (let b = 0; b < bands; b++) {
        const key = bk[b] as number;
        const entry = table[b * size + (key & mask)] as number;
        const slot = (entry & mask) - 1;
        if (slot < 0 || (entry & ~mask) !== (key & ~mask) || slotKeys[slot * bands + b] !== key) continue;
        if (checked?.includes(slot)) continue;
        (checked ??= []).push(slot);
        const value = values[slot];
        if (value === undefined) continue;
        const j = jaccardEstimate(sig, sigs, slot * k);
        if (j >= min && (!best || j > best.jaccard) && (!accept || accept(value))) best = { value, jaccard: j };
      }
      return best;
    },
    insert(sig, value) {
      const slot = next;
      const bk = bandKeys(sig);
      sigs.set(sig.subarray(0, k), slot * k);
      slotKeys.set(bk, slot * bands);
      values[slot] = value;
      for (let b = 0; b < bands; b++) {
        const key = bk[b] as number;
        table[b * size + (key & mask)] = (key & ~mask) | (slot + 1);
      }
      next = (next + 1) % capacity;
    },
  };
};
