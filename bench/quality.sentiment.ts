/*
 * Sentiment part of the quality bench: the analyzer against the plain `vader-sentiment` package
 * (thresholds ±0.05) on every labelled domain we have, and a k-fold cross-validation of the five
 * sentiment settings chosen by data (the weight of positive words in asking questions, the neutral
 * band of the lexicon, the problem-report shift and the positive thresholds of questions and of
 * questions that ask): on each fold, the setting is picked on the other folds of every domain together and
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
import { DEFAULT_PHRASE_GROUPS } from '../src/analysis/heuristic/sentiment.phrases.js';
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
const ASKING_AT = [0.3, 0.4, 0.5, 0.6];
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

const GRID: CvSetting[] = SCORERS.flatMap((scorer) => SHIFTS.flatMap((problemShift) => QUESTION_AT.flatMap((questionPositiveAt) =>
  ASKING_AT.map((askingPositiveAt) => ({ ...scorer, problemShift, questionPositiveAt, askingPositiveAt })))));
const SHIPPED: CvSetting = {
  ...SENTIMENT_TUNING, askingWeight: FEEDBACK_PROFILE.questionPositiveWeight, neutralBand: FEEDBACK_PROFILE.neutralBand,
};

const code = (label: string): number => SENTIMENTS.indexOf(label as (typeof SENTIMENTS)[number]);

interface Prepared {
  domain: SentimentDomain;
  /** The shipped scorer's compound, category and asking flag per text. */
  compound: number[];
  category: Category[];
  asking: boolean[];
  gold: string[];
  /** Gold as an index into SENTIMENTS. */
  goldCode: Uint8Array;
  fold: number[];
  /** Labels (index into SENTIMENTS) per grid setting. */
  byTuning: Uint8Array[];
}

const prepare = (domain: SentimentDomain, folds: number): Prepared => {
  const scored = new Map(SCORERS.map((scorer) => {
    const profile = { ...FEEDBACK_PROFILE, questionPositiveWeight: scorer.askingWeight, neutralBand: scorer.neutralBand };
    const detailed = domain.texts.map((t) => analyzeTextDetailed({ text: t.text }, { ...domain.opts, vaderProfile: profile }));
    return [scorerKey(scorer), {
      compound: detailed.map((d) => d.compound), category: detailed.map((d) => d.result.category), asking: detailed.map((d) => d.asking),
    }] as const;
  }));
  const byTuning = GRID.map((setting) => {
    const s = scored.get(scorerKey(setting));
    const out = new Uint8Array(domain.texts.length);
    (s?.compound ?? []).forEach((c, i) => {
      out[i] = code(sentimentVerdict(c, s?.category[i] ?? 'other', setting, s?.asking[i] ?? false).sentiment);
    });
    return out;
  });
  const shipped = scored.get(scorerKey(SHIPPED)) ?? { compound: [], category: [], asking: [] };
  const gold = domain.texts.map((t) => t.gold);
  return { domain, ...shipped, gold, goldCode: Uint8Array.from(gold, code), fold: domain.texts.map((_, i) => foldOf(i, folds)), byTuning };
};

/** Macro-F1 of grid setting `g` over the rows not in fold `skipFold` (all rows for −1). */
const macroWhere = (p: Prepared, g: number, skipFold: number): number => {
  const pred = p.byTuning[g] ?? new Uint8Array(0);
  const tp = [0, 0, 0];
  const predicted = [0, 0, 0];
  const support = [0, 0, 0];
  for (let i = 0; i < pred.length; i++) {
    if (p.fold[i] === skipFold) continue;
    const y = p.goldCode[i] ?? 0;
    const x = pred[i] ?? 0;
    support[y] = (support[y] ?? 0) + 1;
    predicted[x] = (predicted[x] ?? 0) + 1;
    if (x === y) tp[y] = (tp[y] ?? 0) + 1;
  }
  let sum = 0;
  for (let k = 0; k < 3; k++) {
    const t = tp[k] ?? 0;
    const denom = (predicted[k] ?? 0) + (support[k] ?? 0);
    sum += denom === 0 ? 0 : (2 * t) / denom;
  }
  return sum / 3;
};

