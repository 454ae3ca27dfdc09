import type { Kysely } from 'kysely';
import type { EntityKind } from '../../entities/normalize.js';
import { normalizeName } from '../../entities/normalize.js';
import type { EntitiesRepository, EntityMergeRow, EntityRow } from '../entities.port.js';
import type { Database } from './tables.js';

type Reads = Pick<EntitiesRepository, 'list' | 'get' | 'ofItems' | 'unmerge'>;

interface Agg {
  n: number;
  first: string | null;
  last: string | null;
}

/** Items, first and last seen of canonical entities (their own links and those of entities merged into them). */
const aggregates = async (db: Kysely<Database>, canonicalIds?: readonly number[]): Promise<Map<number, Agg>> => {
  let q = db
    .selectFrom('item_entities')
    .innerJoin('entities', 'entities.id', 'item_entities.entity_id')
    .select((eb) => [
      eb.fn.coalesce('entities.merged_into', 'entities.id').as('cid'),
      eb.fn.count<number>('item_entities.item_id').distinct().as('n'),
      eb.fn.min('item_entities.created_at').as('first'),
      eb.fn.max('item_entities.created_at').as('last'),
    ])
    .groupBy((eb) => eb.fn.coalesce('entities.merged_into', 'entities.id'));
  if (canonicalIds) q = q.where((eb) => eb.or([eb('entities.id', 'in', canonicalIds), eb('entities.merged_into', 'in', canonicalIds)]));
  const rows = await q.execute();
  return new Map(rows.map((r) => [Number(r.cid), { n: Number(r.n), first: r.first ?? null, last: r.last ?? null }]));
};

const toMerge = (r: { id: number; from_id: number; into_id: number; name: string; namespace: string; reason: string; evidence: string; created_at: string; undone_at: string | null }): EntityMergeRow => ({
  id: Number(r.id),
  fromId: Number(r.from_id),
  intoId: Number(r.into_id),
  name: r.name,
  namespace: r.namespace,
  reason: r.reason,
  evidence: r.evidence,
  createdAt: r.created_at,
  undoneAt: r.undone_at,
});

/** The group of an entity: itself and every entity merged into it. */
const groupIds = async (db: Kysely<Database>, id: number): Promise<number[]> => {
  const rows = await db.selectFrom('entities').select('id').where('merged_into', '=', id).execute();
  return [id, ...rows.map((r) => Number(r.id))];
};

