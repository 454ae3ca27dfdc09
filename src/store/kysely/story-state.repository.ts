/*
 * The story assigner's stored state (ADR 0023): loads the working set the persistent state is built
 * from, and writes a batch's memberships with the state's changes in one transaction.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import type { PersistentStateLimits, StoredOpenStory, StoryStateChanges, StoryStateSnapshot } from '../../stories/persistent.state.js';
import type { StoryBatchWrite, StoryCandidateItem } from '../stories.port.js';
import type { Selectable } from 'kysely';
import { float32FromBytes, float32ToBytes } from './float32.js';
import { pruneDocumentFrequencies } from './story-df.prune.js';
import type { Database, StoriesTable } from './tables.js';

const CHUNK = 400;
const chunks = <T>(xs: readonly T[], n = CHUNK): T[][] => {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
};

const sigToText = (sig: Uint32Array): string => Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength).toString('base64');
const sigFromText = (text: string): Uint32Array => {
  const b = Buffer.from(text, 'base64');
  const out = new Uint32Array(b.byteLength / 4);
  for (let i = 0; i < out.length; i++) out[i] = b.readUInt32LE(i * 4);
  return out;
};
const opt = (v: number | null): number | undefined => (v === null ? undefined : Number(v));
const nul = (v: number | undefined): number | null => (v === undefined ? null : v);

const toOpenStory = (r: Selectable<StoriesTable>): StoredOpenStory => ({
  id: String(r.id),
  firstAt: opt(r.first_at),
  lastAt: opt(r.last_at),
  size: Number(r.open_size),
  centroid: new Map(JSON.parse(r.centroid) as Array<[string, number]>),
  centroidNorm: Number(r.centroid_norm),
  heat: Number(r.heat),
  heatAt: opt(r.heat_at),
  seq: Number(r.seq),
  ...(r.dense && { dense: float32FromBytes(r.dense) }),
});

/** The products of an analysis's stored entities (`{"products": [...]}`); none when absent or unreadable. */
const productsOf = (json: string | null): string[] => {
  if (!json) return [];
  try {
    const products = (JSON.parse(json) as { products?: unknown }).products;
    return Array.isArray(products) ? products.filter((p): p is string => typeof p === 'string') : [];
  } catch {
    return [];
  }
};

