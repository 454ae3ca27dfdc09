import type { Kysely, RawBuilder, Selectable } from 'kysely';
import type { Item, SourceName } from '../../domain/item.js';
import { safeHttpUrl } from '../../domain/item.sanitize.js';
import type { AnalysisCandidate } from '../store.port.js';
import type { Database, ItemsTable } from './tables.js';


/** Parses JSON we wrote ourselves; a corrupt cell degrades to the fallback instead of failing a run. */
export const parseJson = <T>(text: string | null | undefined, fallback: T): T => {
  if (text === null || text === undefined) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
};

export const toItem = (r: Selectable<ItemsTable>): Item => ({
  id: Number(r.id),
  source: r.source as SourceName,
  externalId: r.external_id,
  // Rows stored before the fetch boundary dropped them may hold javascript:/data: links: never served.
  url: safeHttpUrl(r.url),
  author: { id: r.author_id, handle: r.author_handle, name: r.author_name, followers: r.author_followers === null ? null : Number(r.author_followers) },
  title: r.title,
  text: r.text,
  lang: r.lang,
  createdAt: r.created_at,
  fetchedAt: r.fetched_at,
  metrics: { likes: Number(r.likes), reposts: Number(r.reposts), replies: Number(r.replies), quotes: Number(r.quotes), views: Number(r.views) },
  queries: parseJson<string[]>(r.queries, []),
  contentHash: r.content_hash,
  raw: parseJson<unknown>(r.raw, null),
});

/** What analysis reads of an item (`AnalysisCandidate`): pending items and fallback retries select these. */
export const CANDIDATE_COLUMNS = ['i.id', 'i.source', 'i.external_id', 'i.title', 'i.text', 'i.lang', 'i.content_hash'] as const;

export const toCandidate = (r: Pick<Selectable<ItemsTable>, 'id' | 'source' | 'external_id' | 'title' | 'text' | 'lang' | 'content_hash'>): AnalysisCandidate => ({
  id: Number(r.id),
  source: r.source as SourceName,
  externalId: r.external_id,
  title: r.title,
  text: r.text,
  lang: r.lang,
  contentHash: r.content_hash,
});

/** Rows per value of `column` (`{ demo: 120, x: 4 }`), of those `where` holds for when given (it refers to the table by its name). */
export const countBy = async (
  db: Kysely<Database>,
  table: 'items' | 'analyses' | 'notifications',
  column: 'source' | 'category' | 'sentiment' | 'status' | 'triage',
  where?: RawBuilder<boolean>,
): Promise<Record<string, number>> => {
  const rows = await db
    .selectFrom(table)
    .select((eb) => [eb.ref(column as never).as('key'), eb.fn.countAll<number>().as('n')])
    .$if(where !== undefined, (qb) => qb.where(where as RawBuilder<boolean>))
    .groupBy(column as never)
    .execute();
  return Object.fromEntries(rows.map((r) => [String((r as { key: unknown }).key), Number(r.n)]));
};
