/*
 * `harvest rank` (ADR 0026): a relevance model learned from labelled texts ranks unlabelled ones, no
 * database. Labels are relevant (1) or not (0); the last label of an id wins. With positives only,
 * every input item not in the training set counts as a negative (arxiv-sanity's "everything you did
 * not save"); with negatives too, the unlabelled items still count as weak negatives and each explicit
 * negative weighs `negativeWeight` positives. Features: tf-idf over the text layer's terms
 * (vectorizer.ts); model: a class-balanced linear SVM (svm.ts) plus, while positives are few, the
 * labels' Rocchio centroid (model.ts). Pure.
 */
import { inputError } from '../domain/errors.js';
import { fitRelevance } from './model.js';
import { decision } from './svm.js';
import { fitInterned, internTexts, type VectorizerParams } from './vectorizer.js';

export type Id = string | number;

export interface LabelledText {
  id: Id;
  text: string;
  label: 0 | 1;
}

export interface RankItem {
  id: Id;
  text: string;
}

export interface RankParams extends VectorizerParams {
  /** The SVM's inverse regularization strength. */
  c: number;
  /** Weight of the labelled rows' Rocchio centroid added to the SVM's (unit-length) weights. */
  centroidWeight: number;
  /** The centroid's weight fades as 1/positives beyond this many positives (0: never). */
  centroidLabels: number;
  /** With explicit negatives, the unlabelled items still train as weak negatives and an explicit negative weighs this many positives (0: labels alone). */
  negativeWeight: number;
}

/** The shipped settings: the best over every field in bench:feedback's leave-one-field-out cross-validation on MAG titles, checked on CLAP reviews (docs/bench/feedback.md). */
export const DEFAULT_RANK_PARAMS: RankParams = { ngrams: 1, minDf: 1, maxDf: 1, maxFeatures: 20_000, c: 0.001, centroidWeight: 0.2, centroidLabels: 5, negativeWeight: 0.25 };

export interface RankOptions {
  params?: RankParams;
  /** Keep items whose id is in the training set in the output (default: left out, they are known). */
  includeTrain?: boolean;
  /** At most this many results. */
  limit?: number;
}

export interface Ranked {
  id: Id;
  score: number;
}

/** Ids match as strings: 7 and "7" are the same item. */
const key = (id: Id): string => String(id);

/** The last label of each id, in first-seen order. */
const lastLabels = (train: readonly LabelledText[]): LabelledText[] => {
  const byId = new Map<string, LabelledText>();
  for (const t of train) {
    byId.delete(key(t.id));
    byId.set(key(t.id), t);
  }
  return [...byId.values()];
};

/** Scores each of `items` (in input order) with a model trained on `train`; throws INPUT_INVALID when no label is positive. */
export const scoreItems = (train: readonly LabelledText[], items: readonly RankItem[], params: RankParams = DEFAULT_RANK_PARAMS): number[] => {
  const labelled = lastLabels(train);
  const positives = labelled.filter((t) => t.label === 1).length;
  if (positives === 0) throw inputError(labelled.length === 0 ? 'the training file has no labelled lines: it needs at least one line with label 1 (relevant)' : `the training file has no positives: all ${labelled.length} labelled ids are 0 (not relevant); at least one needs label 1`);
  const trainIds = new Set(labelled.map((t) => key(t.id)));
  const { vocabulary, rows } = fitInterned(internTexts([...labelled.map((t) => t.text), ...items.map((i) => i.text)], params.ngrams), params);
  const itemRows = rows.slice(labelled.length);
  const model = fitRelevance({
    labelled: rows.slice(0, labelled.length),
    labels: labelled.map((t) => t.label === 1),
    unlabelled: itemRows.filter((_, i) => !trainIds.has(key((items[i] as RankItem).id))),
    dims: vocabulary.idf.length,
    c: params.c,
    centroidWeight: params.centroidWeight,
    centroidLabels: params.centroidLabels,
    negativeWeight: params.negativeWeight,
  });
  return itemRows.map((r) => decision(model, r));
};

const round = (x: number): number => Number(x.toPrecision(6));

/** `items` ranked by relevance, highest first (ties in input order), at most `limit`. */
export const rankBatch = (train: readonly LabelledText[], items: readonly RankItem[], opts: RankOptions = {}): Ranked[] => {
  const scores = scoreItems(train, items, opts.params);
  const trainIds = new Set(train.map((t) => key(t.id)));
  const order = items.map((_, i) => i).filter((i) => opts.includeTrain === true || !trainIds.has(key((items[i] as RankItem).id)));
  order.sort((a, b) => (scores[b] as number) - (scores[a] as number) || a - b);
  return order.slice(0, opts.limit ?? order.length).map((i) => ({ id: (items[i] as RankItem).id, score: round(scores[i] as number) }));
};
