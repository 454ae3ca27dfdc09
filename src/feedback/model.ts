/*
 * The relevance model on vectorized rows (ADR 0026), shared by `harvest rank`, the pipeline's
 * learned relevance and bench:feedback. Labels train a class-balanced linear SVM; the unlabelled rows
 * count as negatives (arxiv-sanity) — with positives only always, beside explicit negatives when
 * `negativeWeight` > 0 (the explicit ones weigh more); the SVM at unit length plus a weight of the
 * labels' Rocchio centroid (fading as positives grow) is the model. With nothing to contrast (no
 * negative at all) the model is the Rocchio centroid of the positives — also a linear model.
 */
import { rocchioCentroid } from './centroid.js';
import { trainSvm, type LinearModel } from './svm.js';
import type { SparseRow } from './vectorizer.js';

export interface FitInput {
  /** Rows of the labelled texts, with `labels` (true: relevant) in the same order. */
  labelled: readonly SparseRow[];
  labels: readonly boolean[];
  /** Rows of texts without a label (they become negatives when every label is positive). */
  unlabelled: readonly SparseRow[];
  dims: number;
  c: number;
  /**
   * Weight of the Rocchio centroid of the labelled rows added to the SVM's weights scaled to unit
   * length (0: the SVM alone), faded by `centroidLabels` (see `centroidShare`).
   */
  centroidWeight?: number;
  /** The centroid keeps its full weight up to this many positives, then fades as 1/positives (0 or absent: never fades). */
  centroidLabels?: number;
  /**
   * With explicit negatives: 0 (or absent) trains on the labels alone; above 0 the unlabelled rows
   * train too, as weak negatives (arxiv-sanity), and each explicit negative weighs this many positives.
   */
  negativeWeight?: number;
}

export interface FittedModel extends LinearModel {
  kind: 'svm' | 'centroid';
}

/**
 * Per-row C multipliers when unlabelled rows train as weak negatives beside explicit ones: an
 * explicit negative (among the first `labels.length` rows) costs `negativeWeight` times a positive;
 * the rest keep the class-balanced cost.
 */
const explicitNegativeWeights = (y: readonly boolean[], labels: readonly boolean[], negativeWeight: number): number[] => {
  const nPos = y.filter(Boolean).length;
  const ratio = (y.length - nPos) / nPos; // cPos / cNeg under class balancing
  return y.map((_, i) => (i < labels.length && !labels[i] ? negativeWeight * ratio : 1));
};

/** The centroid's weight with `positives` labelled relevant: `weight` up to `labels` positives, then weight · labels / positives (labels 0: always `weight`). */
export const centroidShare = (weight: number, labels: number, positives: number): number => (labels > 0 && positives > labels ? (weight * labels) / positives : weight);

/** Fits the model; the caller has checked that at least one label is positive. */
export const fitRelevance = (f: FitInput): FittedModel => {
  const hasNegatives = f.labels.includes(false);
  const weak = !hasNegatives || (f.negativeWeight ?? 0) > 0;
  const x = weak ? [...f.labelled, ...f.unlabelled] : f.labelled;
  const y = weak ? [...f.labels, ...f.unlabelled.map(() => false)] : f.labels;
  if (!y.includes(false)) {
    return { kind: 'centroid', w: rocchioCentroid(f.labelled, [], f.dims), bias: 0 };
  }
  const svm = trainSvm(x, y, f.dims, { c: f.c, weights: weak && hasNegatives ? explicitNegativeWeights(y, f.labels, f.negativeWeight ?? 0) : undefined });
  const positives = f.labelled.filter((_, i) => f.labels[i]);
  const lambda = centroidShare(f.centroidWeight ?? 0, f.centroidLabels ?? 0, positives.length);
  if (lambda > 0) {
    // the SVM at unit length, so the weight means the same whatever C and the label count do to its scale
    let norm = 0;
    for (const v of svm.w) norm += v * v;
    const scale = 1 / (Math.sqrt(norm) || 1);
    const centroid = rocchioCentroid(positives, f.labelled.filter((_, i) => !f.labels[i]), f.dims);
    for (let j = 0; j < f.dims; j++) svm.w[j] = (svm.w[j] as number) * scale + lambda * (centroid[j] as number);
    svm.bias *= scale;
  }
  return { kind: 'svm', ...svm };
};
