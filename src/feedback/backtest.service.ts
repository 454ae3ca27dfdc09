/*
 * The backtest over the store (issue 18, ADR 0030): reads the analysed history in the window and the
 * current labels, replays them (backtest.ts), and stores the run as an experiment.
 */
import type { Store } from '../store/store.port.js';
import type { Experiment, HistoryRow } from '../store/relevance.port.js';
import { runBacktest, type BacktestConfig, type BacktestReport } from './backtest.js';
import type { RelevanceDoc } from './features.js';
import { loadRelevanceModel, trainRelevanceModel, type RelevanceScorer } from './relevance-model.js';

const PAGE = 1000;

export interface BacktestOptions {
  configs: readonly BacktestConfig[];
  k: number;
  from?: string;
  to?: string;
  /** Replay the relevance model trained only on labels older than each day. */
  withModel: boolean;
  now: Date;
}

const readHistory = async (store: Store, from?: string, to?: string): Promise<HistoryRow[]> => {
  const rows: HistoryRow[] = [];
  for (let afterId = 0; ; ) {
    const page = await store.relevance.history({ ...(from && { from }), ...(to && { to }), afterId, limit: PAGE });
    rows.push(...page);
    if (page.length < PAGE) return rows;
    afterId = page[page.length - 1]?.itemId ?? afterId;
  }
};

type Label = { itemId: number; label: 'relevant' | 'irrelevant'; at: string };

/** A model per (day, settings), trained on labels given before the day and on signals created before it. */
const modelsBeforeEachDay = (labels: readonly Label[], docs: ReadonlyMap<number, RelevanceDoc>, rows: readonly HistoryRow[]) => {
  const cache = new Map<string, RelevanceScorer | undefined>();
  const byTime = rows.slice().sort((a, b) => (a.createdAt < b.createdAt ? -1 : 1));
  return (dayStart: string, cfg: BacktestConfig): RelevanceScorer | undefined => {
    const key = `${dayStart}|${cfg.feedback.minLabels}|${cfg.feedback.backgroundSize}`;
    if (cache.has(key)) return cache.get(key);
    const known = labels.filter((l) => l.at < dayStart && docs.has(l.itemId));
    const labelled = known.map((l) => ({ doc: docs.get(l.itemId) as RelevanceDoc, relevant: l.label === 'relevant' }));
    const labelledIds = new Set(known.map((l) => l.itemId));
    const background = byTime.filter((r) => r.createdAt < dayStart && !labelledIds.has(r.itemId)).slice(-cfg.feedback.backgroundSize).map((r) => r.doc);
    const scorer = labelled.length >= cfg.feedback.minLabels && labelled.some((l) => l.relevant) ? loadRelevanceModel(trainRelevanceModel(labelled, background)) : undefined;
    cache.set(key, scorer);
    return scorer;
  };
};

/** Runs the backtest and stores it as an experiment. */
export const backtestStore = async (store: Store, opts: BacktestOptions): Promise<{ report: BacktestReport; experiment: Experiment }> => {
  const rows = await readHistory(store, opts.from, opts.to);
  const labels = await store.labels.current();
  let modelFor: ((dayStart: string, cfg: BacktestConfig) => RelevanceScorer | undefined) | undefined;
  if (opts.withModel) {
    const docs = new Map((await store.relevance.docs(labels.map((l) => l.itemId))).map((d) => [d.itemId, d]));
    modelFor = modelsBeforeEachDay(labels, docs, rows);
  }
  const report = runBacktest({
    rows,
    labels: new Map(labels.map((l) => [l.itemId, l.label === 'relevant'])),
    configs: opts.configs,
    k: opts.k,
    ...(opts.from && { from: opts.from }),
    ...(opts.to && { to: opts.to }),
    ...(modelFor && { modelFor }),
  });
  const experiment = await store.experiments.create({
    createdAt: opts.now.toISOString(),
    winner: report.winner,
    params: { configs: opts.configs.map((c) => c.name), k: opts.k, from: opts.from ?? null, to: opts.to ?? null, relevance: opts.withModel },
    result: report,
  });
  return { report, experiment };
};
