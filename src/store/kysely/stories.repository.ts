/*
 * Stories in the store (ADR 0023): the assigner's state (story-state.repository.ts), story scores,
 * and the story reads of the CLI, the API and the metrics.
 */
import { sql, type Kysely } from 'kysely';
import type { SourceName } from '../../domain/item.js';
import type { StoriesRepository, StoryBreakdown, StoryDetail, StoryListQuery, StoryMember, StoryRow } from '../stories.port.js';
import { mutedCondition, storyMuted } from './mute-filter.js';
import { parseJson } from './rows.js';
import { loadStoryState, saveStoryBatch, selectDocumentFrequencies, selectPendingStoryItems } from './story-state.repository.js';
import type { Database } from './tables.js';

type StoryFilters = Omit<StoryListQuery, 'limit' | 'offset'>;

const likePattern = (word: string): string => `%${word.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export const filteredStories = (db: Kysely<Database>, q: StoryFilters) => {
  let query = db.selectFrom('stories as st').leftJoin('items as lead', 'lead.id', 'st.lead_item_id').where('st.merged_into', 'is', null).where('st.size', '>', 0);
  if (q.since !== undefined) query = query.where('st.last_created_at', '>=', q.since);
  if (q.minSize !== undefined) query = query.where('st.size', '>=', q.minSize);
  if (q.minSalience !== undefined) query = query.where('st.salience', '>=', q.minSalience);
  if (q.source !== undefined) {
    const source = q.source;
    query = query.where(({ exists, selectFrom }) =>
      exists(selectFrom('story_members as m').innerJoin('items as i', 'i.id', 'm.item_id').select('m.item_id').whereRef('m.story_id', '=', 'st.id').where('i.source', '=', source)),
    );
  }
  if (q.mutes !== undefined) query = query.where(mutedCondition(storyMuted('st', 'lead', q.mutes.rules), q.mutes.view));
  for (const word of (q.search ?? '').split(/[^\p{L}\p{N}]+/u).filter(Boolean).slice(0, 8)) {
    const pattern = likePattern(word);
    query = query.where(({ exists, selectFrom, or, eb }) =>
      exists(
        selectFrom('story_members as m')
          .innerJoin('items as i', 'i.id', 'm.item_id')
          .select('m.item_id')
          .whereRef('m.story_id', '=', 'st.id')
          .where(or([eb(sql`lower(coalesce(i.title, ''))`, 'like', sql`${pattern} escape '\\'`), eb(sql`lower(i.text)`, 'like', sql`${pattern} escape '\\'`)])),
      ),
    );
  }
  return query;
};

export const STORY_COLUMNS = ['st.id', 'st.size', 'st.sources', 'st.authors', 'st.first_created_at', 'st.last_created_at', 'st.salience', 'st.breakdown', 'st.lead_item_id', 'lead.title', 'lead.text'] as const;

export interface StoryColumns {
  id: number;
  size: number;
  sources: string;
  authors: number;
  first_created_at: string | null;
  last_created_at: string | null;
  salience: number | null;
  breakdown: string | null;
  lead_item_id: number | null;
  title: string | null;
  text: string | null;
}

const headline = (title: string | null, text: string | null): string => {
  const t = (title ?? '').trim() || (text ?? '').trim().replace(/\s+/g, ' ');
  return t.length > 140 ? `${t.slice(0, 139)}…` : t;
};

export const toStoryRow = (r: StoryColumns): StoryRow => ({
  id: Number(r.id),
  title: headline(r.title, r.text),
  leadItemId: Number(r.lead_item_id ?? r.id),
  size: Number(r.size),
  sources: parseJson<SourceName[]>(r.sources, []),
  authors: Number(r.authors),
  firstAt: r.first_created_at ?? '',
  lastAt: r.last_created_at ?? '',
  salience: r.salience === null ? null : Number(r.salience),
  breakdown: r.breakdown === null ? null : parseJson<StoryBreakdown | null>(r.breakdown, null),
});

export const rootOf = async (db: Kysely<Database>, id: number): Promise<number | undefined> => {
  let current = id;
  for (let hops = 0; hops < 1000; hops++) {
    const row = await db.selectFrom('stories').select(['merged_into']).where('id', '=', current).executeTakeFirst();
    if (!row) return undefined;
    if (row.merged_into === null) return current;
    current = Number(row.merged_into);
  }
  return undefined;
};

const members = async (db: Kysely<Database>, storyId: number, limit: number): Promise<StoryMember[]> => {
  const rows = await db
    .selectFrom('story_members as m')
    .innerJoin('items as i', 'i.id', 'm.item_id')
    .leftJoin('scores as s', 's.item_id', 'i.id')
    .select(['i.id', 'i.source', 'i.title', 'i.text', 'i.url', 'i.author_handle', 'i.author_name', 'i.created_at', 's.salience', 'm.via'])
    .where('m.story_id', '=', storyId)
    .orderBy('i.created_at', 'desc')
    .orderBy('i.id', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    itemId: Number(r.id), source: r.source as SourceName, title: r.title, text: r.text, url: r.url, author: r.author_handle ?? r.author_name,
    createdAt: r.created_at, salience: r.salience === null ? null : Number(r.salience), via: r.via,
  }));
};

const timeline = async (db: Kysely<Database>, storyId: number): Promise<StoryDetail['timeline']> => {
  const hour = sql<string>`substr(i.created_at, 1, 13)`;
  const rows = await db
    .selectFrom('story_members as m')
    .innerJoin('items as i', 'i.id', 'm.item_id')
    .select([hour.as('hour'), (eb) => eb.fn.countAll<number>().as('n')])
    .where('m.story_id', '=', storyId)
    .groupBy(hour)
    .orderBy(hour)
    .execute();
  return rows.map((r) => ({ hour: `${r.hour}:00:00.000Z`, count: Number(r.n) }));
};

export const createStoriesRepository = (db: Kysely<Database>): StoriesRepository => ({
  pendingItems: (limit) => selectPendingStoryItems(db, limit),
  loadState: (limits) => loadStoryState(db, limits),
  documentFrequencies: (terms) => selectDocumentFrequencies(db, terms),
  saveBatch: (w) => saveStoryBatch(db, w),

  async scoringInputs({ since, recentSince, scoredBefore }) {
    const rows = await db
      .selectFrom('stories as st')
      .innerJoin('story_members as m', 'm.story_id', 'st.id')
      .innerJoin('items as i', 'i.id', 'm.item_id')
      .leftJoin('scores as s', 's.item_id', 'i.id')
      .select([
        'st.id',
        (eb) => eb.fn.max(eb.fn.coalesce('s.salience', eb.val(0))).as('loudest'),
        (eb) => eb.fn.countAll<number>().as('members'),
        (eb) => eb.fn.count<number>('i.source').distinct().as('sources'),
        (eb) => eb.fn.count<number>('i.author_handle').distinct().as('authors'),
        (eb) => eb.fn.sum<number>(eb.case().when('i.created_at', '>=', recentSince).then(1).else(0).end()).as('recent'),
      ])
      .where('st.merged_into', 'is', null)
      .where(({ or, eb }) =>
        or([
          eb('st.last_created_at', '>=', since),
          eb('st.scored_at', 'is', null),
          eb('st.scored_at', '<', eb.ref('st.updated_at')),
          eb('st.scored_at', '<', scoredBefore),
        ]),
      )
      .groupBy('st.id')
      .orderBy('st.id')
      .execute();
    return rows.map((r) => ({ id: Number(r.id), loudest: Number(r.loudest ?? 0), members: Number(r.members), sources: Number(r.sources), authors: Number(r.authors), recent: Number(r.recent ?? 0) }));
  },
  async saveScores(rows, at) {
    if (rows.length === 0) return;
    await db.transaction().execute(async (trx) => {
      for (const r of rows) {
        const lead = await trx
          .selectFrom('story_members as m')
          .innerJoin('scores as s', 's.item_id', 'm.item_id')
          .select('m.item_id')
          .where('m.story_id', '=', r.id)
          .orderBy('s.salience', 'desc')
          .orderBy('m.item_id')
          .limit(1)
          .executeTakeFirst();
        await trx
          .updateTable('stories')
          .set({ salience: r.salience, breakdown: JSON.stringify(r.breakdown), scored_at: at, ...(lead ? { lead_item_id: Number(lead.item_id) } : {}) })
          .where('id', '=', r.id)
          .execute();
      }
    });
  },

  async list(q) {
    const rows = await filteredStories(db, q)
      .select(STORY_COLUMNS)
      .orderBy(sql`coalesce(st.salience, -1)`, 'desc')
      .orderBy('st.last_created_at', 'desc')
      .orderBy('st.id', 'desc')
      .limit(q.limit)
      .offset(q.offset)
      .execute();
    return rows.map((r) => toStoryRow(r as StoryColumns));
  },
  async count(q) {
    const r = await filteredStories(db, q).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  },
  async get(id, memberLimit) {
    const root = await rootOf(db, id);
    if (root === undefined) return undefined;
    const row = await filteredStories(db, {}).select(STORY_COLUMNS).where('st.id', '=', root).executeTakeFirst();
    if (!row) return undefined;
    if (memberLimit === 0) return { ...toStoryRow(row as StoryColumns), members: [], timeline: [] };
    return { ...toStoryRow(row as StoryColumns), members: await members(db, root, memberLimit), timeline: await timeline(db, root) };
  },
  async storyOfItem(itemId) {
    const r = await db.selectFrom('story_members').select('story_id').where('item_id', '=', itemId).executeTakeFirst();
    return r ? Number(r.story_id) : undefined;
  },
  async openCount(since) {
    const r = await filteredStories(db, { since }).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(r.n);
  },
  async sizes(since) {
    const rows = await filteredStories(db, { since }).select('st.size').execute();
    return rows.map((r) => Number(r.size));
  },
});
