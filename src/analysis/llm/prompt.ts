import { createHash } from 'node:crypto';
import { CATEGORIES, SENTIMENTS, TOPIC_TAGS } from '../../domain/analysis.js';

/** Bump when the prompt or the reply schema changes: cached verdicts of older versions are not reused. */
export const PROMPT_VERSION = 'triage-2026-12-v4';

/** The prompt version when the reply also names a topic of the taxonomy (issue 16, ADR 0024). */
export const TOPIC_PROMPT_VERSION = 'triage-2026-12-v4-topics';

/** The version a verdict is cached under: with topics, it names the taxonomy too, so a renamed topic is never served from the cache. */
export const promptVersionFor = (topics: readonly string[]): string =>
  topics.length === 0 ? PROMPT_VERSION : `${TOPIC_PROMPT_VERSION}-${createHash('sha256').update(topics.join('\n')).digest('hex').slice(0, 8)}`;

/** What the team told us about itself (config `analysis.*`). */
export interface TeamContext {
  products: readonly string[];
  competitors: readonly string[];
  /** Other spellings of a product or competitor (`analysis.aliases`: name → aliases); none when absent. */
  aliases?: Readonly<Record<string, readonly string[]>>;
  organisations: readonly string[];
  whatMatters: string;
  /** The research taxonomy's topic names, when topics are enabled: the prompt then asks for a `topic` (issue 16). */
  researchTopics?: readonly string[];
}

/** One item as the model sees it: a short request-local id, never our database id. */
export interface PromptItem {
  id: string;
  title?: string | null;
  text: string;
}

export const TOOL_NAME = 'record_triage';

const strArray = { type: 'array', items: { type: 'string' } } as const;

/**
 * The reply schema, strict-mode compatible (every property required, no extra properties). Ranges
 * (urgency 0–5, scores in [-1, 1]) are checked by our own validation, since strict modes do not
 * all support numeric bounds.
 */
export const REPLY_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['items'],
  properties: {
    items: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'category', 'sentiment', 'sentimentScore', 'urgency', 'confidence', 'tags', 'entities', 'reasoning'],
        properties: {
          id: { type: 'string' },
          category: { type: 'string', enum: [...CATEGORIES] },
          sentiment: { type: 'string', enum: [...SENTIMENTS] },
          sentimentScore: { type: 'number' },
          urgency: { type: 'integer' },
          confidence: { type: 'number' },
          tags: strArray,
          entities: {
            type: 'object',
            additionalProperties: false,
            required: ['products', 'organisations', 'people'],
            properties: { products: strArray, organisations: strArray, people: strArray },
          },
          reasoning: { type: 'string' },
        },
      },
    },
  },
} as const;

const TAXONOMY = `Categories (exactly one per item):
- outage: the service is down, unreachable or failing for many users
- security: an incident, vulnerability or threat (breach, leaked credentials, account takeover,
  phishing, malware); research or announcements that merely mention security are research or other
- bug: something specific is broken or wrong
- feature_request: asks for a capability or change
- churn_risk: the author is leaving, cancelling, or threatening to
- competitor: mainly about a competitor (comparison, switching to or from them)
- question: asks how to do something
- complaint: unhappy with price, support, policy or experience, without a specific defect
- praise: happy, thankful, recommending
- research: papers, studies, benchmarks, technical analysis
- other: none of the above`;

const RULES = `Reply with JSON only: {"items":[…]}, one entry per input item, with the same "id".
Fields: category (above); sentiment positive|neutral|negative and sentimentScore in [-1, 1];
urgency integer 0 (none) to 5 (act now); confidence in [0, 1]; tags: up to 8 short lower-case
kebab-case topics saying what the item is about, whatever its category, taken first from
${TOPIC_TAGS.join(', ')}
(security covers vulnerabilities, breaches, hacked accounts, phishing, malware, 2FA, PIN, app
lock, fingerprint, encryption and app permissions; an item of category security always carries
the security tag); entities: products, organisations and people named in the text; reasoning:
one sentence, at most 200 characters. Never invent ids; never add fields.`;

const EXAMPLES = `Examples
input: {"id":"a","text":"Is the app down for anyone else? Can't log in since 9am #outage"}
output: {"id":"a","category":"outage","sentiment":"negative","sentimentScore":-0.6,"urgency":5,"confidence":0.9,"tags":["login","outage"],"entities":{"products":[],"organisations":[],"people":[]},"reasoning":"Several users cannot log in: service unavailable."}
input: {"id":"b","text":"Would love a dark mode in the mobile app"}
output: {"id":"b","category":"feature_request","sentiment":"positive","sentimentScore":0.3,"urgency":1,"confidence":0.85,"tags":["dark-mode","mobile"],"entities":{"products":[],"organisations":[],"people":[]},"reasoning":"Asks for a new capability (dark mode)."}`;

const list = (xs: readonly string[]): string => (xs.length > 0 ? xs.join(', ') : '(none given)');

/** Names with their other spellings: "Brindlepost (also written Brindle)". */
const spelled = (names: readonly string[], aliases: TeamContext['aliases']): string[] =>
  names.map((n) => (aliases?.[n]?.length ? `${n} (also written ${aliases[n].join(', ')})` : n));

/** The team's context: its names with their spellings, and how the reply should write them. */
const teamContext = (ctx: TeamContext): string =>
  `Team context. Our products: ${list(spelled(ctx.products, ctx.aliases))}. Competitors: ${list(spelled(ctx.competitors, ctx.aliases))}. Organisations we track: ${list(ctx.organisations)}.` +
  (ctx.products.length + ctx.competitors.length > 0 ? ' In entities.products, write each of our products and competitors a text names by the name given here, whichever spelling the text uses.' : '') +
  (ctx.whatMatters.trim() ? ` What matters to us: ${ctx.whatMatters.trim()}` : '');

/** The research topics' part of the prompt, only when the taxonomy is given. */
const topicRules = (topics: readonly string[]): string =>
  `Research topics (field "topic": exactly one of these names when the item is about it, else null): ${topics.join(', ')}`;

/** The system prompt: taxonomy, rules, the team's context and few-shot examples; `topics` adds the research taxonomy's names. */
export const systemPrompt = (ctx: TeamContext, topics: readonly string[] = ctx.researchTopics ?? []): string =>
  [
    'You triage social media posts, reviews and papers for a product team. Classify every item.',
    TAXONOMY,
    RULES,
    ...(topics.length > 0 ? [topicRules(topics)] : []),
    teamContext(ctx),
    EXAMPLES,
  ].join('\n\n');

/** The reply schema with a required `topic` (one of `topics` or null) per item; without topics, REPLY_JSON_SCHEMA. */
export const replySchema = (topics: readonly string[]): Record<string, unknown> => {
  if (topics.length === 0) return REPLY_JSON_SCHEMA;
  const item = REPLY_JSON_SCHEMA.properties.items.items;
  const topic = { type: ['string', 'null'], enum: [...topics, null] };
  return {
    ...REPLY_JSON_SCHEMA,
    properties: { items: { type: 'array', items: { ...item, required: [...item.required, 'topic'], properties: { ...item.properties, topic } } } },
  };
};

/** The user message: the items as JSON, each text cut to `maxChars`. */
export const userPrompt = (items: readonly PromptItem[], maxChars: number): string =>
  JSON.stringify({
    items: items.map((it) => ({ id: it.id, ...(it.title ? { title: it.title.slice(0, maxChars) } : {}), text: it.text.slice(0, maxChars) })),
  });
