import { z } from 'zod';
import { CATEGORIES, SENTIMENTS, type AnalysisResult } from '../../domain/analysis.js';
import { kebab, MAX_TAGS } from '../heuristic/tags.rules.js';

const names = z.array(z.string()).max(50);

/** One item of a reply: the closed taxonomy and ranges of SPEC 2.2. */
const replyItemSchema = z.object({
  id: z.string().min(1),
  category: z.enum(CATEGORIES),
  sentiment: z.enum(SENTIMENTS),
  sentimentScore: z.number().min(-1).max(1),
  urgency: z.number().int().min(0).max(5),
  confidence: z.number().min(0).max(1),
  tags: z.array(z.string()).max(50),
  entities: z.object({ products: names, organisations: names, people: names }),
  reasoning: z.string(),
  /** A research topic of the taxonomy (issue 16): optional, and anything but a known name is dropped, not an error. */
  topic: z.unknown().optional(),
});

export interface ParsedReply {
  /** Valid verdicts by request-local id. */
  results: Map<string, AnalysisResult>;
  /** Expected ids the reply did not answer validly (absent, or with labels/values outside the schema). */
  rejected: Map<string, string>;
  /** The research topic of each valid verdict (null: none, or a name outside the taxonomy); empty when no taxonomy was given. */
  topics: Map<string, string | null>;
}

/** The reply's topic when it is one of the taxonomy's names (trimmed, case as the taxonomy writes it), else null. */
export const pickTopic = (topic: unknown, taxonomy: ReadonlyMap<string, string>): string | null =>
  typeof topic === 'string' ? (taxonomy.get(topic.trim().toLowerCase()) ?? null) : null;

/** The taxonomy's names keyed by their lower-case form, for `pickTopic`. */
export const topicIndex = (names: readonly string[]): ReadonlyMap<string, string> => new Map(names.map((n) => [n.toLowerCase(), n]));

/** Our products' and competitors' names keyed by the lower-case form of each name and alias, for `canonicalNames`. */
export const nameIndex = (team: { products: readonly string[]; competitors: readonly string[]; aliases?: Readonly<Record<string, readonly string[]>> }): ReadonlyMap<string, string> => {
  const index = new Map<string, string>();
  for (const name of [...team.products, ...team.competitors]) {
    for (const spelling of [name, ...(team.aliases?.[name] ?? [])]) if (!index.has(spelling.trim().toLowerCase())) index.set(spelling.trim().toLowerCase(), name);
  }
  return index;
};

/**
 * A verdict's entities with our products and competitors under their configured names: a product
 * the reply wrote by an alias or in another case becomes the name (incident keys and stories read
 * names), and one it listed as an organisation moves to products, where the heuristic puts them.
 */
export const canonicalNames = (result: AnalysisResult, index: ReadonlyMap<string, string>): AnalysisResult => {
  if (index.size === 0) return result;
  const ours = (x: string): string | undefined => index.get(x.trim().toLowerCase());
  const { products, organisations } = result.entities;
  return {
    ...result,
    entities: {
      ...result.entities,
      products: [...new Set([...products, ...organisations.filter((o) => ours(o) !== undefined)].map((p) => ours(p) ?? p))],
      organisations: organisations.filter((o) => ours(o) === undefined),
    },
  };
};

const HASHTAG = /(?:^|[^\p{L}\p{N}_])#([\p{L}\p{N}_]{1,60})/gu;
const HANDLE = /(?:^|[^\p{L}\p{N}_@])@([A-Za-z0-9_]{1,30})/gu;

/** Hashtags and @handles come from the text itself, not from the model. */
const textEntities = (text: string): { hashtags: string[]; handles: string[] } => ({
  hashtags: [...new Set([...text.matchAll(HASHTAG)].map((m) => (m[1] ?? '').toLowerCase()))],
  handles: [...new Set([...text.matchAll(HANDLE)].map((m) => m[1] ?? ''))],
});

const clean = (xs: readonly string[]): string[] => [...new Set(xs.map((x) => x.trim()).filter((x) => x.length > 0 && x.length <= 200))];

const toResult = (r: z.infer<typeof replyItemSchema>, text: string): AnalysisResult => ({
  category: r.category,
  sentiment: r.sentiment,
  sentimentScore: r.sentimentScore,
  urgency: r.urgency,
  confidence: r.confidence,
  tags: [...new Set(r.tags.map(kebab).filter((t) => t !== ''))].slice(0, MAX_TAGS),
  entities: { products: clean(r.entities.products), organisations: clean(r.entities.organisations), people: clean(r.entities.people), ...textEntities(text) },
  reasoning: r.reasoning.trim().slice(0, 400),
});

/** A body that is not JSON, not an object, or has no `items` array: the whole reply is unusable. */
export class MalformedReplyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MalformedReplyError';
  }
}

const asObject = (content: unknown): unknown => {
  if (typeof content !== 'string') return content;
  const s = content.trim().replace(/^```(?:json)?\s*/i, '').replace(/\s*```$/, '');
  try {
    return JSON.parse(s) as unknown;
  } catch (err) {
    throw new MalformedReplyError(`reply is not valid JSON (${(err as Error).message.slice(0, 120)})`);
  }
};

/**
 * Validates a reply (a JSON string or an already-parsed object) against the expected items. The
 * model's output is untrusted: each item is checked on its own, so one bad entry costs a retry of
 * that item only. Unknown and duplicate ids are ignored.
 */
export const parseReply = (content: unknown, expected: ReadonlyMap<string, string>, taxonomy: ReadonlyMap<string, string> = new Map()): ParsedReply => {
  const body = asObject(content);
  const items = (body as { items?: unknown } | null)?.items;
  if (typeof body !== 'object' || body === null || !Array.isArray(items)) throw new MalformedReplyError('reply has no "items" array');
  const results = new Map<string, AnalysisResult>();
  const rejected = new Map<string, string>();
  const topics = new Map<string, string | null>();
  for (const raw of items) {
    const id = (raw as { id?: unknown } | null)?.id;
    const key = typeof id === 'number' ? String(id) : id;
    if (typeof key !== 'string' || !expected.has(key) || results.has(key)) continue;
    const parsed = replyItemSchema.safeParse({ ...(raw as object), id: key });
    if (parsed.success) {
      results.set(key, toResult(parsed.data, expected.get(key) ?? ''));
      if (taxonomy.size > 0) topics.set(key, pickTopic(parsed.data.topic, taxonomy));
      rejected.delete(key);
    } else {
      rejected.set(key, parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ').slice(0, 300));
    }
  }
  for (const id of expected.keys()) if (!results.has(id) && !rejected.has(id)) rejected.set(id, 'missing from the reply');
  return { results, rejected, topics };
};
