import { HTTP_URL_PATTERN } from '../../../domain/item.sanitize.js';
import { Type } from 'typebox';
import { MutedParam } from '../mutes/schema.js';
import { CategorySchema, SentimentSchema } from '../../../domain/analysis.schema.js';
import { nullable } from '../../../domain/schema-tools.js';
import { ManagedSignalBodySchema, SignalStatusSchema as SignalStatus, SourceSchema as Source, TriageStateSchema as TriageState } from '../../../domain/signal.schema.js';
import { SIGNAL_SORTS } from '../../../store/signals.port.js';
import { SignalStory } from '../stories/schema.js';

// Enums (not unions of literals) so the static types stay precise and Ajv names the allowed values.
export { SignalStatus, TriageState };

const Text = Type.String({ minLength: 1, maxLength: 20_000, pattern: '\\S', description: 'Must contain a non-space character.' });
const Title = nullable(Type.String({ maxLength: 500 }));

export const SignalsQuery = Type.Object(
  {
    page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    search: Type.Optional(Type.String({ maxLength: 200, description: 'Words of the text, title or author handle, every one required (the last also as a prefix), case-insensitive; punctuation only separates words; no words = no filter.' })),
    status: Type.Optional(SignalStatus),
    triage: Type.Optional(
      Type.Array(TriageState, { minItems: 1, maxItems: 4, description: 'Only signals in one of these triage states: comma-separated (`new,acknowledged`) or repeated.' }),
    ),
    source: Type.Optional(Source),
    category: Type.Optional(CategorySchema),
    sentiment: Type.Optional(SentimentSchema),
    minSalience: Type.Optional(Type.Number({ minimum: 0, maximum: 100, description: 'Only scored signals with at least this salience.' })),
    since: Type.Optional(Type.String({ format: 'date-time', description: 'Only signals created at or after this instant (ISO-8601).' })),
    sort: Type.Enum([...SIGNAL_SORTS], { default: 'createdAt' }),
    order: Type.Enum(['asc', 'desc'], { default: 'desc' }),
    muted: MutedParam,
  },
  { additionalProperties: false },
);

export const SignalParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

export const NewSignalBody = Type.Object(
  {
    text: Text,
    title: Type.Optional(Title),
    url: Type.Optional(nullable(Type.String({ maxLength: 2048, pattern: HTTP_URL_PATTERN, description: 'An http(s) URL.' }))),
    author: Type.Optional(nullable(Type.String({ maxLength: 200 }))),
    status: Type.Optional(SignalStatus),
    triage: Type.Optional(TriageState),
  },
  { additionalProperties: false },
);

export const SignalPatchBody = Type.Object(
  {
    status: Type.Optional(SignalStatus),
    triage: Type.Optional(TriageState),
    title: Type.Optional(Title),
    text: Type.Optional(Text),
    topics: Type.Optional(
      Type.Array(Type.String({ minLength: 1, maxLength: 100, pattern: '\\S' }), {
        minItems: 1,
        maxItems: 1,
        description: "The item's topic, as corrected by a person: it becomes the item's topic and a labelled example; the topic model retrains on the next pipeline run.",
      }),
    ),
  },
  { additionalProperties: false, minProperties: 1, description: 'At least one field; a title or text change queues re-analysis; `topics` corrects the item\'s topic.' },
);

/** A signal: the item, its triage status, and its analysis and score once the pipeline has run (else null). */
export const SignalAdmin = ManagedSignalBodySchema;

const ItemTopics = {
  topic: Type.Union([Type.String(), Type.Null()], { description: "The item's research topic by the topic model (or a person's correction); null when none." }),
  llmTopic: Type.Union([Type.String(), Type.Null()], { description: "The LLM's research topic of the item's current content, when an LLM provider analysed it with topics enabled; null otherwise." }),
};

/** `GET /signals/{id}`: the signal and the story it belongs to (ADR 0023). */
export const SignalWithStory = Type.Object({
  ...ManagedSignalBodySchema.properties,
  story: SignalStory,
  ...ItemTopics,
});

/** A row of `GET /signals`: the signal with the model's and the LLM's topic (issue 16). */
export const SignalListItem = Type.Object({ ...ManagedSignalBodySchema.properties, ...ItemTopics });

export const SignalPage = Type.Object({
  items: Type.Array(SignalListItem),
  total: Type.Integer(),
  page: Type.Integer(),
  pageSize: Type.Integer(),
});

export const SignalStatsQuery = Type.Object({ muted: MutedParam }, { additionalProperties: false });

export const SignalStats = Type.Object({
  total: Type.Integer(),
  active: Type.Integer(),
  paused: Type.Integer(),
  inactive: Type.Integer(),
  error: Type.Integer(),
  triage: Type.Object({ new: Type.Integer(), acknowledged: Type.Integer(), resolved: Type.Integer(), ignored: Type.Integer() }, { description: 'How many signals are in each triage state.' }),
});

/**
 * A `preValidation` hook: `?triage=new,acknowledged` (or repeated `triage=`) becomes an array before
 * the schema checks each value, so a bad value is named with the allowed ones.
 */
export const splitListParams =
  (...names: string[]) =>
  async (req: { query: unknown }): Promise<void> => {
    const query = req.query as Record<string, unknown>;
    for (const name of names) {
      const v = query[name];
      if (v === undefined) continue;
      const parts = (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter((x) => x !== '');
      query[name] = [...new Set(parts)];
    }
  };
