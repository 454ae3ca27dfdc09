/*
 * A topic model: tf-idf features → multinomial logistic regression (softmax.ts), one model per
 * taxonomy. `trainTopicModel` learns it from labelled examples (a topic without examples is seeded
 * by its keywords and name); `classifyTopics` scores a text against every topic, highest first.
 * The model is plain JSON (`serializeTopicModel` / `parseTopicModel`), checked when read.
 */
import { z } from 'zod';
import { inputError } from '../domain/errors.js';
import { bucketIdf, columnsOf, hashedTerms, vectorize, type SparseRow } from './features.js';
import { logits, softmaxInPlace, trainSoftmax } from './softmax.js';

export const MODEL_FORMAT = 'harvest-topic-model';
export const MODEL_VERSION = 1;
/** The most topics one model holds. */
export const MAX_TOPICS = 1000;
/** The most weights (features × topics) one model holds: bounds memory, time and file size (≈ 16 MB). */
export const MAX_WEIGHTS = 2_000_000;
/** The longest topic name. */
export const MAX_TOPIC_NAME = 100;

export interface TopicExample {
  text: string;
  label: string;
}

export interface TopicParams {
  lambda: number;
  epochs: number;
  eta0: number;
  bigrams: boolean;
  chars: number;
  /** Features are hashed into 2^bits buckets. */
  bits: number;
  minDf: number;
  maxFeatures: number;
  seed: number;
}

/**
 * Defaults chosen by 5-fold cross-validation on MAG titles (bench/topics.bench.ts; the grid and
 * the figures are in docs/bench/topics.md).
 */
export const DEFAULT_TOPIC_PARAMS: TopicParams = { lambda: 2e-4, epochs: 10, eta0: 0.5, bigrams: true, chars: 5, bits: 18, minDf: 1, maxFeatures: 200_000, seed: 1 };

export interface TopicModel {
  format: typeof MODEL_FORMAT;
  version: number;
  topics: string[];
  /** The hash buckets that are features (seen in training), in column order. */
  buckets: number[];
  /** Per column. */
  idf: number[];
  /** Column-major: weights[column * topics.length + t]. */
  weights: number[];
  bias: number[];
  params: TopicParams;
  examples: number;
  trainedAt: string;
  /** What it was trained from (taxonomy, examples file, stored examples), to tell when to retrain. */
  fingerprint?: string;
}

/** A model ready to classify with (its term index built once). */
export interface LoadedTopicModel {
  model: TopicModel;
  column: Int32Array;
  w: Float64Array;
  bias: Float64Array;
}

export interface TopicScore {
  name: string;
  score: number;
}

/** Checks examples: non-empty texts and labels, at least two labels, at most MAX_TOPICS. Throws INPUT_INVALID. */
export const checkExamples = (examples: readonly TopicExample[]): string[] => {
  const problems: string[] = [];
  examples.forEach((e, i) => {
    if (e.text.trim() === '') problems.push(`example ${i + 1}: text is empty`);
    if (e.label.trim() === '') problems.push(`example ${i + 1}: label is empty`);
    else if (e.label.length > MAX_TOPIC_NAME) problems.push(`example ${i + 1}: label is longer than ${MAX_TOPIC_NAME} characters`);
  });
  if (problems.length > 0) throw inputError(`bad topic examples: ${problems.length} problem(s)`, problems.slice(0, 20));
  const labels = [...new Set(examples.map((e) => e.label.trim()))].sort();
  if (labels.length < 2) throw inputError(`topic examples need at least two labels; found ${labels.length === 0 ? 'none' : `only "${labels[0]}"`} in ${examples.length} example(s)`);
  if (labels.length > MAX_TOPICS) throw inputError(`topic examples name ${labels.length} labels; a model holds at most ${MAX_TOPICS}`);
  return labels;
};

