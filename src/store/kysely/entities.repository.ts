import type { Kysely, Transaction } from 'kysely';
import type { EntityMention } from '../../entities/extract.js';
import type { EntityKind } from '../../entities/normalize.js';
import { normalizeName } from '../../entities/normalize.js';
import type { EntitiesRepository, EntityBatchPolicy, ItemEntitiesWrite, MergeCandidate } from '../entities.port.js';
import { createEntityReads } from './entities-read.repository.js';
import { parseJson } from './rows.js';
import type { Database } from './tables.js';

const CHUNK = 400;
/** Roles that make an item its entity's own (prominence counts these). */
const OWN_ROLES = ['author', 'owner', 'contributor', 'subject'];

const chunks = <T>(xs: readonly T[]): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += CHUNK) out.push(xs.slice(i, i + CHUNK));
  return out;
};
const nsKey = (namespace: string, key: string): string => `${namespace}\u0000${key}`;

/** Inserts unseen entities (a known one keeps its name; a profile link fills in) and returns every id by (namespace, key). */
const upsertEntities = async (trx: Transaction<Database>, mentions: readonly EntityMention[], now: string): Promise<Map<string, number>> => {
  const distinct = new Map(mentions.map((m) => [nsKey(m.namespace, m.key), m]));
  for (const part of chunks([...distinct.values()])) {
    await trx
      .insertInto('entities')
      .values(part.map((m) => ({ namespace: m.namespace, key: m.key, kind: m.kind, name: m.name, norm: normalizeName(m.name), profile_url: m.profileUrl, merged_into: null, created_at: now })))
      .onConflict((oc) => oc.columns(['namespace', 'key']).doUpdateSet((eb) => ({ profile_url: eb.fn.coalesce('entities.profile_url', eb.ref('excluded.profile_url')) })))
      .execute();
  }
  const ids = new Map<string, number>();
  for (const part of chunks([...new Set([...distinct.values()].map((m) => m.key))])) {
    const rows = await trx.selectFrom('entities').select(['id', 'namespace', 'key']).where('key', 'in', part).execute();
    for (const r of rows) if (distinct.has(nsKey(r.namespace, r.key))) ids.set(nsKey(r.namespace, r.key), Number(r.id));
  }
  return ids;
};

/** Replaces the batch's items' links and marks them scanned. */
const writeLinks = async (trx: Transaction<Database>, rows: readonly ItemEntitiesWrite[], ids: Map<string, number>, now: string): Promise<number> => {
  const itemIds = rows.map((r) => r.itemId);
  for (const part of chunks(itemIds)) await trx.deleteFrom('item_entities').where('item_id', 'in', part).execute();
  const links = rows.flatMap((r) => {
    const seen = new Set<number>();
    return r.mentions.flatMap((m) => {
      const id = ids.get(nsKey(m.namespace, m.key));
      if (id === undefined || seen.has(id)) return [];
      seen.add(id);
      return [{ item_id: r.itemId, entity_id: id, role: m.role, created_at: r.createdAt }];
    });
  });
  for (const part of chunks(links)) await trx.insertInto('item_entities').values(part).execute();
  for (const part of chunks(rows)) {
    await trx
      .insertInto('entity_scans')
      .values(part.map((r) => ({ item_id: r.itemId, content_hash: r.contentHash, scanned_at: now })))
      .onConflict((oc) => oc.column('item_id').doUpdateSet((eb) => ({ content_hash: eb.ref('excluded.content_hash'), scanned_at: eb.ref('excluded.scanned_at') })))
      .execute();
  }
  return links.length;
};

/** Canonical entities sharing a normalised name with the touched ones, with their items' topics. */
const mergeCandidates = async (trx: Transaction<Database>, touched: readonly number[]): Promise<MergeCandidate[]> => {
  const norms = new Set<string>();
  for (const part of chunks(touched)) for (const r of await trx.selectFrom('entities').select('norm').where('id', 'in', part).where('merged_into', 'is', null).execute()) norms.add(r.norm);
  const out: MergeCandidate[] = [];
  for (const part of chunks([...norms])) {
    const rows = await trx.selectFrom('entities').select(['id', 'namespace', 'kind', 'norm', 'profile_url']).where('norm', 'in', part).where('merged_into', 'is', null).execute();
    for (const r of rows) out.push({ id: Number(r.id), namespace: r.namespace, kind: r.kind as EntityKind, norm: r.norm, profileUrl: r.profile_url, topics: new Set() });
  }
  const groups = new Map<string, MergeCandidate[]>();
  for (const c of out) groups.set(`${c.norm}\u0000${c.kind}`, [...(groups.get(`${c.norm}\u0000${c.kind}`) ?? []), c]);
  const inPlay = [...groups.values()].filter((g) => new Set(g.map((c) => c.namespace)).size > 1).flat();
  const byId = new Map(inPlay.map((c) => [c.id, c]));
  for (const part of chunks([...byId.keys()])) {
    const rows = await trx
      .selectFrom('item_entities')
      .innerJoin('item_topics', 'item_topics.item_id', 'item_entities.item_id')
      .select(['item_entities.entity_id', 'item_topics.top'])
      .distinct()
      .where('item_entities.entity_id', 'in', part)
      .where('item_topics.top', 'is not', null)
      .execute();
    for (const r of rows) (byId.get(Number(r.entity_id))?.topics as Set<string> | undefined)?.add(r.top as string);
  }
  return inPlay;
};