/** Entities' reads and the undo of a merge. */
export const createEntityReads = (db: Kysely<Database>): Reads => ({
  async list(q) {
    let base = db.selectFrom('entities').where('merged_into', 'is', null);
    if (q.kind) base = base.where('kind', '=', q.kind);
    const norm = q.name === undefined ? '' : normalizeName(q.name);
    if (norm !== '') base = base.where('norm', 'like', `%${norm.replace(/[%_\\]/g, '')}%`);
    const candidates = await base.select(['id', 'kind', 'name', 'namespace', 'profile_url']).execute();
    const agg = await aggregates(db);
    const rows: EntityRow[] = candidates
      .map((c) => {
        const a = agg.get(Number(c.id));
        return { id: Number(c.id), kind: c.kind as EntityKind, name: c.name, namespace: c.namespace, profileUrl: c.profile_url, items: a?.n ?? 0, firstSeen: a?.first ?? null, lastSeen: a?.last ?? null };
      })
      .filter((r) => r.items > 0)
      .sort((a, b) => b.items - a.items || a.id - b.id);
    return { entities: rows.slice(q.offset, q.offset + q.limit), total: rows.length };
  },

  async get(id, itemLimit) {
    const e = await db.selectFrom('entities').selectAll().where('id', '=', id).executeTakeFirst();
    if (!e) return undefined;
    const ids = await groupIds(db, id);
    const a = (await aggregates(db, [id])).get(id);
    const sources = await db
      .selectFrom('item_entities')
      .innerJoin('items', 'items.id', 'item_entities.item_id')
      .select((eb) => ['items.source', eb.fn.count<number>('items.id').distinct().as('n')])
      .where('item_entities.entity_id', 'in', ids)
      .groupBy('items.source')
      .execute();
    const topics = await db
      .selectFrom('item_entities')
      .innerJoin('item_topics', 'item_topics.item_id', 'item_entities.item_id')
      .select((eb) => ['item_topics.top', eb.fn.count<number>('item_topics.item_id').distinct().as('n')])
      .where('item_entities.entity_id', 'in', ids)
      .where('item_topics.top', 'is not', null)
      .groupBy('item_topics.top')
      .execute();
    const recent = await db
      .selectFrom('item_entities')
      .innerJoin('items', 'items.id', 'item_entities.item_id')
      .leftJoin('item_topics', 'item_topics.item_id', 'items.id')
      .select(['items.id', 'items.source', 'items.title', 'items.text', 'items.url', 'items.created_at', 'item_entities.role', 'item_topics.top'])
      .where('item_entities.entity_id', 'in', ids)
      .orderBy('items.created_at', 'desc')
      .orderBy('items.id', 'desc')
      .limit(itemLimit * ids.length)
      .execute();
    const merged = await db
      .selectFrom('entity_merges')
      .innerJoin('entities', 'entities.id', 'entity_merges.from_id')
      .select(['entity_merges.id', 'entity_merges.from_id', 'entity_merges.into_id', 'entities.name', 'entities.namespace', 'entity_merges.reason', 'entity_merges.evidence', 'entity_merges.created_at', 'entity_merges.undone_at'])
      .where((eb) => eb.or([eb('entity_merges.into_id', '=', id), eb('entity_merges.from_id', '=', id)]))
      .orderBy('entity_merges.id')
      .execute();
    const seen = new Set<number>();
    return {
      id,
      kind: e.kind as EntityKind,
      name: e.name,
      namespace: e.namespace,
      profileUrl: e.profile_url,
      items: a?.n ?? 0,
      firstSeen: a?.first ?? null,
      lastSeen: a?.last ?? null,
      mergedInto: e.merged_into === null ? null : Number(e.merged_into),
      sources: sources.map((s) => ({ source: s.source, count: Number(s.n) })).sort((x, y) => y.count - x.count),
      topics: topics.map((t) => ({ topic: t.top as string, count: Number(t.n) })).sort((x, y) => y.count - x.count),
      merged: merged.map(toMerge),
      recent: recent
        .filter((r) => !seen.has(Number(r.id)) && seen.add(Number(r.id)))
        .slice(0, itemLimit)
        .map((r) => ({ id: Number(r.id), source: r.source, title: r.title, text: r.text, url: r.url, createdAt: r.created_at, role: r.role, topic: r.top ?? null })),
    };
  },

  async ofItems(itemIds) {
    const out = new Map<number, Array<{ id: number; kind: EntityKind; name: string; role: string }>>();
    if (itemIds.length === 0) return out;
    const rows = await db
      .selectFrom('item_entities')
      .innerJoin('entities as e', 'e.id', 'item_entities.entity_id')
      .leftJoin('entities as c', 'c.id', 'e.merged_into')
      .select(['item_entities.item_id', 'item_entities.role', 'e.id', 'e.kind', 'e.name', 'c.id as cid', 'c.name as cname'])
      .where('item_entities.item_id', 'in', [...itemIds])
      .orderBy('item_entities.item_id')
      .orderBy('e.id')
      .execute();
    for (const r of rows) {
      const list = out.get(Number(r.item_id)) ?? [];
      list.push({ id: Number(r.cid ?? r.id), kind: r.kind as EntityKind, name: r.cname ?? r.name, role: r.role });
      out.set(Number(r.item_id), list);
    }
    return out;
  },

  async unmerge(id, now) {
    return db.transaction().execute(async (trx) => {
      const e = await trx.selectFrom('entities').select(['merged_into']).where('id', '=', id).executeTakeFirst();
      if (!e || e.merged_into === null) return undefined;
      const m = await trx.selectFrom('entity_merges').select('id').where('from_id', '=', id).where('into_id', '=', e.merged_into).where('undone_at', 'is', null).orderBy('id', 'desc').executeTakeFirst();
      await trx.updateTable('entities').set({ merged_into: null }).where('id', '=', id).execute();
      if (m) await trx.updateTable('entity_merges').set({ undone_at: now }).where('id', '=', m.id).execute();
      const r = await trx
        .selectFrom('entity_merges')
        .innerJoin('entities', 'entities.id', 'entity_merges.from_id')
        .select(['entity_merges.id', 'entity_merges.from_id', 'entity_merges.into_id', 'entities.name', 'entities.namespace', 'entity_merges.reason', 'entity_merges.evidence', 'entity_merges.created_at', 'entity_merges.undone_at'])
        .where('entity_merges.from_id', '=', id)
        .orderBy('entity_merges.id', 'desc')
        .executeTakeFirst();
      return r ? toMerge(r) : undefined;
    });
  },
});
