/*
 * The ECB+ part of bench:stories: the documents, and thresholds cross-validated over topics
 * (leave-topics-out, 5 folds: chosen on four folds' topics, scored on the fifth).
 */
import { readFileSync } from 'node:fs';
import { DEFAULT_PARAMS, type AssignerParams } from '../src/stories/assigner.js';
import { clusterBatch, type BatchItem } from '../src/stories/batch.js';
import { itemFeatures, type FeatureWeights, type ItemFeatures } from '../src/stories/features.js';
import { bcubed, type BCubed } from './stories.metrics.js';

export interface Doc extends BatchItem {
  story: string;
  topic: string;
}

export const loadDocs = (file: string): Doc[] =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { title?: string; text: string; story: string })
    .map((r) => ({ text: r.text, title: r.title ?? null, story: r.story, topic: r.story.split('-')[0] ?? r.story }));

// ---- the grid cross-validated over topics ---------------------------------------------------------

export interface Setting {
  weights: FeatureWeights;
  similarity: number;
  nearDuplicate: number;
}

export const WEIGHTS: FeatureWeights[] = [1, 2, 3].flatMap((proper) => [1, 2].flatMap((number) => [1, 2].map((title) => ({ title, proper, number, feature: 2 }))));
export const SIMILARITIES = Array.from({ length: 13 }, (_, i) => Math.round((0.15 + i * 0.025) * 1000) / 1000);
export const NEAR_DUPLICATES = [0.6, 0.8];

const paramsOf = (s: Setting): AssignerParams => ({ ...DEFAULT_PARAMS, ...s });

/** B-cubed of `pred` (one label per document of `docs`) over the documents `idx` only. */
export const scoreOn = (docs: readonly Doc[], idx: readonly number[], pred: readonly string[]): BCubed =>
  bcubed(idx.map((i) => (docs[i] as Doc).story), idx.map((i) => pred[i] as string));

export const score = (docs: readonly Doc[], idx: readonly number[], s: Setting, feats: readonly ItemFeatures[]): BCubed => {
  const pred = clusterBatch(idx.map((i) => docs[i] as Doc), paramsOf(s), idx.map((i) => feats[i] as ItemFeatures));
  return bcubed(idx.map((i) => (docs[i] as Doc).story), pred.map(String));
};

export interface FoldResult {
  chosen: Setting;
  train: number;
  test: BCubed;
}

export interface CvResult {
  f1: number;
  perFold: FoldResult[];
}

/**
 * Two leave-topics-out protocols (5 folds; a setting is chosen on four folds' topics by their
 * B-cubed F1 and scored on the fifth's; no label of the held-out topics is ever read to choose):
 * - `inFile`: every setting clusters the whole file once, as `harvest cluster` would a held-out file
 *   of the same make-up (about 20 topics: its document frequencies come from all of them); the
 *   choice and the score each read their own topics' documents of that run.
 * - `alone`: each fold's documents are clustered on their own (about 100 documents of 4 topics), so
 *   the document frequencies come from 4 topics only: the idf of a topic's words falls, and so do
 *   the similarities. It shows how far a threshold chosen on one collection carries to a much
 *   smaller, narrower one.
 */
/** Each fold's training and held-out documents: topics dealt to `folds` folds in numeric order. */
export const topicFolds = (docs: readonly Doc[], folds = 5): Array<{ train: number[]; test: number[] }> => {
  const topics = [...new Set(docs.map((d) => d.topic))].sort((a, b) => Number(a) - Number(b));
  const foldOf = new Map(topics.map((t, i) => [t, i % folds]));
  const all = docs.map((_, i) => i);
  return Array.from({ length: folds }, (_, k) => ({
    train: all.filter((i) => foldOf.get((docs[i] as Doc).topic) !== k),
    test: all.filter((i) => foldOf.get((docs[i] as Doc).topic) === k),
  }));
};

/** The first of `runs` with the best `f1Of` (a later run must beat it by more than 1e-9). */
export const chooseBest = <R>(runs: readonly R[], f1Of: (r: R) => number): { r: R; f1: number } => {
  let best: { r: R; f1: number } | undefined;
  for (const r of runs) {
    const f1 = f1Of(r);
    if (!best || f1 > best.f1 + 1e-9) best = { r, f1 };
  }
  if (!best) throw new Error('empty grid');
  return best;
};

/** In-file protocol over runs that each clustered the whole file once (`pred`): per fold, the run best on its training topics, scored on its held-out ones. */
export const chooseInFile = <R extends { pred: readonly string[] }>(docs: readonly Doc[], runs: readonly R[], folds = 5): Array<{ chosen: R; train: number; test: BCubed }> =>
  topicFolds(docs, folds).map(({ train, test }) => {
    const best = chooseBest(runs, (r) => scoreOn(docs, train, r.pred).f1);
    return { chosen: best.r, train: best.f1, test: scoreOn(docs, test, best.r.pred) };
  });

export const crossValidate = (docs: readonly Doc[], folds = 5): { inFile: CvResult; alone: CvResult } => {
  const runs = WEIGHTS.flatMap((weights) => {
    const feats = docs.map((d) => itemFeatures({ key: '', ...d }, weights));
    return SIMILARITIES.flatMap((similarity) => NEAR_DUPLICATES.map((nearDuplicate) => ({ s: { weights, similarity, nearDuplicate }, feats })));
  });
  const inFile: FoldResult[] = chooseInFile(
    docs,
    runs.map((r) => ({ ...r, pred: clusterBatch(docs, paramsOf(r.s), r.feats).map(String) })),
    folds,
  ).map((f) => ({ chosen: f.chosen.s, train: f.train, test: f.test }));
  const alone: FoldResult[] = topicFolds(docs, folds).map(({ train, test }) => {
    const b = chooseBest(runs, (r) => score(docs, train, r.s, r.feats).f1);
    return { chosen: b.r.s, train: b.f1, test: score(docs, test, b.r.s, b.r.feats) };
  });
  const mean = (rs: FoldResult[]): number => rs.reduce((acc, p) => acc + p.test.f1, 0) / folds;
  return { inFile: { f1: mean(inFile), perFold: inFile }, alone: { f1: mean(alone), perFold: alone } };
};
