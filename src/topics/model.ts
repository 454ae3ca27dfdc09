/*
 * A topic model: tf-idf features → multinomial logistic regression (softmax.ts), one model per
 * taxonomy. `trainTopicModel` learns it from labelled examples (a topic without examples is seeded
 * by its keywords and name); `classifyTopics` scores a text against every topic, highest first.
 * The model is plain JSON (`serializeTopicModel` / `parseTopicModel`), checked when read.
 */
import { z } from 'zod';
import { inputError } from '../domain/errors.js';
import { buildVocabulary, indexOf, rawTerms, vectorize, type SparseRow } from './features.js';
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
  minDf: number;
  maxFeatures: number;
  seed: number;
}

/**
 * Defaults chosen by 5-fold cross-validation on MAG titles (bench/topics.bench.ts; the grid and
 * the figures are in docs/bench/topics.md).
 */
export const DEFAULT_TOPIC_PARAMS: TopicParams = { lambda: 2e-4, epochs: 10, eta0: 0.5, bigrams: true, chars: 5, minDf: 1, maxFeatures: 200_000, seed: 1 };

export interface TopicModel {
  format: typeof MODEL_FORMAT;
  version: number;
  topics: string[];
  terms: string[];
  idf: number[];
  /** Feature-major: weights[f * topics.length + t]. */
  weights: number[];
  bias: number[];
  params: TopicParams;
  examples: number;
  trainedAt: string;
}

/** A model ready to classify with (its term index built once). */
export interface LoadedTopicModel {
  model: TopicModel;
  index: Map<string, number>;
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
  const docs = examples.map((e) => rawTerms(e.text, params));
  const maxFeatures = Math.max(1, Math.min(params.maxFeatures, Math.floor(MAX_WEIGHTS / topics.length)));
  const vocab = buildVocabulary(docs, { minDf: params.minDf, maxFeatures });
  const index = indexOf(vocab);
  const rows = docs.map((d) => vectorize(d, index, vocab.idf));
  const y = examples.map((e) => label.get(e.label.trim()) as number);
  const m = trainSoftmax(rows, y, vocab.terms.length, topics.length, { lambda: params.lambda, epochs: params.epochs, eta0: params.eta0, seed: params.seed });
  const round = (v: number): number => Math.round(v * 1e5) / 1e5;
  return {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    topics,
    terms: vocab.terms,
    idf: vocab.idf.map((v) => Math.round(v * 1e6) / 1e6),
    weights: Array.from(m.w, round),
    bias: Array.from(m.bias, round),
    params,
    examples: examples.length,
    trainedAt: now.toISOString(),
  };
};

/** Prepares a model for classifying. */
export const loadTopicModel = (model: TopicModel): LoadedTopicModel => ({ model, index: new Map(model.terms.map((t, i) => [t, i])), w: Float64Array.from(model.weights), bias: Float64Array.from(model.bias) });

/** The feature row of a text under a loaded model. */
export const topicRow = (m: LoadedTopicModel, text: string): SparseRow => vectorize(rawTerms(text, m.model.params), m.index, m.model.idf);

/** Every topic's probability for `text`, highest first (ties by name), the first `top` kept. */
export const classifyTopics = (m: LoadedTopicModel, text: string, top = Infinity): TopicScore[] => {
  const K = m.model.topics.length;
  const z = softmaxInPlace(logits({ w: m.w, bias: m.bias, classes: K }, topicRow(m, text), new Float64Array(K)));
  return m.model.topics
    .map((name, c) => ({ name, score: Math.round((z[c] as number) * 1e4) / 1e4 }))
    .sort((a, b) => b.score - a.score || (a.name < b.name ? -1 : 1))
    .slice(0, top);
};

const paramsSchema = z.object({ lambda: z.number(), epochs: z.number().int(), eta0: z.number(), bigrams: z.boolean(), chars: z.number().int(), minDf: z.number().int(), maxFeatures: z.number().int(), seed: z.number().int() });
const modelSchema = z
  .object({
    format: z.literal(MODEL_FORMAT),
    version: z.literal(MODEL_VERSION),
    topics: z.array(z.string().min(1)).min(2).max(MAX_TOPICS),
    terms: z.array(z.string()),
    idf: z.array(z.number()),
    weights: z.array(z.number()),
    bias: z.array(z.number()),
    params: paramsSchema,
    examples: z.number().int(),
    trainedAt: z.string(),
  })
  .refine((m) => m.idf.length === m.terms.length && m.bias.length === m.topics.length && m.weights.length === m.terms.length * m.topics.length, 'its arrays do not agree in length');

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
