import type { RelevanceDoc } from '../feedback/features.js';
import type { SalienceInput } from '../domain/score.js';
import type { BacktestReport } from '../feedback/backtest.js';

/** The stored relevance model (0018_experiments): its JSON (null: out of the ranking), what it was trained on, when. */
export interface StoredRelevance {
  model: string | null;
  /** A hash of the labels and settings it was trained on; a change means retraining. */
  fingerprint: string;
  trainedAt: string;
}

/** An analysed signal as a backtest replays it: the salience inputs and what the relevance model reads. */
export interface HistoryRow extends SalienceInput {
  itemId: number;
  doc: RelevanceDoc;
}

/** The learned relevance model's storage and reads (issue 18, ADR 0030). */
export interface RelevanceRepository {
  active(): Promise<StoredRelevance | undefined>;
  /** Replaces the model in one statement: a kill before it leaves the previous one. */
  save(m: StoredRelevance): Promise<void>;
  /** What the model reads of these items (unknown ids left out). */
  docs(itemIds: readonly number[]): Promise<RelevanceDoc[]>;
  /** The newest `limit` analysed items without a current label (the vocabulary's background). */
  background(limit: number): Promise<RelevanceDoc[]>;
  /** Analysed items created in [from, to), by id after `afterId`, at most `limit`. */
  history(q: { from?: string; to?: string; afterId: number; limit: number }): Promise<HistoryRow[]>;
}

/** A stored backtest (0018_experiments). */
export interface Experiment {
  id: number;
  createdAt: string;
  winner: string | null;
  /** What was compared: configs, window, k, whether the model was replayed. */
  params: ExperimentRunParams;
  /** The side-by-side figures. */
  result: BacktestReport;
}

export interface ExperimentRunParams {
  configs: string[];
  k: number;
  from: string | null;
  to: string | null;
  relevance: boolean;
}

export interface ExperimentsRepository {
  create(e: Omit<Experiment, 'id'>): Promise<Experiment>;
  /** Newest first. */
  list(limit: number): Promise<Experiment[]>;
  get(id: number): Promise<Experiment | undefined>;
}
