import { Type, type Static, type TSchema } from 'typebox';
import { AnalysisResultSchema } from './analysis.schema.js';
import { SIGNAL_STATUSES, SOURCE_NAMES, TRIAGE_STATES } from './item.js';
import { nullable, pickProps, wire } from './schema-tools.js';

/**
 * A signal, defined once: an item with its triage status, its analysis and its score. The store's
 * row type, the API's response schemas, exports, the notification view and the dashboard's types
 * all derive from these schemas; docs/ARCHITECTURE.md has the recipe for adding a field.
 */

export const SourceSchema = Type.Enum(SOURCE_NAMES);
export const SignalStatusSchema = Type.Enum(SIGNAL_STATUSES);
export const TriageStateSchema = Type.Enum(TRIAGE_STATES);

/** Engagement numbers; each source maps its own counters onto these. */
export const MetricsSchema = Type.Object({
  likes: Type.Number(),
  reposts: Type.Number(),
  replies: Type.Number(),
  quotes: Type.Number(),
  views: Type.Number(),
});
export interface Metrics extends Static<typeof MetricsSchema> {}

/** Every intermediate value of the salience formula (SPEC 2.3), stored with the score. */
export const BreakdownSchema = Type.Object({
  raw: Type.Number(),
  metrics: Type.Number(),
  urgency: Type.Number(),
  urgencyPart: Type.Number(),
  base: Type.Number(),
  categoryBoost: Type.Number(),
  sentimentMultiplier: Type.Number(),
  ageHours: Type.Number(),
  recency: Type.Number(),
  /** The score before squashing (named when salience was a clamp). */
  unclamped: Type.Number(),
  cap: Type.Number(),
  /** Squashing knee as a fraction of cap (ADR 0021); absent on scores stored before it. */
  knee: Type.Optional(Type.Number()),
  /** The learned relevance model's verdict in [−1, 1] (ADR 0030); absent when the model is out of the ranking. */
  relevance: Type.Optional(Type.Number()),
  /** Points it adds to the sum beside urgency: feedback.weight · relevance. */
  relevancePart: Type.Optional(Type.Number()),
  /** "like 4 signals you marked relevant: …" */
  relevanceNote: Type.Optional(Type.String()),
});
export interface ScoreBreakdown extends Static<typeof BreakdownSchema> {}

const itemProps = {
  id: Type.Integer(),
  source: SourceSchema,
  externalId: Type.String(),
  url: nullable(Type.String()),
  /** The author's handle; the API calls it `author`. */
  authorHandle: nullable(Type.String()),
  authorName: nullable(Type.String()),
  title: nullable(Type.String()),
  text: Type.String(),
  /** ISO-8601 UTC. */
  createdAt: Type.String(),
  updatedAt: Type.String(),
  status: SignalStatusSchema,
  /** Triage state: new → acknowledged → resolved | ignored (`status` is kept for API compatibility). */
  triage: TriageStateSchema,
  metrics: MetricsSchema,
};

const { category, sentiment, sentimentScore, urgency, confidence, tags, reasoning } = AnalysisResultSchema.properties;
/** What the pipeline adds to an item: its analysis (entities and provenance aside) and its score. */
const pipelineProps = { category, sentiment, sentimentScore, urgency, confidence, tags, reasoning, salience: Type.Number(), breakdown: BreakdownSchema };

/** An analysed and scored signal: what lists, exports and notifications show. */
export const SignalSchema = Type.Object({ ...itemProps, ...pipelineProps });
export interface Signal extends Static<typeof SignalSchema> {}

type Nullables<P extends Record<string, TSchema>> = { [K in keyof P]: ReturnType<typeof nullable<P[K]>> };
const nullables = <P extends Record<string, TSchema>>(props: P): Nullables<P> =>
  Object.fromEntries(Object.entries(props).map(([k, v]) => [k, nullable(v)])) as Nullables<P>;

/** A signal as the API manages it: until the pipeline has run on it, no analysis and no score (null). */
export const ManagedSignalSchema = Type.Object({ ...itemProps, ...nullables(pipelineProps) });
export interface ManagedSignal extends Static<typeof ManagedSignalSchema> {}

/** True once the pipeline has analysed and scored the signal (the analysis and the score are written whole). */
export const isScored = (s: ManagedSignal): s is Signal => s.category !== null && s.salience !== null;

/** The API's fields are the earlier system's: the author's handle is `author`. */
const withAuthor = <T extends { authorHandle: unknown }>(s: T): T & { author: T['authorHandle'] } => ({ ...s, author: s.authorHandle });

/** `pickValues(withAuthor(s), fields)` in one pass (a view is made per row of every list). */
const view = <T extends { authorHandle: unknown }, K extends keyof T | 'author'>(s: T, fields: readonly K[]): Pick<T & { author: T['authorHandle'] }, K> => {
  const out: Record<string, unknown> = {};
  for (const k of fields) out[k as string] = k === 'author' ? s.authorHandle : s[k as keyof T];
  return out as Pick<T & { author: T['authorHandle'] }, K>;
};

const SIGNAL_BODY_FIELDS = ['id', 'source', 'externalId', 'url', 'author', 'title', 'text', 'createdAt', 'category', 'sentiment', 'sentimentScore', 'urgency', 'confidence', 'tags', 'salience', 'breakdown', 'metrics'] as const;

/** A scored signal in `GET /top`, `/items`, `/tweet/:id`, JSON exports and the CLI's `--json`. */
export const SignalBodySchema = wire(Type.Object(pickProps(withAuthor(SignalSchema.properties), SIGNAL_BODY_FIELDS)));
export interface SignalBody extends Static<typeof SignalBodySchema> {}
export const toSignalBody = (s: Signal): SignalBody => view(s, SIGNAL_BODY_FIELDS);

const MANAGED_BODY_FIELDS = ['id', 'source', 'externalId', 'url', 'author', 'title', 'text', 'createdAt', 'updatedAt', 'status', 'triage', 'metrics', 'category', 'sentiment', 'urgency', 'salience', 'tags', 'breakdown'] as const;

/** A signal in `GET /signals` and the dashboard: its status and triage state, and analysis and score or null. */
const managedBody = wire(Type.Object(pickProps(withAuthor(ManagedSignalSchema.properties), MANAGED_BODY_FIELDS)));
// Status and triage are documented with their values (they are input too: PATCH, bulk jobs).
export const ManagedSignalBodySchema = Type.Object({ ...managedBody.properties, status: SignalStatusSchema, triage: TriageStateSchema });
export interface ManagedSignalBody extends Static<typeof ManagedSignalBodySchema> {}
export const toManagedSignalBody = (s: ManagedSignal): ManagedSignalBody => view(s, MANAGED_BODY_FIELDS);

/** What a notification shows of a signal (Slack and the other channels). */
export type NotifiableSignal = Pick<
  Signal,
  'id' | 'source' | 'url' | 'authorHandle' | 'authorName' | 'title' | 'text' | 'createdAt' | 'category' | 'sentiment' | 'urgency' | 'salience' | 'reasoning' | 'tags' | 'metrics'
>;
