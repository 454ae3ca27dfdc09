import type { AnalysisResult, Provenance } from '../../domain/analysis.js';
import type { Metrics } from '../../observability/metrics.port.js';
import type { Analyzer, AnalyzerInput, AnalyzerOutput } from '../analyzer.port.js';
import { classify, reportsFailure } from './category.classify.js';
import type { Cue } from './category.cues.js';
import { CHURN, namedChurnCues } from './category.cues.js';
import type { EntityMatchers } from './entities.extract.js';
import { compileAliases, compileNames, extractEntities, maskNames } from './entities.extract.js';
import { formatReasoning } from './reasoning.format.js';
import { sentimentVerdict } from './sentiment.rules.js';
import { buildTags } from './tags.rules.js';
import { normaliseText } from './text.normalize.js';
import { confidenceOf, urgencyVerdict } from './urgency.rules.js';
import type { VaderProfile } from './vader.sentiment.js';
import { FEEDBACK_PROFILE, vaderScore } from './vader.sentiment.js';

/*
 * The offline analyzer: no key, no network, pure and synchronous. Normalise the text, score
 * sentiment VADER-style (configured names masked out), classify by cue rules with a fixed
 * precedence, then derive urgency, confidence, tags, entities and a reasoning string.
 */

export interface HeuristicOptions {
  /** Our product names (case-insensitive whole-word match). */
  products: string[];
  /** Competitor names: reported as products and they drive the `competitor` category. */
  competitors: string[];
  /**
   * Other spellings of configured products and competitors (name → aliases, e.g. a short form):
   * an alias found in a text reports the configured name.
   */
  aliases?: Readonly<Record<string, readonly string[]>>;
  /** Organisation names to recognise besides the general suffix rule ("… Inc", "University of …"). */
  organisations?: string[];
  /** The sentiment scorer's knobs; the feedback profile unless a bench ablation sets another. */
  vaderProfile?: Readonly<VaderProfile>;
}

export const HEURISTIC_PROVIDER = 'heuristic';
export const HEURISTIC_MODEL = 'rules-v1';
export const HEURISTIC_PROMPT_VERSION = 'heuristic-1';

export interface AnalyzeTextInput {
  text: string;
  title?: string | null;
}

interface Compiled extends EntityMatchers {
  masked: EntityMatchers['products'];
  churnCues: readonly Cue[];
  profile: Readonly<VaderProfile>;
}

const compile = (opts: HeuristicOptions): Compiled => {
  const products = [...compileNames(opts.products), ...compileAliases(opts.products, opts.aliases)];
  const competitors = [...compileNames(opts.competitors), ...compileAliases(opts.competitors, opts.aliases)];
  const aliasesOf = (names: readonly string[]): string[] => [...names, ...names.flatMap((n) => opts.aliases?.[n] ?? [])];
  const organisations = compileNames(opts.organisations ?? []);
  return {
    products,
    competitors,
    organisations,
    masked: [...products, ...competitors, ...organisations],
    churnCues: [...CHURN, ...namedChurnCues(aliasesOf(opts.products), aliasesOf(opts.competitors))],
    profile: opts.vaderProfile ?? FEEDBACK_PROFILE,
  };
};

const cache = new WeakMap<HeuristicOptions, Compiled>();

const compiledFor = (opts: HeuristicOptions): Compiled => {
  let c = cache.get(opts);
  if (c === undefined) {
    c = compile(opts);
    cache.set(opts, c);
  }
  return c;
};

/**
 * Longer texts are analysed on their first 10,000 characters (~1,500 words), which keeps the
 * worst case under 5 ms an item (bench:quality prints it).
 */
export const MAX_ANALYZED_CHARS = 10_000;

const joinTitle = (input: AnalyzeTextInput): string => {
  const title = input.title?.trim();
  const text = !title ? input.text : /[.!?:]$/.test(title) ? `${title} ${input.text}` : `${title}. ${input.text}`;
  return text.length > MAX_ANALYZED_CHARS ? text.slice(0, MAX_ANALYZED_CHARS) : text;
};

