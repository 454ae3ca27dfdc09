/*
 * Sentiment part of the quality bench: the analyzer against the plain `vader-sentiment` package
 * (thresholds ±0.05) on every labelled domain we have, and a k-fold cross-validation of the four
 * sentiment settings chosen by data (the weight of positive words in asking questions, the neutral
 * band of the lexicon, the problem-report shift and the positive threshold of questions): on each fold, the setting is picked on the other folds of every domain together and
 * scored on the held-out fold only.
 */
import { createRequire } from 'node:module';
import type { Category } from '../src/domain/analysis.js';
import type { HeuristicOptions } from '../src/analysis/heuristic/heuristic.analyzer.js';
import { analyzeTextDetailed } from '../src/analysis/heuristic/heuristic.analyzer.js';
import type { SentimentTuning } from '../src/analysis/heuristic/sentiment.rules.js';
import { SENTIMENT_TUNING, sentimentVerdict } from '../src/analysis/heuristic/sentiment.rules.js';
import type { VaderProfile } from '../src/analysis/heuristic/vader.sentiment.js';
import { FEEDBACK_PROFILE, PLAIN_PROFILE } from '../src/analysis/heuristic/vader.sentiment.js';
import type { MultiClassScores } from './quality.metrics.js';
import { foldOf, multiClassScores } from './quality.metrics.js';

export const SENTIMENTS = ['negative', 'neutral', 'positive'] as const;

export interface LabelledText {
  text: string;
  gold: string;
}

export interface SentimentDomain {
  name: string;
  /** What the gold label is. */
  gold: string;
  texts: LabelledText[];
  opts: HeuristicOptions;
}

/** Star ratings as a sentiment proxy: 1–2 negative, 3 neutral, 4–5 positive. */
export const starSentiment = (rating: string): string => {
  const r = Number(rating);
  return r <= 2 ? 'negative' : r === 3 ? 'neutral' : 'positive';
};

interface VaderPackage {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
}