/** Merges pairs the policy finds evidence for (into the older entity); undone pairs stay apart. */
const applyMerges = async (trx: Transaction<Database>, touched: readonly number[], policy: EntityBatchPolicy, now: string): Promise<number> => {
  const cands = await mergeCandidates(trx, touched);
  if (cands.length < 2) return 0;
  const undone = new Set<string>();
  for (const part of chunks(cands.map((c) => c.id))) {
    const rows = await trx.selectFrom('entity_merges').select(['from_id', 'into_id']).where('undone_at', 'is not', null).where('from_id', 'in', part).execute();
    for (const r of rows) undone.add(`${Number(r.from_id)}:${Number(r.into_id)}`);
  }
  const merged = new Set<number>();
  let n = 0;
  const sorted = [...cands].sort((a, b) => a.id - b.id);
  for (const into of sorted) {
    if (merged.has(into.id)) continue;
    for (const from of sorted) {
      if (from.id <= into.id || merged.has(from.id) || from.kind !== into.kind || from.norm !== into.norm || from.namespace === into.namespace) continue;
      if (undone.has(`${from.id}:${into.id}`)) continue;
      const why = policy.mergeEvidence(into, from);
      if (!why) continue;
      await trx.updateTable('entities').set({ merged_into: into.id }).where((eb) => eb.or([eb('id', '=', from.id), eb('merged_into', '=', from.id)])).execute();
      await trx.insertInto('entity_merges').values({ from_id: from.id, into_id: into.id, reason: why.reason, evidence: why.evidence, created_at: now, undone_at: null }).execute();
      merged.add(from.id);
      n++;
    }
  }
  return n;
};

/** The batch's discoveries rescored with their authors' prominence (items before this one). */
const rescoreDiscoveries = async (trx: Transaction<Database>, rows: readonly ItemEntitiesWrite[], policy: EntityBatchPolicy, followers: Map<number, number | null>): Promise<number> => {
  if (!policy.rescoreDiscovery) return 0;
  let n = 0;
  for (const part of chunks(rows.map((r) => r.itemId))) {
    const found = await trx.selectFrom('discoveries').select(['item_id', 'breakdown', 'created_at']).where('item_id', 'in', part).execute();
    for (const d of found) {
      const own = await trx
        .selectFrom('item_entities')
        .innerJoin('entities', 'entities.id', 'item_entities.entity_id')
        .select((eb) => eb.fn.coalesce('entities.merged_into', 'entities.id').as('cid'))
        .where('item_entities.item_id', '=', d.item_id)
        .where('item_entities.role', 'in', OWN_ROLES)
        .execute();
      if (own.length === 0) continue;
      const canon = own.map((o) => Number(o.cid));
      const prior = await trx
        .selectFrom('item_entities')
        .innerJoin('entities', 'entities.id', 'item_entities.entity_id')
        .select((eb) => eb.fn.count<number>('item_entities.item_id').distinct().as('n'))
        .where((eb) => eb.or([eb('entities.id', 'in', canon), eb('entities.merged_into', 'in', canon)]))
        .where('item_entities.created_at', '<', d.created_at)
        .executeTakeFirstOrThrow();
      const next = policy.rescoreDiscovery(parseJson<Record<string, number>>(d.breakdown, {}), Number(prior.n), followers.get(Number(d.item_id)) ?? null);
      await trx.updateTable('discoveries').set({ score: next.score, breakdown: JSON.stringify(next.breakdown) }).where('item_id', '=', d.item_id).execute();
      n++;
    }
  }
  return n;
};

/** Entities over Kysely; identical on SQLite and PostgreSQL. */
export const createEntitiesRepository = (db: Kysely<Database>): EntitiesRepository => ({
  async pending(afterId, limit) {
    const rows = await db
      .selectFrom('items')
      .leftJoin('entity_scans', 'entity_scans.item_id', 'items.id')
      .select(['items.id', 'items.source', 'items.title', 'items.text', 'items.url', 'items.author_id', 'items.author_handle', 'items.author_name', 'items.author_followers', 'items.raw', 'items.content_hash', 'items.created_at'])
      .where((eb) => eb.or([eb('entity_scans.item_id', 'is', null), eb('entity_scans.content_hash', '<>', eb.ref('items.content_hash'))]))
      .where('items.id', '>', afterId)
      .orderBy('items.id')
      .limit(limit)
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      source: r.source,
      title: r.title,
      text: r.text,
      url: r.url,
      authorId: r.author_id,
      authorHandle: r.author_handle,
      authorName: r.author_name,
      authorFollowers: r.author_followers === null ? null : Number(r.author_followers),
      raw: parseJson<unknown>(r.raw, null),
      contentHash: r.content_hash,
      createdAt: r.created_at,
    }));
  },

  async saveBatch(rows, now, policy) {
    if (rows.length === 0) return { linked: 0, merges: 0, rescored: 0 };
    const followers = new Map(rows.map((r) => [r.itemId, r.authorFollowers]));
    return db.transaction().execute(async (trx) => {
      const ids = await upsertEntities(trx, rows.flatMap((r) => r.mentions), now);
      const linked = await writeLinks(trx, rows, ids, now);
      const merges = await applyMerges(trx, [...new Set(ids.values())], policy, now);
      const rescored = await rescoreDiscoveries(trx, rows, policy, followers);
      return { linked, merges, rescored };
    });
  },

  ...createEntityReads(db),
});