export const selectPendingStoryItems = async (db: Kysely<Database>, limit: number): Promise<StoryCandidateItem[]> => {
  const rows = await db
    .selectFrom('items as i')
    .leftJoin('story_members as m', 'm.item_id', 'i.id')
    .leftJoin('analyses as a', 'a.item_id', 'i.id')
    .where('m.item_id', 'is', null)
    .select(['i.id', 'i.text', 'i.title', 'i.url', 'i.created_at', 'a.category', 'a.entities'])
    .orderBy('i.created_at')
    .orderBy('i.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ id: Number(r.id), text: r.text, title: r.title, url: r.url, createdAt: r.created_at, category: r.category ?? null, products: productsOf(r.entities) }));
};

export const loadStoryState = async (db: Kysely<Database>, limits: PersistentStateLimits): Promise<StoryStateSnapshot> => {
  const meta = new Map((await db.selectFrom('story_meta').selectAll().execute()).map((r) => [r.key, Number(r.value)]));
  const stories = await db.selectFrom('stories').selectAll().where('merged_into', 'is', null).orderBy('seq', 'desc').limit(limits.maxOpen).execute();
  const aliases = await db.selectFrom('stories').select(['id', 'merged_into']).where('merged_into', 'is not', null).execute();
  const postings = await db.selectFrom('story_postings').selectAll().orderBy('seq').execute();
  const urls = await db.selectFrom('story_urls').selectAll().orderBy('seq', 'desc').limit(limits.maxUrls).execute();
  const sigs = await db.selectFrom('story_signatures').selectAll().orderBy('seq', 'desc').limit(limits.signatures).execute();
  return {
    seq: meta.get('seq') ?? 0,
    docs: meta.get('docs') ?? 0,
    stories: stories.reverse().map(toOpenStory),
    aliases: aliases.map((a) => ({ from: String(a.id), into: String(a.merged_into) })),
    postings: postings.map((p) => ({ term: p.term, storyId: String(p.story_id), seq: Number(p.seq) })),
    urls: urls.reverse().map((u) => ({ urlKey: u.url_key, storyId: String(u.story_id), seq: Number(u.seq) })),
    signatures: sigs.reverse().map((g) => ({ seq: Number(g.seq), storyId: String(g.story_id), at: opt(g.at), sig: sigFromText(g.sig) })),
  };
};

export const selectDocumentFrequencies = async (db: Kysely<Database>, terms: readonly string[]): Promise<Map<string, number>> => {
  const out = new Map<string, number>();
  for (const part of chunks([...new Set(terms)])) {
    const rows = await db.selectFrom('story_df').selectAll().where('term', 'in', part).execute();
    for (const r of rows) out.set(r.term, Number(r.n));
  }
  return out;
};

const storyRow = (s: StoredOpenStory, at: string): Omit<StoriesTable, 'size' | 'sources' | 'authors' | 'lead_item_id' | 'first_created_at' | 'last_created_at' | 'salience' | 'breakdown' | 'scored_at' | 'merged_into'> => ({
  id: Number(s.id),
  first_at: nul(s.firstAt),
  last_at: nul(s.lastAt),
  open_size: s.size,
  centroid: JSON.stringify([...s.centroid]),
  centroid_norm: s.centroidNorm,
  heat: s.heat,
  heat_at: nul(s.heatAt),
  seq: s.seq,
  updated_at: at,
  dense: s.dense ? float32ToBytes(s.dense) : null,
});

const writeChanges = async (trx: Transaction<Database>, c: StoryStateChanges, at: string, maxDfTerms: number | undefined): Promise<void> => {
  for (const part of chunks(c.stories, 100)) {
    await trx
      .insertInto('stories')
      .values(part.map((s) => storyRow(s, at)))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          first_at: eb.ref('excluded.first_at'), last_at: eb.ref('excluded.last_at'), open_size: eb.ref('excluded.open_size'), centroid: eb.ref('excluded.centroid'),
          centroid_norm: eb.ref('excluded.centroid_norm'), heat: eb.ref('excluded.heat'), heat_at: eb.ref('excluded.heat_at'), seq: eb.ref('excluded.seq'), updated_at: eb.ref('excluded.updated_at'), dense: eb.ref('excluded.dense'),
        })),
      )
      .execute();
  }
  for (const m of c.merges) {
    await trx.updateTable('stories').set({ merged_into: Number(m.into), updated_at: at }).where('id', '=', Number(m.from)).execute();
    await trx.updateTable('story_members').set({ story_id: Number(m.into) }).where('story_id', '=', Number(m.from)).execute();
  }
  for (const part of chunks(c.postings)) {
    await trx
      .insertInto('story_postings')
      .values(part.map((p) => ({ term: p.term, story_id: Number(p.storyId), seq: p.seq })))
      .onConflict((oc) => oc.columns(['term', 'story_id']).doUpdateSet((eb) => ({ seq: eb.ref('excluded.seq') })))
      .execute();
  }
  for (const p of c.postingDeletes) await trx.deleteFrom('story_postings').where('term', '=', p.term).where('story_id', '=', Number(p.storyId)).execute();
  for (const part of chunks(c.urls)) {
    const latest = new Map(part.map((u) => [u.urlKey, u]));
    await trx
      .insertInto('story_urls')
      .values([...latest.values()].map((u) => ({ url_key: u.urlKey, story_id: Number(u.storyId), seq: u.seq })))
      .onConflict((oc) => oc.column('url_key').doUpdateSet((eb) => ({ story_id: eb.ref('excluded.story_id'), seq: eb.ref('excluded.seq') })))
      .execute();
  }
  for (const part of chunks(c.signatures, 200)) {
    await trx.insertInto('story_signatures').values(part.map((g) => ({ seq: g.seq, story_id: Number(g.storyId), at: nul(g.at), sig: sigToText(g.sig) }))).execute();
  }
  if (c.signaturesBefore > 0) await trx.deleteFrom('story_signatures').where('seq', '<=', c.signaturesBefore).execute();
  for (const part of chunks([...c.df])) {
    await trx
      .insertInto('story_df')
      .values(part.map(([term, n]) => ({ term, n })))
      .onConflict((oc) => oc.column('term').doUpdateSet({ n: sql`story_df.n + excluded.n` }))
      .execute();
  }
  if (maxDfTerms !== undefined) await pruneDocumentFrequencies(trx, c.newTerms, maxDfTerms);
  for (const [key, value] of [['seq', c.seq], ['docs', c.docs]] as const) {
    await trx.insertInto('story_meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })).execute();
  }
};