/** Trains a model on examples (checked first: see `checkExamples`). */
export const trainTopicModel = (examples: readonly TopicExample[], params: TopicParams = DEFAULT_TOPIC_PARAMS, now = new Date()): TopicModel => {
  const topics = checkExamples(examples);
  const label = new Map(topics.map((t, i) => [t, i]));
  const docs = examples.map((e) => hashedTerms(e.text, params));
  const maxFeatures = Math.max(1, Math.min(params.maxFeatures, Math.floor(MAX_WEIGHTS / topics.length)));
  // The most frequent buckets first (ties by id), at most maxFeatures of them.
  const kept = [...bucketIdf(docs, params.minDf, params.bits)].sort((a, b) => a[1] - b[1] || a[0] - b[0]).slice(0, maxFeatures);
  const buckets = kept.map(([b]) => b);
  const idf = kept.map(([, v]) => Math.round(v * 1e6) / 1e6);
  const column = columnsOf(buckets, params.bits);
  const rows = docs.map((d) => vectorize(d, column, idf));
  const y = examples.map((e) => label.get(e.label.trim()) as number);
  const m = trainSoftmax(rows, y, buckets.length, topics.length, { lambda: params.lambda, epochs: params.epochs, eta0: params.eta0, seed: params.seed });
  const round = (v: number): number => Math.round(v * 1e5) / 1e5;
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    topics,
    buckets,
    idf,
    weights: Array.from(m.w, round),
    bias: Array.from(m.bias, round),
    params,
    examples: examples.length,
    trainedAt: now.toISOString(),
  };
};

/** Prepares a model for classifying. */
export const loadTopicModel = (model: TopicModel): LoadedTopicModel => ({ model, column: columnsOf(model.buckets, model.params.bits), w: Float64Array.from(model.weights), bias: Float64Array.from(model.bias) });

/** The feature row of a text under a loaded model. */
export const topicRow = (m: LoadedTopicModel, text: string): SparseRow => vectorize(hashedTerms(text, m.model.params), m.column, m.model.idf);

/** Every topic's probability for a feature row, highest first (ties by name), the first `top` kept. */
export const classifyTopicRow = (m: LoadedTopicModel, row: SparseRow, top = Infinity): TopicScore[] => {
  const K = m.model.topics.length;
  const z = softmaxInPlace(logits({ w: m.w, bias: m.bias, classes: K }, row, new Float64Array(K)));
  return m.model.topics
    .map((name, c) => ({ name, score: Math.round((z[c] as number) * 1e4) / 1e4 }))
    .sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1))
    .slice(0, top);
};

/** Every topic's probability for `text`, highest first (ties by name), the first `top` kept. */
export const classifyTopics = (m: LoadedTopicModel, text: string, top = Infinity): TopicScore[] => classifyTopicRow(m, topicRow(m, text), top);

const paramsSchema = z.object({ lambda: z.number(), epochs: z.number().int(), eta0: z.number(), bigrams: z.boolean(), chars: z.number().int().min(0).max(8), bits: z.number().int().min(10).max(22), minDf: z.number().int(), maxFeatures: z.number().int(), seed: z.number().int() });
const modelSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    version: z.literal(MODEL_VERSION),
    topics: z.array(z.string().min(1)).min(2).max(MAX_TOPICS),
    buckets: z.array(z.number().int().nonnegative()),
    idf: z.array(z.number()),
    weights: z.array(z.number()),
    bias: z.array(z.number()),
    params: paramsSchema,
    examples: z.number().int(),
    trainedAt: z.string(),
    fingerprint: z.string().optional(),
  })
  .refine((m) => m.idf.length === m.buckets.length && m.bias.length === m.topics.length && m.weights.length === m.buckets.length * m.topics.length && m.buckets.every((b) => b < 2 ** m.params.bits), 'its arrays do not agree in length');

/** The model as a JSON string. */
export const serializeTopicModel = (m: TopicModel): string => JSON.stringify(m);

/** Parses and checks a model file's text; INPUT_INVALID naming `where` when it is not a topic model. */
export const parseTopicModel = (text: string, where: string): TopicModel => {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw inputError(`${where} is not a topic model: not valid JSON (${(err as Error).message})`);
  }
  const parsed = modelSchema.safeParse(value);
  if (!parsed.success) throw inputError(`${where} is not a topic model (make one with "harvest topics train")`, parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(model)'}: ${i.message}`));
  return parsed.data as TopicModel;
};
