import type { Kysely, Selectable } from 'kysely';
import type { Mute, MuteKind, MuteRule } from '../../domain/mute.js';
import type { MutesRepository } from '../mutes.port.js';
import type { Database, MutesTable } from './tables.js';

const toMute = (r: Selectable<MutesTable>): Mute => ({ id: Number(r.id), kind: r.kind as MuteKind, value: r.value, actor: r.actor, createdAt: r.created_at });

/** Every rule as the filters read them (kind and normalised value). */
export const loadMuteRules = async (db: Kysely<Database>): Promise<MuteRule[]> => {
  const rows = await db.selectFrom('mutes').select(['kind', 'value']).orderBy('id').execute();
  return rows.map((r) => ({ kind: r.kind as MuteKind, value: r.value }));
};

/** Mute rules as rows of `mutes` (0017_mutes); (kind, value) is unique, so adding a rule twice keeps one. */
export const createMutesRepository = (db: Kysely<Database>): MutesRepository => ({
  async list() {
    const rows = await db.selectFrom('mutes').selectAll().orderBy('id').execute();
    return rows.map(toMute);
  },
  async add(rule, actor, at) {
    const inserted = await db
      .insertInto('mutes')
      .values({ kind: rule.kind, value: rule.value, actor, created_at: at })
      .onConflict((oc) => oc.columns(['kind', 'value']).doNothing())
      .executeTakeFirst();
    const created = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    const row = await db.selectFrom('mutes').selectAll().where('kind', '=', rule.kind).where('value', '=', rule.value).executeTakeFirstOrThrow();
    return { mute: toMute(row), created };
  },
  async remove(id) {
    const r = await db.deleteFrom('mutes').where('id', '=', id).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },
});
