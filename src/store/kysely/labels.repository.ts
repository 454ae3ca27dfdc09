import type { Kysely } from 'kysely';
import type { ItemLabel, LabelEvent, LabelsRepository, LabelValue } from '../labels.port.js';
import type { Database } from './tables.js';

const HISTORY_LIMIT = 50;

/** Labels as rows of `signal_labels` (0014_feedback): one insert per label; the newest row per item wins. */
export const createLabelsRepository = (db: Kysely<Database>): LabelsRepository => {
  const read = async (itemId: number): Promise<ItemLabel | undefined> => {
    const item = await db.selectFrom('items').select('id').where('id', '=', itemId).executeTakeFirst();
    if (!item) return undefined;
    const rows = await db.selectFrom('signal_labels').selectAll().where('item_id', '=', itemId).orderBy('id', 'desc').limit(HISTORY_LIMIT).execute();
    const history: LabelEvent[] = rows.map((r) => ({ itemId, label: r.label as LabelValue, actor: r.actor, at: r.created_at }));
    const last = history[0];
    const label = last && last.label !== 'clear' ? last.label : null;
    return { itemId, label, actor: label ? (last?.actor ?? null) : null, at: label ? (last?.at ?? null) : null, history };
  };
  return {
    async set(e) {
      const written = await db.transaction().execute(async (tx) => {
        const item = await tx.selectFrom('items').select('id').where('id', '=', e.itemId).executeTakeFirst();
        if (!item) return false;
        await tx.insertInto('signal_labels').values({ item_id: e.itemId, label: e.label, actor: e.actor, created_at: e.at }).execute();
        return true;
      });
      return written ? read(e.itemId) : undefined;
    },
    get: read,
    current: () => currentOf(db),
    of: (itemIds) => (itemIds.length === 0 ? Promise.resolve([]) : currentOf(db, itemIds)),
  };
};

/** Each item's newest label unless cleared, ordered by item id; only these items when given. */
const currentOf = async (db: Kysely<Database>, itemIds?: readonly number[]): Promise<Array<{ itemId: number; label: 'relevant' | 'irrelevant'; at: string }>> => {
  let latest = db.selectFrom('signal_labels').select((eb) => [eb.fn.max('id').as('id')]).groupBy('item_id');
  if (itemIds !== undefined) latest = latest.where('item_id', 'in', [...itemIds]);
  const rows = await db
    .selectFrom('signal_labels')
    .select(['item_id', 'label', 'created_at'])
    .where('id', 'in', latest)
    .where('label', '!=', 'clear')
    .orderBy('item_id')
    .execute();
  return rows.map((r) => ({ itemId: Number(r.item_id), label: r.label as 'relevant' | 'irrelevant', at: r.created_at }));
};