const vaderLabel = (c: number): string => (c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral');

export interface DomainResult {
  name: string;
  gold: string;
  n: number;
  ours: MultiClassScores;
  plain: MultiClassScores;
  /** Held-out figures of the cross-validation (fold predictions pooled). */
  cv: MultiClassScores;
}

export interface SentimentReport {
  domains: DomainResult[];
  /** The setting picked on each fold's training part. */
  foldChoices: CvSetting[];
  /** The setting the whole of the data would pick (for comparison with the shipped one). */
  fullDataChoice: CvSetting;
  folds: number;
  /** Each rule removed (or a rejected one added) alone: macro-F1 and weighted F1 per domain. */
  ablations: { name: string; perDomain: { macroF1: number; weightedF1: number }[] }[];
}

const SHIFTS = [0, -0.1, -0.2, -0.3, -0.4, -0.5, -0.6, -0.7];
const QUESTION_AT = [0.05, 0.1, 0.2, 0.3, 0.4, 0.5];
/** Scorer settings (each needs its own scoring pass): weight of positive words in asking questions × neutral band. */
const ASKING_WEIGHTS = [1, 0.5, 0.3, 0];
const NEUTRAL_BANDS = [0, 0.15, 0.35, 0.55];
const SCORERS = ASKING_WEIGHTS.flatMap((askingWeight) => NEUTRAL_BANDS.map((neutralBand) => ({ askingWeight, neutralBand })));
const scorerKey = (s: { askingWeight: number; neutralBand: number }): string => `${s.askingWeight}/${s.neutralBand}`;

/** One point of the cross-validated grid: the scorer's settings and the verdict's tuning. */
export interface CvSetting extends SentimentTuning {
  askingWeight: number;
  neutralBand: number;
}

const GRID: CvSetting[] = SCORERS.flatMap((scorer) => SHIFTS.flatMap((problemShift) =>
  QUESTION_AT.map((questionPositiveAt) => ({ ...scorer, problemShift, questionPositiveAt }))));
const SHIPPED: CvSetting = {
  ...SENTIMENT_TUNING, askingWeight: FEEDBACK_PROFILE.questionPositiveWeight, neutralBand: FEEDBACK_PROFILE.neutralBand,
};

interface Prepared {
  domain: SentimentDomain;
  /** The shipped scorer's compound and category per text. */
  compound: number[];
  category: Category[];
  gold: string[];
  fold: number[];
  /** Labels per grid setting. */
  byTuning: string[][];
}

const prepare = (domain: SentimentDomain, folds: number): Prepared => {
  const scored = new Map(SCORERS.map((scorer) => {
    const profile = { ...FEEDBACK_PROFILE, questionPositiveWeight: scorer.askingWeight, neutralBand: scorer.neutralBand };
    const detailed = domain.texts.map((t) => analyzeTextDetailed({ text: t.text }, { ...domain.opts, vaderProfile: profile }));
    return [scorerKey(scorer), { compound: detailed.map((d) => d.compound), category: detailed.map((d) => d.result.category) }] as const;
  }));
  const byTuning = GRID.map((setting) => {
    const s = scored.get(scorerKey(setting));
    return (s?.compound ?? []).map((c, i) => sentimentVerdict(c, s?.category[i] ?? 'other', setting).sentiment);
  });
  const shipped = scored.get(scorerKey(SHIPPED)) ?? { compound: [], category: [] };
  return { domain, ...shipped, gold: domain.texts.map((t) => t.gold), fold: domain.texts.map((_, i) => foldOf(i, folds)), byTuning };
};

const scoreWhere = (p: Prepared, g: number, keep: (i: number) => boolean): MultiClassScores => {
  const idx = p.gold.map((_, i) => i).filter(keep);
  return multiClassScores(SENTIMENTS, idx.map((i) => p.gold[i] ?? ''), idx.map((i) => p.byTuning[g]?.[i] ?? ''));
};

/** Grid index with the best mean macro-F1 over the domains, on the rows `keep` selects. */
const bestTuning = (prepared: readonly Prepared[], keep: (p: Prepared, i: number) => boolean): number => {
  let best = 0;
  let bestScore = -1;
  GRID.forEach((_, g) => {
    const s = prepared.reduce((sum, p) => sum + scoreWhere(p, g, (i) => keep(p, i)).macroF1, 0) / prepared.length;
    if (s > bestScore + 1e-9) {
      bestScore = s;
      best = g;
    }
  });
  return best;
};

const without = (group: string): VaderProfile => ({ ...FEEDBACK_PROFILE, overrides: FEEDBACK_PROFILE.overrides.filter((g) => g !== group) });

type Variant = readonly [string, Readonly<VaderProfile>, (SentimentTuning | 'asymmetric')?];

const VARIANTS: readonly Variant[] = [
  ['shipped', FEEDBACK_PROFILE],
  ['VADER scorer as published (category rules kept)', PLAIN_PROFILE],
  ['− failure words', without('failure')],
  ['− praise words', without('praise')],
  ['− request words set to 0', without('requests')],
  ['− complaint markers', without('complaint-markers')],
  ['− multi-word expressions', { ...FEEDBACK_PROFILE, phrases: false }],
  ['− emoji', { ...FEEDBACK_PROFILE, emoji: false }],
  ['+ negative valences 1.5× (rejected)', { ...FEEDBACK_PROFILE, negativeWeight: 1.5 }],
  ['− lexicon words within ±0.3 of neutral carry no valence', { ...FEEDBACK_PROFILE, neutralBand: 0 }],
  ['− negation and boosters kept inside their sentence', { ...FEEDBACK_PROFILE, sentenceScope: false }],
  ['− "like" after looks/seems/would… carries no valence', { ...FEEDBACK_PROFILE, likeNotVerb: false }],
  ['− positives in asking questions 0.3×', { ...FEEDBACK_PROFILE, questionPositiveWeight: 1 }],
  ['+ positives in every question 0.3× (rejected)', { ...FEEDBACK_PROFILE, askingOnly: false }],
  ['− problem-report shift', FEEDBACK_PROFILE, { ...SENTIMENT_TUNING, problemShift: 0 }],
  ['− question threshold (±0.05 for questions too)', FEEDBACK_PROFILE, { ...SENTIMENT_TUNING, questionPositiveAt: 0.05 }],
  ['question threshold 0.5 (the CV pick, rejected)', FEEDBACK_PROFILE, { ...SENTIMENT_TUNING, questionPositiveAt: 0.5 }],
  ['+ thresholds positive ≥ 0.3, negative ≤ −0.01 (rejected)', FEEDBACK_PROFILE, 'asymmetric'],
];

const ablate = (domains: readonly SentimentDomain[]): SentimentReport['ablations'] =>
  VARIANTS.map(([name, profile, verdict]) => ({
    name,
    perDomain: domains.map((d) => {
      const opts = { ...d.opts, vaderProfile: profile };
      const pred = d.texts.map((t) => {
        const { result, compound } = analyzeTextDetailed({ text: t.text }, opts);
        if (verdict === undefined) return result.sentiment;
        if (verdict !== 'asymmetric') return sentimentVerdict(compound, result.category, verdict).sentiment;
        return result.sentimentScore >= 0.3 ? 'positive' : result.sentimentScore <= -0.01 ? 'negative' : 'neutral';
      });
      const s = multiClassScores(SENTIMENTS, d.texts.map((t) => t.gold), pred);
      return { macroF1: s.macroF1, weightedF1: s.weightedF1 };
    }),
  }));

export const evalSentiment = (domains: readonly SentimentDomain[], folds = 5): SentimentReport => {
  const vader = createRequire(import.meta.url)('vader-sentiment') as VaderPackage;
  const prepared = domains.map((d) => prepare(d, folds));
  const cvPred = prepared.map((p) => p.gold.map(() => ''));
  const foldChoices: CvSetting[] = [];
  for (let k = 0; k < folds; k++) {
    const g = bestTuning(prepared, (p, i) => p.fold[i] !== k);
    foldChoices.push(GRID[g] ?? SHIPPED);
    prepared.forEach((p, d) => p.fold.forEach((f, i) => {
      if (f === k) (cvPred[d] as string[])[i] = p.byTuning[g]?.[i] ?? '';
    }));
  }
  const full = bestTuning(prepared, () => true);
  return {
    folds,
    foldChoices,
    fullDataChoice: GRID[full] ?? SHIPPED,
    ablations: ablate(domains),
    domains: prepared.map((p, d) => ({
      name: p.domain.name,
      gold: p.domain.gold,
      n: p.gold.length,
      ours: multiClassScores(SENTIMENTS, p.gold, p.compound.map((c, i) => sentimentVerdict(c, p.category[i] ?? 'other').sentiment)),
      plain: multiClassScores(SENTIMENTS, p.gold, p.domain.texts.map((t) => vaderLabel(vader.SentimentIntensityAnalyzer.polarity_scores(t.text).compound))),
      cv: multiClassScores(SENTIMENTS, p.gold, cvPred[d] ?? []),
    })),
  };
};
