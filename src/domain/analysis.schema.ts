import { Type, type Static } from 'typebox';
import { Compile } from 'typebox/compile';
import { CATEGORIES, SENTIMENTS } from './analysis.js';
import { nullable, wire } from './schema-tools.js';

/**
 * The analysis of an item, defined once (SPEC 2.2). The TypeScript types, the API's response
 * schemas, the dashboard's types and the check of cached LLM verdicts all derive from these.
 */

export const CategorySchema = Type.Enum(CATEGORIES);
export const SentimentSchema = Type.Enum(SENTIMENTS);

const Names = Type.Array(Type.String());

export const EntitiesSchema = Type.Object({
  products: Names,
  organisations: Names,
  people: Names,
  /** Hashtags without '#', lower-cased. */
  hashtags: Names,
  /** @handles without '@'. */
  handles: Names,
});
export interface Entities extends Static<typeof EntitiesSchema> {}

/** The triage verdict for one text; the same shape whichever provider produced it. */
export const AnalysisResultSchema = Type.Object({
  category: CategorySchema,
  sentiment: SentimentSchema,
  sentimentScore: Type.Number({ minimum: -1, maximum: 1 }),
  urgency: Type.Integer({ minimum: 0, maximum: 5 }),
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  /** Lower-case kebab-case. */
  tags: Type.Array(Type.String(), { maxItems: 8 }),
  entities: EntitiesSchema,
  /** Names the rules that fired. */
  reasoning: Type.String({ maxLength: 400 }),
});
export interface AnalysisResult extends Static<typeof AnalysisResultSchema> {}

const compileResult = () => Compile(AnalysisResultSchema);
let resultValidator: ReturnType<typeof compileResult> | undefined;
/** True when `value` is a valid verdict (a cached one is checked when read, never cast); compiled on first use. */
export const isAnalysisResult = (value: unknown): value is AnalysisResult => (resultValidator ??= compileResult()).Check(value);

/** Who made a verdict, and what it cost. */
export const ProvenanceSchema = Type.Object({
  provider: Type.String(),
  model: Type.String(),
  promptVersion: Type.String(),
  tokensIn: Type.Integer({ minimum: 0 }),
  tokensOut: Type.Integer({ minimum: 0 }),
  costUsd: Type.Number({ minimum: 0 }),
  /** True when the heuristic stood in for a failing provider. */
  fallback: Type.Boolean(),
});
export interface Provenance extends Static<typeof ProvenanceSchema> {}

/** A stored analysis of an item's content at a given content hash. */
export const AnalysisSchema = Type.Object({
  itemId: Type.Integer(),
  contentHash: Type.String(),
  ...AnalysisResultSchema.properties,
  ...ProvenanceSchema.properties,
  /** ISO-8601 UTC. */
  analyzedAt: Type.String(),
});
export interface Analysis extends Static<typeof AnalysisSchema> {}

// The detail shows the whole analysis but its content hash and its cost, and who wrote the text.
const { contentHash: _hash, tokensIn: _in, tokensOut: _out, costUsd: _cost, ...shown } = AnalysisSchema.properties;

/** What the dashboard's signal detail shows beyond the signal itself: the full analysis (`GET /dashboard/signals/:id/analysis`). */
export const AnalysisDetailSchema = wire(Type.Object({ ...shown, authorName: nullable(Type.String()), authorFollowers: nullable(Type.Integer()) }));
export interface AnalysisDetail extends Static<typeof AnalysisDetailSchema> {}
