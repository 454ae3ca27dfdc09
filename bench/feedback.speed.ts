/*
 * bench:feedback's speed part: fit the relevance model on 20,000 texts (50 labelled relevant, the
 * rest unlabelled: the positives-only case, which trains on all 20,000) and rank 25,000 new ones,
 * the Rocchio centroid timed on the same texts in the same run. Texts are abstract-length: eight
 * random MAG titles joined (about 80 words), and title-length for comparison. Median of 3 runs; the
 * shipped settings, the previous ones and the centroid alternate within each run.
 */
import { centroidScore, rocchioCentroid } from '../src/feedback/centroid.js';
import { fitRelevance } from '../src/feedback/model.js';
import { DEFAULT_RANK_PARAMS, type RankParams } from '../src/feedback/rank.js';
import { decision, type LinearModel } from '../src/feedback/svm.js';
import { fitInterned, internTexts, rowsFor, type Vocabulary } from '../src/feedback/vectorizer.js';
import { prng } from './generate.js';

const TRAIN = 20_000;
const RANK = 25_000;

const synth = (titles: readonly string[], n: number, per: number, seed: number): string[] => {
  const next = prng(seed);
  return Array.from({ length: n }, () => Array.from({ length: per }, () => titles[Math.floor(next() * titles.length)]).join('. '));
};

const median = (xs: number[]): number => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

/** Wall-clock and CPU (user + system) milliseconds of `f`. */
const time = <T>(f: () => T): [T, number, number] => {
  const t = performance.now();
  const c = process.cpuUsage();
  const r = f();
  const u = process.cpuUsage(c);
  return [r, performance.now() - t, (u.user + u.system) / 1000];
};

/** The settings shipped before the 2026-12-05 tuning (max df 0.1, C 0.003, no centroid, labels alone), timed alongside. */
const PREVIOUS_PARAMS: RankParams = { ngrams: 1, minDf: 1, maxDf: 0.1, maxFeatures: 20_000, c: 0.003, centroidWeight: 0, centroidLabels: 0, negativeWeight: 0 };
type Kind = 'svm' | 'svm-previous' | 'centroid';
const KINDS: readonly Kind[] = ['svm', 'svm-previous', 'centroid'];
const NAMES: Record<Kind, string> = { svm: 'learned (SVM, shipped defaults)', 'svm-previous': 'learned (SVM, previous defaults)', centroid: 'centroid (baseline)' };

const fit = (texts: readonly string[], kind: Kind): { v: Vocabulary; m: LinearModel } => {
  const p = kind === 'svm-previous' ? PREVIOUS_PARAMS : DEFAULT_RANK_PARAMS;
  const { vocabulary: v, rows } = fitInterned(internTexts(texts, p.ngrams), p);
  const labels = rows.slice(0, 50).map(() => true);
  if (kind === 'centroid') return { v, m: { w: rocchioCentroid(rows.slice(0, 50), [], v.idf.length), bias: 0 } };
  return { v, m: fitRelevance({ labelled: rows.slice(0, 50), labels, unlabelled: rows.slice(50), dims: v.idf.length, c: p.c, centroidWeight: p.centroidWeight, centroidLabels: p.centroidLabels, negativeWeight: p.negativeWeight }) };
};

const rank = (v: Vocabulary, m: LinearModel, texts: readonly string[], kind: Kind): number => {
  const rows = rowsFor(v, texts);
  const scores = rows.map((r) => (kind !== 'centroid' ? decision(m, r) : centroidScore(m.w as Float64Array, r)));
  return rows.map((_, i) => i).sort((a, b) => (scores[b] as number) - (scores[a] as number))[0] ?? -1;
};

/** The speed table's lines. */
export const timings = (titles: readonly string[]): string[] => {
  const lines = ['| texts | model | fit 20,000: wall s (CPU s), target ≤ 3 | rank 25,000: wall s (CPU s), target ≤ 1 |', '|---|---|---:|---:|'];
  for (const [name, per] of [['abstract-length (8 titles, ~80 words)', 8], ['title-length', 1]] as const) {
    const train = synth(titles, TRAIN, per, 11);
    const fresh = synth(titles, RANK, per, 12);
    // the models alternate within each round, so a load change hits them alike
    const fits = new Map(KINDS.map((k) => [k, [[], []] as number[][]]));
    const ranks = new Map(KINDS.map((k) => [k, [[], []] as number[][]]));
    for (let r = 0; r < 3; r++) {
      for (const kind of KINDS) {
        const [{ v, m }, fw, fc] = time(() => fit(train, kind));
        fits.get(kind)?.[0]?.push(fw);
        fits.get(kind)?.[1]?.push(fc);
        const [, rw, rc] = time(() => rank(v, m, fresh, kind));
        ranks.get(kind)?.[0]?.push(rw);
        ranks.get(kind)?.[1]?.push(rc);
      }
    }
    const s = (xs: number[][]): string => `${(median(xs[0] as number[]) / 1000).toFixed(2)} (${(median(xs[1] as number[]) / 1000).toFixed(2)})`;
    for (const kind of KINDS) lines.push(`| ${name} | ${NAMES[kind]} | ${s(fits.get(kind) as number[][])} | ${s(ranks.get(kind) as number[][])} |`);
  }
  return lines;
};