/** Grid index with the best mean macro-F1 over the domains, on the rows outside fold `skipFold`. */
const bestTuning = (prepared: readonly Prepared[], skipFold: number): number => {
  let best = 0;
  let bestScore = -1;
  GRID.forEach((_, g) => {
    const s = prepared.reduce((sum, p) => sum + macroWhere(p, g, skipFold), 0) / prepared.length;
    if (s > bestScore + 1e-9) {
      bestScore = s;
      best = g;
    }
  });
  return best;
};

const without = (group: string): VaderProfile => ({ ...FEEDBACK_PROFILE, overrides: FEEDBACK_PROFILE.overrides.filter((g) => g !== group) });
const withoutPhrases = (group: string): VaderProfile => ({ ...FEEDBACK_PROFILE, phraseGroups: DEFAULT_PHRASE_GROUPS.filter((g) => g !== group) });

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
  ['− waiting and unreachable-service expressions', withoutPhrases('service')],
  ['− rhetorical complaint questions, "thanks for nothing"', withoutPhrases('rhetorical')],
  ['+ "thanks for" + only negative words is sarcasm (rejected)', { ...FEEDBACK_PROFILE, sarcasticThanks: true }],
  ['+ negated negatives of our additions count 0 (rejected)', { ...FEEDBACK_PROFILE, ownNegationNeutral: true }],
  ['− problem-report shift', FEEDBACK_PROFILE, { ...SENTIMENT_TUNING, problemShift: 0 }],
  ['− question thresholds (±0.05 for questions too)', FEEDBACK_PROFILE, { ...SENTIMENT_TUNING, questionPositiveAt: 0.05, askingPositiveAt: 0.05 }],
  ['− asking-question threshold 0.6 (0.3 as other questions)', FEEDBACK_PROFILE, { ...SENTIMENT_TUNING, askingPositiveAt: 0.3 }],
  ['asking-question threshold 0.5', FEEDBACK_PROFILE, { ...SENTIMENT_TUNING, askingPositiveAt: 0.5 }],
  ['question threshold 0.5 for every question (the CV pick, rejected)', FEEDBACK_PROFILE, { ...SENTIMENT_TUNING, questionPositiveAt: 0.5 }],
  ['+ thresholds positive ≥ 0.3, negative ≤ −0.01 (rejected)', FEEDBACK_PROFILE, 'asymmetric'],
];

const ablate = (domains: readonly SentimentDomain[]): SentimentReport['ablations'] =>
  VARIANTS.map(([name, profile, verdict]) => ({
    name,
    perDomain: domains.map((d) => {
      const opts = { ...d.opts, vaderProfile: profile };
      const pred = d.texts.map((t) => {
        const { result, compound, asking } = analyzeTextDetailed({ text: t.text }, opts);
        if (verdict === undefined) return result.sentiment;
        if (verdict !== 'asymmetric') return sentimentVerdict(compound, result.category, verdict, asking).sentiment;
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
    const g = bestTuning(prepared, k);
    foldChoices.push(GRID[g] ?? SHIPPED);
    prepared.forEach((p, d) => p.fold.forEach((f, i) => {
      if (f === k) (cvPred[d] as string[])[i] = SENTIMENTS[p.byTuning[g]?.[i] ?? 0] ?? '';
    }));
  }
  const full = bestTuning(prepared, -1);
  return {
    folds,
    foldChoices,
    fullDataChoice: GRID[full] ?? SHIPPED,
    ablations: ablate(domains),
    domains: prepared.map((p, d) => ({
      name: p.domain.name,
      gold: p.domain.gold,
      n: p.gold.length,
      ours: multiClassScores(SENTIMENTS, p.gold, p.compound.map((c, i) => sentimentVerdict(c, p.category[i] ?? 'other', SENTIMENT_TUNING, p.asking[i] ?? false).sentiment)),
      plain: multiClassScores(SENTIMENTS, p.gold, p.domain.texts.map((t) => vaderLabel(vader.SentimentIntensityAnalyzer.polarity_scores(t.text).compound))),
      cv: multiClassScores(SENTIMENTS, p.gold, cvPred[d] ?? []),
    })),
  };
};
