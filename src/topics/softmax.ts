/*
 * Multinomial logistic regression over sparse rows, trained by SGD with L2 regularization
 * (Bottou's schedule η_t = η0 / (1 + η0·λ·t); the weight decay kept as one scale factor so each
 * step touches only the example's non-zero features). Deterministic for a given seed.
 */
import type { SparseRow } from './features.js';
import { seededRandom } from '../platform/random.js';

export interface SoftmaxParams {
  /** L2 strength λ. */
  lambda: number;
  /** Passes over the examples. */
  epochs: number;
  /** Initial learning rate η0. */
  eta0: number;
  seed: number;
}

export interface SoftmaxWeights {
  /** Feature-major: w[f * classes + c]. */
  w: Float64Array;
  bias: Float64Array;
  classes: number;
}

export { seededRandom };

/** Class scores (logits) of a row. */
export const logits = (m: SoftmaxWeights, row: SparseRow, out: Float64Array, scale = 1): Float64Array => {
  const K = m.classes;
  for (let c = 0; c < K; c++) out[c] = 0;
  for (let k = 0; k < row.idx.length; k++) {
    const base = (row.idx[k] as number) * K;
    const v = (row.val[k] as number) * scale;
    for (let c = 0; c < K; c++) out[c] = (out[c] as number) + v * (m.w[base + c] as number);
  }
  for (let c = 0; c < K; c++) out[c] = (out[c] as number) + (m.bias[c] as number);
  return out;
};

/** Softmax in place. */
export const softmaxInPlace = (z: Float64Array): Float64Array => {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let s = 0;
  for (let c = 0; c < z.length; c++) {
    const e = Math.exp((z[c] as number) - max);
    z[c] = e;
    s += e;
  }
  for (let c = 0; c < z.length; c++) z[c] = (z[c] as number) / s;
  return z;
};

/** Trains weights for `classes` classes on rows with labels 0..classes-1 (`features` columns). */
export const trainSoftmax = (rows: readonly SparseRow[], labels: readonly number[], features: number, classes: number, p: SoftmaxParams): SoftmaxWeights => {
  const K = classes;
  const m: SoftmaxWeights = { w: new Float64Array(features * K), bias: new Float64Array(K), classes: K };
  const order = rows.map((_, i) => i);
  const rand = seededRandom(p.seed);
  const z = new Float64Array(K);
  let scale = 1;
  let t = 0;
  for (let e = 0; e < p.epochs; e++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const r of order) {
      const row = rows[r] as SparseRow;
      const eta = p.eta0 / (1 + p.eta0 * p.lambda * t++);
      logits(m, row, z, scale);
      softmaxInPlace(z);
      z[labels[r] as number] = (z[labels[r] as number] as number) - 1; // gradient of the loss wrt logits
      scale *= 1 - eta * p.lambda;
      if (scale < 1e-9) {
        for (let k = 0; k < m.w.length; k++) m.w[k] = (m.w[k] as number) * scale;
        scale = 1;
      }
      const step = eta / scale;
      for (let k = 0; k < row.idx.length; k++) {
        const base = (row.idx[k] as number) * K;
        const v = (row.val[k] as number) * step;
        for (let c = 0; c < K; c++) m.w[base + c] = (m.w[base + c] as number) - v * (z[c] as number);
      }
      for (let c = 0; c < K; c++) m.bias[c] = (m.bias[c] as number) - eta * (z[c] as number);
    }
  }
  if (scale !== 1) for (let k = 0; k < m.w.length; k++) m.w[k] = (m.w[k] as number) * scale;
  return m;
};
