import { sql, type Kysely, type Selectable } from 'kysely';
import type { DiscoveryAlertPayload, DiscoveryNotificationRow, DiscoveryOutboxRepository } from '../discovery-outbox.port.js';
import { itemMuted } from './mute-filter.js';
import { loadMuteRules } from './mutes.repository.js';
import { parseJson } from './rows.js';
import type { AlertOutboxTables, Database, DiscoveryNotificationsTable } from './tables.js';

const toRow = (r: Selectable<DiscoveryNotificationsTable>): DiscoveryNotificationRow => ({
  itemId: Number(r.item_id),
  channel: r.channel,
  status: r.status as DiscoveryNotificationRow['status'],
  attempts: Number(r.attempts),
  discovery: parseJson<DiscoveryAlertPayload>(r.payload, { itemId: Number(r.item_id) } as DiscoveryAlertPayload),
  lastError: r.last_error,
});

/** The discovery-alert outbox over `discovery_notifications` (migration 0016_alert_outboxes). */
export const createDiscoveryOutboxRepository = (base: Kysely<Database>): DiscoveryOutboxRepository => {
  const db = base.withTables<AlertOutboxTables>();
  return {
    async recoverInterrupted(channel, now) {
      const r = await db
        .updateTable('discovery_notifications')
        .set({ status: 'unknown', last_error: 'process stopped while sending; delivery unknown, not re-sent automatically', updated_at: now })
        .where('channel', '=', channel)
        .where('status', '=', 'sending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows);
    },
    async known(channel, itemIds) {
      if (itemIds.length === 0) return new Set<number>();
      const rows = await db.selectFrom('discovery_notifications').select('item_id').where('channel', '=', channel).where('item_id', 'in', [...itemIds]).execute();
      return new Set(rows.map((r) => Number(r.item_id)));
    },
    async enqueue(rows, channel, now) {
      if (rows.length === 0) return 0;
      const r = await db
        .insertInto('discovery_notifications')
        .values(rows.map((x) => ({ item_id: x.itemId, channel, status: 'pending', attempts: 0, payload: JSON.stringify(x), created_at: now, updated_at: now })))
        .onConflict((oc) => oc.columns(['item_id', 'channel']).doNothing())
        .executeTakeFirst();
      return Number(r.numInsertedOrUpdatedRows ?? 0);
    },
    async pending(channel, limit) {
      let q = db.selectFrom('discovery_notifications').selectAll().where('channel', '=', channel).where('status', '=', 'pending');
      // A muted item is stored and scored but never notified, on any channel (ADR 0029): its row waits.
      const rules = await loadMuteRules(base);
      if (rules.length > 0) q = q.where(sql<boolean>`discovery_notifications.item_id not in (select i.id from items i where ${itemMuted('i', rules)})`);
      const rows = await q.orderBy('created_at').orderBy('item_id').limit(limit).execute();
      return rows.map(toRow);
    },
    async claim(itemId, channel, now) {
      const r = await db
        .updateTable('discovery_notifications')
        .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), updated_at: now }))
        .where('item_id', '=', itemId)
        .where('channel', '=', channel)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(r.numUpdatedRows) === 1;
    },
    async complete(itemId, channel, status, now, error) {
      await db
        .updateTable('discovery_notifications')
        .set({ status, updated_at: now, last_error: error ?? null, ...(status === 'sent' ? { sent_at: now } : {}) })
        .where('item_id', '=', itemId)
        .where('channel', '=', channel)
        .where('status', '=', 'sending')
        .execute();
    },
    async list(channel) {
      let q = db.selectFrom('discovery_notifications').selectAll();
      if (channel !== undefined) q = q.where('channel', '=', channel);
      return (await q.orderBy('created_at').orderBy('item_id').execute()).map(toRow);
    },
  };
};