interface Detailed {
  result: AnalysisResult;
  /** The VADER compound before any category adjustment. */
  compound: number;
  /** Whether the text holds an asking question (the verdict's threshold for questions depends on it). */
  asking: boolean;
}

const analyzeDetailed = (input: AnalyzeTextInput, c: Compiled): Detailed => {
  const norm = normaliseText(joinTitle(input));
  const { entities, competitors, hashtagsAsWritten } = extractEntities(norm.text, norm.lower, c, norm.urls);
  const vader = vaderScore(c.masked.length > 0 ? maskNames(norm.text, norm.lower, c.masked) : norm.text, c.profile);
  const { category, evidence } = classify({
    lower: norm.lower, urls: norm.urls, compound: vader.compound, competitors, churnCues: c.churnCues,
  });
  const sentiment = sentimentVerdict(vader.compound, category, undefined, vader.asking);
  const { urgency, reasons } = urgencyVerdict({
    category, text: norm.text, lower: norm.lower, score: sentiment.score, churnThreat: evidence.churn_risk.score > 0,
  });
  const confidence = confidenceOf(category, evidence, Math.abs(vader.compound));
  const result: AnalysisResult = {
    category,
    sentiment: sentiment.sentiment,
    sentimentScore: sentiment.score,
    urgency,
    confidence,
    tags: buildTags(category, norm.lower, hashtagsAsWritten),
    entities,
    reasoning: formatReasoning({
      category, evidence, vader, sentiment, urgency, urgencyReasons: reasons, confidence,
    }),
  };
  return { result, compound: vader.compound, asking: vader.asking };
};

const analyzeCompiled = (input: AnalyzeTextInput, c: Compiled): AnalysisResult => analyzeDetailed(input, c).result;

/** `analyzeText` plus the raw compound, for the quality bench's cross-validation of sentiment settings. */
export const analyzeTextDetailed = (input: AnalyzeTextInput, opts: HeuristicOptions): Detailed =>
  analyzeDetailed(input, compiledFor(opts));

/**
 * Whether the text reports a service failing ("can't log into …", "webhooks stopped arriving"),
 * whatever its category: the stories stage lets such a post about a product join the product's
 * breaking outage story (ADR 0022). Pure, no configuration.
 */
export const reportsFailureText = (input: AnalyzeTextInput): boolean => reportsFailure(normaliseText(joinTitle(input)).lower);

/** Analyses one text. Pure and synchronous; compiled name matchers are cached per `opts` object. */
export const analyzeText = (input: AnalyzeTextInput, opts: HeuristicOptions): AnalysisResult =>
  analyzeCompiled(input, compiledFor(opts));

const PROVENANCE: Readonly<Provenance> = {
  provider: HEURISTIC_PROVIDER,
  model: HEURISTIC_MODEL,
  promptVersion: HEURISTIC_PROMPT_VERSION,
  tokensIn: 0,
  tokensOut: 0,
  costUsd: 0,
  fallback: false,
};

/** The offline default analyzer; also the fallback when an LLM reply is unusable. */
export const createHeuristicAnalyzer = (opts: HeuristicOptions, deps: { metrics?: Metrics } = {}): Analyzer => {
  const compiled = compile(opts);
  const metrics = deps.metrics;
  return {
    provider: HEURISTIC_PROVIDER,
    model: HEURISTIC_MODEL,
    promptVersion: HEURISTIC_PROMPT_VERSION,
    analyze: async (inputs: readonly AnalyzerInput[], signal?: AbortSignal): Promise<AnalyzerOutput[]> => {
      signal?.throwIfAborted();
      const t0 = performance.now();
      try {
        const out = inputs.map((input) => ({
          id: input.id,
          result: analyzeCompiled(input, compiled),
          provenance: { ...PROVENANCE },
        }));
        metrics?.analyzerRequest(HEURISTIC_PROVIDER, HEURISTIC_MODEL, 'ok', (performance.now() - t0) / 1000);
        return out;
      } catch (err) {
        metrics?.analyzerRequest(HEURISTIC_PROVIDER, HEURISTIC_MODEL, 'error', (performance.now() - t0) / 1000);
        throw err;
      }
    },
  };
};
