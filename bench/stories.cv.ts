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

export const score = (docs: readonly Doc[], idx: readonly number[], s: Setting, feats: readonly ItemFeatures[]): BCubed => {
  const pred = clusterBatch(idx.map((i) => docs[i] as Doc), paramsOf(s), idx.map((i) => feats[i] as ItemFeatures));
  return bcubed(idx.map((i) => (docs[i] as Doc).story), pred.map(String));
};

export const crossValidate = (docs: readonly Doc[], folds = 5): { f1: number; perFold: { chosen: Setting; train: number; test: BCubed }[] } => {
  const topics = [...new Set(docs.map((d) => d.topic))].sort((a, b) => Number(a) - Number(b));
  const foldOf = new Map(topics.map((t, i) => [t, i % folds]));
  const featsByWeights = WEIGHTS.map((w) => docs.map((d) => itemFeatures({ key: '', ...d }, w)));
  const perFold = [];
  for (let k = 0; k < folds; k++) {
    const train = docs.map((_, i) => i).filter((i) => foldOf.get((docs[i] as Doc).topic) !== k);
    const test = docs.map((_, i) => i).filter((i) => foldOf.get((docs[i] as Doc).topic) === k);
    let best: { s: Setting; f1: number; wi: number } | undefined;
    WEIGHTS.forEach((weights, wi) => {
      for (const similarity of SIMILARITIES) for (const nearDuplicate of NEAR_DUPLICATES) {
        const s = { weights, similarity, nearDuplicate };
        const f1 = score(docs, train, s, featsByWeights[wi] as ItemFeatures[]).f1;
        if (!best || f1 > best.f1 + 1e-9) best = { s, f1, wi };
      }
    });
    if (!best) throw new Error('empty grid');
    perFold.push({ chosen: best.s, train: best.f1, test: score(docs, test, best.s, featsByWeights[best.wi] as ItemFeatures[]) });
  }
  const f1 = perFold.reduce((a, p) => a + p.test.f1 * 1, 0) / folds;
  return { f1, perFold };
};

