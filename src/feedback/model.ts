/*
 * The relevance model on vectorized rows (ADR 0026), shared by `harvest rank`, the pipeline's
 * learned relevance and bench:feedback. Labels train a class-balanced linear SVM; with positives
 * only, the unlabelled rows count as negatives (arxiv-sanity); with nothing to contrast (no
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
  /** Weight of the Rocchio centroid of the labelled rows added to the SVM's weights (0: the SVM alone). */
  centroidWeight?: number;
}

export interface FittedModel extends LinearModel {
  kind: 'svm' | 'centroid';
}

/** Fits the model; the caller has checked that at least one label is positive. */
export const fitRelevance = (f: FitInput): FittedModel => {
  const hasNegatives = f.labels.includes(false);
  const x = hasNegatives ? f.labelled : [...f.labelled, ...f.unlabelled];
  const y = hasNegatives ? f.labels : [...f.labels, ...f.unlabelled.map(() => false)];
  if (!y.includes(false)) {
    return { kind: 'centroid', w: rocchioCentroid(f.labelled, [], f.dims), bias: 0 };
  }
  const svm = trainSvm(x, y, f.dims, { c: f.c });
  const lambda = f.centroidWeight ?? 0;
  if (lambda > 0) {
    const centroid = rocchioCentroid(f.labelled.filter((_, i) => f.labels[i]), f.labelled.filter((_, i) => !f.labels[i]), f.dims);
    for (let j = 0; j < f.dims; j++) svm.w[j] = (svm.w[j] as number) + lambda * (centroid[j] as number);
  }
  return { kind: 'svm', ...svm };
};
