/*
 * Dense vectors (the optional embedding provider, ADR 0022 embeddings amendment): Float32 arrays,
 * compared by cosine. Pure; no I/O.
 */

export const denseDot = (a: Float32Array, b: Float32Array): number => {
  const n = Math.min(a.length, b.length);
  let s = 0;
  for (let i = 0; i < n; i++) s += (a[i] as number) * (b[i] as number);
  return s;
};

export const denseNorm = (v: Float32Array): number => Math.sqrt(denseDot(v, v));

/** `v` scaled to length 1 (a copy); undefined for a zero or non-finite vector, which compares with nothing. */
export const unitVector = (v: ArrayLike<number>): Float32Array | undefined => {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += (v[i] as number) * (v[i] as number);
  const n = Math.sqrt(s);
  if (!Number.isFinite(n) || n === 0) return undefined;
  const out = new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (v[i] as number) / n;
  return out;
};

/** The cosine of a unit vector `u` and any vector `c` (0 when `c` is zero or the lengths differ). */
export const cosineToCentroid = (u: Float32Array, c: Float32Array): number => {
  if (u.length !== c.length) return 0;
  const n = denseNorm(c);
  return n === 0 ? 0 : denseDot(u, c) / n;
};

/** `into` + `v`, as a new array when `into` is absent or of another length (a model change starts over). */
export const addDense = (into: Float32Array | undefined, v: Float32Array): Float32Array => {
  const out = into && into.length === v.length ? into : new Float32Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = (out[i] as number) + (v[i] as number);
  return out;
};