/** Member counts, sources, authors and member time span of these stories, recounted from their members. */
export const recountStories = async (trx: Kysely<Database>, ids: readonly number[]): Promise<void> => {
  for (const part of chunks(ids)) {
    const rows = await trx
      .selectFrom('story_members as m')
      .innerJoin('items as i', 'i.id', 'm.item_id')
      .select([
        'm.story_id',
        (eb) => eb.fn.countAll<number>().as('n'),
        (eb) => eb.fn.count<number>('i.author_handle').distinct().as('authors'),
        (eb) => eb.fn.min('i.created_at').as('first'),
        (eb) => eb.fn.max('i.created_at').as('last'),
        (eb) => eb.fn.min('i.id').as('lead'),
      ])
      .where('m.story_id', 'in', part)
      .groupBy('m.story_id')
      .execute();
    const pairs = await trx.selectFrom('story_members as m').innerJoin('items as i', 'i.id', 'm.item_id').select(['m.story_id', 'i.source']).distinct().where('m.story_id', 'in', part).orderBy('i.source').execute();
    const sources = new Map<number, string[]>();
    for (const p of pairs) sources.set(Number(p.story_id), [...(sources.get(Number(p.story_id)) ?? []), p.source]);
    for (const r of rows) {
      const id = Number(r.story_id);
      await trx
        .updateTable('stories')
        .set((eb) => ({
          size: Number(r.n), authors: Number(r.authors), sources: JSON.stringify(sources.get(id) ?? []), first_created_at: r.first, last_created_at: r.last,
          lead_item_id: eb.fn.coalesce('lead_item_id', eb.val(Number(r.lead))),
        }))
        .where('id', '=', id)
        .execute();
    }
  }
};

export const saveStoryBatch = async (db: Kysely<Database>, w: StoryBatchWrite): Promise<void> => {
  await db.transaction().execute(async (trx) => {
    await writeChanges(trx, w.changes, w.at, w.maxDfTerms);
    for (const part of chunks(w.members, 200)) {
      await trx
        .insertInto('story_members')
        .values(part.map((m) => ({ item_id: m.itemId, story_id: m.storyId, via: m.via, assigned_at: w.at })))
        .execute();
    }
    // A member assigned before a merge in the same batch moves with its story.
    for (const m of w.changes.merges) await trx.updateTable('story_members').set({ story_id: Number(m.into) }).where('story_id', '=', Number(m.from)).execute();
    const touched = new Set<number>([...w.members.map((m) => m.storyId), ...w.changes.merges.map((m) => Number(m.into))]);
    await recountStories(trx, [...touched]);
    // A story merged away keeps no summary of members, whichever batch its members were written in.
    for (const m of w.changes.merges) {
      await trx.updateTable('stories').set({ size: 0, sources: '[]', authors: 0, lead_item_id: null, first_created_at: null, last_created_at: null }).where('id', '=', Number(m.from)).execute();
    }
  });
};
