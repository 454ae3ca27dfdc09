import { sql, type Kysely, type RawBuilder, type SelectQueryBuilder } from 'kysely';
import type { Category, Sentiment } from '../../domain/analysis.js';
import type { SignalStatus, SourceName, TriageState } from '../../domain/item.js';
import { safeHttpUrl } from '../../domain/item.sanitize.js';
import { isScored, type ManagedSignal, type ScoreBreakdown, type Signal } from '../../domain/signal.schema.js';
import type { SignalFilters } from '../signals.port.js';
import type { DialectName } from '../dialects/dialect.js';
import { itemsMuteView } from './mute-filter.js';
import { parseJson } from './rows.js';
import { searchCondition, type SearchDrive, type SearchScope } from './search.js';
import type { Database } from './tables.js';

/**
 * The one column selection and the one mapper of every signal read (lists, exports, the outbox,
 * the API's signals): a column added here and in `toSignal` reaches every path.
 */
export const SIGNAL_COLUMNS = [
  'i.id',
  'i.source',
  'i.external_id',
  'i.url',
  'i.author_handle',
  'i.author_name',
  'i.title',
  'i.text',
  'i.created_at',
  'i.updated_at',
  'i.status',
  'i.triage',
  'i.likes',
  'i.reposts',
  'i.replies',
  'i.quotes',
  'i.views',
  'a.category',
  'a.sentiment',
  'a.sentiment_score',
  'a.urgency',
  'a.confidence',
  'a.tags',
  'a.reasoning',
  's.salience',
  's.breakdown',
] as const;

/** items ⟕ analyses ⟕ scores: every signal, analysed and scored or not yet (the API's signals). */
export const allSignals = (db: Kysely<Database>) => db.selectFrom('items as i').leftJoin('analyses as a', 'a.item_id', 'i.id').leftJoin('scores as s', 's.item_id', 'i.id');

/** items ⋈ analyses ⋈ scores: analysed and scored signals only; callers add filters and order. */
export const scoredSignals = (db: Kysely<Database>) => db.selectFrom('items as i').innerJoin('analyses as a', 'a.item_id', 'i.id').innerJoin('scores as s', 's.item_id', 'i.id');

/** Signals with the one column selection, filters and order to add; the left join's row type is what `toSignal` reads. */
export const selectSignals = (db: Kysely<Database>) => allSignals(db).select(SIGNAL_COLUMNS);

type SignalColumns = Awaited<ReturnType<ReturnType<typeof selectSignals>['executeTakeFirstOrThrow']>>;

const numOrNull = (v: number | null): number | null => (v === null ? null : Number(v));

/** A row of `SIGNAL_COLUMNS` as a signal; the analysis and score fields are null until the pipeline ran. */
export const toSignal = (r: SignalColumns): ManagedSignal => ({
  id: Number(r.id),
  source: r.source as SourceName,
  externalId: r.external_id,
  // Rows stored before the fetch boundary dropped them may hold javascript:/data: links: never served.
  url: safeHttpUrl(r.url),
  authorHandle: r.author_handle,
  authorName: r.author_name,
  title: r.title,
  text: r.text,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  status: r.status as SignalStatus,
  triage: r.triage as TriageState,
  metrics: { likes: Number(r.likes), reposts: Number(r.reposts), replies: Number(r.replies), quotes: Number(r.quotes), views: Number(r.views) },
  category: r.category as Category | null,
  sentiment: r.sentiment as Sentiment | null,
  sentimentScore: numOrNull(r.sentiment_score),
  urgency: numOrNull(r.urgency),
  confidence: numOrNull(r.confidence),
  tags: r.tags === null ? null : parseJson<string[]>(r.tags, []),
  reasoning: r.reasoning,
  salience: numOrNull(r.salience),
  breakdown: r.breakdown === null ? null : parseJson<ScoreBreakdown>(r.breakdown, {} as ScoreBreakdown),
});

/** Rows of the inner join (`scoredSignals`) as signals: every one has its analysis and score. */
export const toScoredSignals = (rows: readonly SignalColumns[]): Signal[] => rows.map(toSignal).filter(isScored);

/** How a store searches (its dialect) and where (`SearchScope`). */
export interface SearchIn {
  dialect: DialectName;
  scope: SearchScope;
  /** SQLite's plan for the search (`matches` unless given). */
  drive?: SearchDrive;
}

/** The signal filters (item, analysis and score columns, on either join), each bound as a parameter and applied only when given. */
export const whereSignals = <DB, TB extends keyof DB, O>(query: SelectQueryBuilder<DB, TB, O>, f: SignalFilters, search: SearchIn): SelectQueryBuilder<DB, TB, O> => {
  const conditions: Array<RawBuilder<boolean>> = [];
  const equals = (column: string, value: string | undefined): void => {
    if (value !== undefined) conditions.push(sql<boolean>`${sql.ref(column)} = ${value}`);
  };
  equals('i.status', f.status);
  if (f.triage !== undefined && f.triage.length > 0) conditions.push(sql<boolean>`${sql.ref('i.triage')} in (${sql.join(f.triage)})`);
  equals('i.source', f.source);
  equals('a.category', f.category);
  equals('a.sentiment', f.sentiment);
  if (f.minSalience !== undefined) conditions.push(sql<boolean>`${sql.ref('s.salience')} >= ${f.minSalience}`);
  if (f.since !== undefined) conditions.push(sql<boolean>`${sql.ref('i.created_at')} >= ${f.since}`);
  const matches = f.search === undefined ? undefined : searchCondition(search.dialect, f.search, search.scope, search.drive);
  if (matches) conditions.push(matches);
  if (f.mutes !== undefined) conditions.push(itemsMuteView('i', f.mutes));
  return conditions.reduce((q, c) => q.where(c), query);
};
