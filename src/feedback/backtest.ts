/*
 * `harvest backtest` (issue 18, ADR 0030), pure: the stored, labelled history replayed through the
 * scoring of each config. Every day's analysed signals are ranked by the salience they had at the
 * day's end (what the team saw that evening) and graded against the labels (unlabelled signals
 * count as not relevant): precision@k, recall@k, nDCG@k, means over the days with a relevant
 * signal. A signal counts as notified when its salience when new (age 0, the highest it gets)
 * reaches the config's notify threshold. With a model per day (`modelFor`), the relevance model
 * trained only on labels given before that day is blended in — no look-ahead.
 */
import type { ScoringConfig } from '../config/scoring.config.js';
import { computeSalience, type RelevancePart } from '../scoring/salience.js';
import type { HistoryRow } from '../store/relevance.port.js';
import { mean, rankFigures, round4, thresholdFigures } from './backtest-metrics.js';
import type { FeedbackConfig } from './feedback.config.js';
import { explainRelevance, type RelevanceScorer } from './relevance-model.js';

const DAY_MS = 86_400_000;

export interface BacktestConfig {
  name: string;
  scoring: ScoringConfig;
  feedback: FeedbackConfig;
  /** Salience at or above this notifies (the config's lowest channel threshold). */
  threshold: number;
}

export interface ConfigResult {
  name: string;
  precisionAtK: number;
  recallAtK: number;
  ndcgAtK: number;
  thresholdPrecision: number;
  thresholdRecall: number;
  notified: number;
  /** Days the relevance model was in the ranking (0 without `--relevance`). */
  modelDays: number;
}

export interface BacktestReport {
  k: number;
  from: string | null;
  to: string | null;
  signals: number;
  labelled: number;
  relevant: number;
  /** Days with at least one relevant signal (the ranking figures' means are over these). */
  days: number;
  withModel: boolean;
  configs: ConfigResult[];
  /** The config with the highest nDCG@k (then precision@k); null when no day had a relevant signal. */
  winner: string | null;
}

export interface BacktestInput {
  rows: readonly HistoryRow[];
  /** Current label of each labelled item: true relevant. */
  labels: ReadonlyMap<number, boolean>;
  configs: readonly BacktestConfig[];
  k: number;
  from?: string;
  to?: string;
  /** The model for a day (trained on labels before `dayStart`), or undefined; absent: no model. */
  modelFor?: (dayStart: string, cfg: BacktestConfig) => RelevanceScorer | undefined;
}

const byDay = (rows: readonly HistoryRow[]): Map<number, HistoryRow[]> => {
  const out = new Map<number, HistoryRow[]>();
  for (const r of rows) {
    const t = Date.parse(r.createdAt);
    if (Number.isNaN(t)) continue;
    const day = Math.floor(t / DAY_MS) * DAY_MS;
    out.set(day, [...(out.get(day) ?? []), r]);
  }
  return new Map([...out].sort((a, b) => a[0] - b[0]));
};

const partsFor = (rows: readonly HistoryRow[], scorer: RelevanceScorer | undefined, weight: number): Array<RelevancePart | undefined> => {
  if (!scorer || weight === 0) return rows.map(() => undefined);
  return scorer.score(rows.map((r) => r.doc)).map((v) => ({ r: v.r, weight, explanation: explainRelevance(v) }));
};

interface DayFigures {
  figures?: ReturnType<typeof rankFigures>;
  notified: boolean[];
  relevant: boolean[];
  model: boolean;
}

const replayDay = (day: number, rows: readonly HistoryRow[], input: BacktestInput, cfg: BacktestConfig): DayFigures => {
  const scorer = input.modelFor?.(new Date(day).toISOString(), cfg);
  const parts = partsFor(rows, scorer, cfg.feedback.weight);
  const evening = new Date(day + DAY_MS);
  const relevant = rows.map((r) => input.labels.get(r.itemId) === true);
  const scored = rows.map((r, i) => ({ s: computeSalience(r, evening, cfg.scoring, parts[i]).salience, rel: relevant[i] as boolean, id: r.itemId }));
  scored.sort((a, b) => b.s - a.s || a.id - b.id);
  const notified = rows.map((r, i) => computeSalience(r, new Date(Date.parse(r.createdAt)), cfg.scoring, parts[i]).salience >= cfg.threshold);
  const total = relevant.filter(Boolean).length;
  return { ...(total > 0 && { figures: rankFigures(scored.map((x) => x.rel), total, input.k) }), notified, relevant, model: scorer !== undefined };
};

const replayConfig = (days: Map<number, HistoryRow[]>, input: BacktestInput, cfg: BacktestConfig): ConfigResult => {
  const results = [...days].map(([day, rows]) => replayDay(day, rows, input, cfg));
  const graded = results.flatMap((r) => (r.figures ? [r.figures] : []));
  const t = thresholdFigures(results.flatMap((r) => r.notified), results.flatMap((r) => r.relevant));
  return {
    name: cfg.name,
    precisionAtK: round4(mean(graded.map((f) => f.precision))),
    recallAtK: round4(mean(graded.map((f) => f.recall))),
    ndcgAtK: round4(mean(graded.map((f) => f.ndcg))),
    thresholdPrecision: round4(t.precision),
    thresholdRecall: round4(t.recall),
    notified: t.notified,
    modelDays: results.filter((r) => r.model).length,
  };
};

/** Replays the history through each config; the configs' results side by side, with the winner. */
export const runBacktest = (input: BacktestInput): BacktestReport => {
  const days = byDay(input.rows);
  const configs = input.configs.map((cfg) => replayConfig(days, input, cfg));
  const gradedDays = [...days.values()].filter((rows) => rows.some((r) => input.labels.get(r.itemId) === true)).length;
  const best = configs.slice().sort((a, b) => b.ndcgAtK - a.ndcgAtK || b.precisionAtK - a.precisionAtK)[0];
  return {
    k: input.k,
    from: input.from ?? null,
    to: input.to ?? null,
    signals: input.rows.length,
    labelled: input.rows.filter((r) => input.labels.has(r.itemId)).length,
    relevant: input.rows.filter((r) => input.labels.get(r.itemId) === true).length,
    days: gradedDays,
    withModel: input.modelFor !== undefined,
    configs,
    winner: gradedDays > 0 && best ? best.name : null,
  };
};
