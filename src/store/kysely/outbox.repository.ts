import type { Kysely, Selectable } from 'kysely';
import type { DialectName } from '../dialects/dialect.js';
import type { DeliveryOutcome, DeliveryRecord, NotificationStatus, OutboxEntry } from '../../domain/notification.js';
import type { OutboxCandidateQuery, OutboxRepository, SignalRow } from '../store.port.js';
import { itemMuted, mutedCondition } from './mute-filter.js';
import { loadMuteRules } from './mutes.repository.js';
import { toScoredSignals } from './signal-rows.js';
import { signalsQuery } from './signals.repository.js';
import type { AlertOutboxTables, Database, DeliveriesTable } from './tables.js';

const toDelivery = (r: Selectable<DeliveriesTable>): DeliveryRecord => ({
  id: Number(r.id),
  batchId: r.batch_id,
  channel: r.channel,
  kind: r.kind === 'digest' || r.kind === 'story' || r.kind === 'discovery' ? r.kind : 'single',
  itemCount: Number(r.item_count),
  attempt: Number(r.attempt),
  outcome: r.outcome as DeliveryOutcome,
  statusCode: r.status_code === null ? null : Number(r.status_code),
  latencyMs: Number(r.latency_ms),
  error: r.error,
  nextRetryAt: r.next_retry_at,
  createdAt: r.created_at,
});


const REDELIVERABLE = ['failed', 'dead', 'unknown', 'sent'];

/**
 * Story and discovery deliveries (ADR 0027, amended) live in their own outboxes, keyed by the message
 * id the delivery log keeps as its batch id: `story_<story>_<milestone>` or `discovery_<item>`.
 */
const redeliverAlert = async (db: Kysely<Database>, d: { batch_id: string; channel: string; kind: string }, now: string): Promise<number> => {
  const reset = { status: 'pending', attempts: 0, updated_at: now, last_error: null };
  const story = d.kind === 'story' ? /^story_(\d+)_(.+)$/.exec(d.batch_id) : null;
  if (story) {
    const r = await db
      .updateTable('story_notifications')
      .set(reset)
      .where('story_id', '=', Number(story[1]))
      .where('milestone', '=', story[2]!)
      .where('channel', '=', d.channel)
      .where('status', 'in', REDELIVERABLE)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
  const discovery = d.kind === 'discovery' ? /^discovery_(\d+)$/.exec(d.batch_id) : null;
  if (!discovery) return 0;
  const r = await db
    .withTables<AlertOutboxTables>()
    .updateTable('discovery_notifications')
    .set(reset)
    .where('item_id', '=', Number(discovery[1]))
    .where('channel', '=', d.channel)
    .where('status', 'in', REDELIVERABLE)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
};

export const createOutboxRepository = (db: Kysely<Database>, dialect: DialectName = 'sqlite'): OutboxRepository => ({
  async recoverInterrupted(channel, now) {
    const r = await db
      .updateTable('notifications')
      .set({ status: 'unknown', last_error: 'process stopped while sending; delivery unknown, not re-sent automatically', updated_at: now })
      .where('channel', '=', channel)
      .where('status', '=', 'sending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },

  async candidates(q: OutboxCandidateQuery): Promise<SignalRow[]> {
    let query = signalsQuery(db)
      .where('s.salience', '>=', q.threshold)
      .where(({ not, exists, selectFrom }) =>
        not(exists(selectFrom('notifications as n').select('n.id').whereRef('n.item_id', '=', 'i.id').where('n.channel', '=', q.channel))),
      );
    if (q.since !== undefined) query = query.where('i.created_at', '>=', q.since);
    // Muted signals are stored and scored but never notified, on any channel (ADR 0029).
    const rules = await loadMuteRules(db);
    if (rules.length > 0) query = query.where(mutedCondition(itemMuted('i', rules), 'exclude'));
    const rows = await query.orderBy('s.salience', 'desc').orderBy('i.created_at', 'desc').orderBy('i.id', 'desc').limit(q.limit).execute();
    return toScoredSignals(rows);
  },

  async enqueue(rows, channel, now) {
    if (rows.length === 0) return 0;
    const r = await db
      .insertInto('notifications')
      .values(rows.map((x) => ({ item_id: x.itemId, channel, batch_id: x.batchId, kind: x.kind, status: x.status ?? 'pending', attempts: 0, created_at: now, updated_at: now })))
      .onConflict((oc) => oc.columns(['item_id', 'channel']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  },

  async foldableItems(channel, itemIds) {
    if (itemIds.length === 0) return new Map<number, number>();
    const rows = await db
      .selectFrom('story_members as m')
      .innerJoin('stories as st', 'st.id', 'm.story_id')
      .innerJoin('story_notifications as sn', 'sn.story_id', 'm.story_id')
      .select(['m.item_id', 'm.story_id'])
      .where('m.item_id', 'in', [...itemIds])
      .where('st.size', '>=', 2)
      .where('sn.channel', '=', channel)
      .where('sn.milestone', '=', 'new')
      .where('sn.status', 'in', ['pending', 'sending', 'sent', 'unknown'])
      .execute();
    return new Map(rows.map((r) => [Number(r.item_id), Number(r.story_id)]));
  },

  async pendingBatches(channel, limit, now) {
    let pending = db
      .selectFrom('notifications')
      .select(['batch_id', 'kind', (eb) => eb.fn.min('id').as('first'), (eb) => eb.fn.max('attempts').as('attempts')])
      .where('channel', '=', channel)
      .where('status', '=', 'pending');
    if (now !== undefined) pending = pending.where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]));
    const batches = await pending
      .groupBy(['batch_id', 'kind'])
      .orderBy('first')
      .limit(limit)
      .execute();
    const out: Array<{ batchId: string; kind: 'single' | 'digest'; attempts: number; items: SignalRow[] }> = [];
    for (const b of batches) {
      const rows = await signalsQuery(db)
        .innerJoin('notifications as n', 'n.item_id', 'i.id')
        .where('n.batch_id', '=', b.batch_id)
        .where('n.channel', '=', channel)
        .orderBy('s.salience', 'desc')
        .orderBy('i.id')
        .execute();
      out.push({ batchId: b.batch_id, kind: b.kind === 'digest' ? 'digest' : 'single', attempts: Number(b.attempts ?? 0), items: toScoredSignals(rows) });
    }
    return out;
  },

  async claim(batchId, now) {
    if (dialect === 'postgres') {
      // Several workers may reach the same batch: lock its rows (in id order, so two claims never
      // deadlock) and claim it only when this transaction got every pending row of it, so a batch is
      // never split or sent twice. A second claim waits for the first; when that one commits, the
      // rows are no longer pending and it claims nothing. (SKIP LOCKED could let two claims each
      // take part of a batch, and then neither claimed it.)
      return db.transaction().execute(async (trx) => {
        const locked = await trx
          .selectFrom('notifications')
          .select('id')
          .where('batch_id', '=', batchId)
          .where('status', '=', 'pending')
          .orderBy('id')
          .forUpdate()
          .execute();
        if (locked.length === 0) return false;
        const all = await trx
          .selectFrom('notifications')
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .where('batch_id', '=', batchId)
          .where('status', '=', 'pending')
          .executeTakeFirstOrThrow();
        if (Number(all.n) !== locked.length) return false;
        const r = await trx
          .updateTable('notifications')
          .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), updated_at: now }))
          .where('id', 'in', locked.map((x) => x.id))
          .where('status', '=', 'pending')
          .executeTakeFirst();
        return Number(r.numUpdatedRows) === locked.length;
      });
    }
    const r = await db
      .updateTable('notifications')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), updated_at: now }))
      .where('batch_id', '=', batchId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  },

  async complete(batchId, status, now, error, nextAttemptAt) {
    await db
      .updateTable('notifications')
      .set({ status, updated_at: now, last_error: error ?? null, sent_at: status === 'sent' ? now : null, next_attempt_at: status === 'pending' ? (nextAttemptAt ?? null) : null })
      .where('batch_id', '=', batchId)
      .where('status', '=', 'sending')
      .execute();
  },

  async list(channel) {
    let q = db.selectFrom('notifications').selectAll();
    if (channel !== undefined) q = q.where('channel', '=', channel);
    const rows = await q.orderBy('id').execute();
    return rows.map(
      (r): OutboxEntry => ({
        id: Number(r.id),
        itemId: Number(r.item_id),
        channel: r.channel,
        batchId: r.batch_id,
        kind: r.kind === 'digest' ? 'digest' : 'single',
        status: r.status as NotificationStatus,
        attempts: Number(r.attempts),
        lastError: r.last_error,
        createdAt: r.created_at,
        updatedAt: r.updated_at,
        sentAt: r.sent_at,
      }),
    );
  },

  async recordDelivery(x) {
    const r = await db
      .insertInto('deliveries')
      .values({
        batch_id: x.batchId,
        channel: x.channel,
        kind: x.kind,
        item_count: x.itemCount,
        attempt: x.attempt,
        outcome: x.outcome,
        status_code: x.statusCode,
        latency_ms: Math.max(0, Math.round(x.latencyMs)),
        error: x.error,
        next_retry_at: x.nextRetryAt,
        created_at: x.createdAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return Number(r.id);
  },

  async deliveries(q) {
    let query = db.selectFrom('deliveries').selectAll();
    if (q.channel !== undefined) query = query.where('channel', '=', q.channel);
    if (q.outcome !== undefined) query = query.where('outcome', '=', q.outcome);
    if (q.beforeId !== undefined) query = query.where('id', '<', q.beforeId);
    return (await query.orderBy('id', 'desc').limit(q.limit).execute()).map(toDelivery);
  },

  async delivery(id) {
    const r = await db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
    return r === undefined ? undefined : toDelivery(r);
  },

  async redeliver(id, now) {
    const d = await db.selectFrom('deliveries').select(['batch_id', 'channel', 'kind']).where('id', '=', id).executeTakeFirst();
    if (d === undefined) return undefined;
    if (d.kind === 'story' || d.kind === 'discovery') return { batchId: d.batch_id, channel: d.channel, requeued: await redeliverAlert(db, d, now) };
    const r = await db
      .updateTable('notifications')
      .set({ status: 'pending', attempts: 0, next_attempt_at: null, updated_at: now, last_error: null })
      .where('batch_id', '=', d.batch_id)
      .where('channel', '=', d.channel)
      .where('status', 'in', REDELIVERABLE)
      .executeTakeFirst();
    return { batchId: d.batch_id, channel: d.channel, requeued: Number(r.numUpdatedRows) };
  },

  async disabledChannels() {
    const rows = await db.selectFrom('notify_channel_state').selectAll().orderBy('channel').execute();
    return rows.map((r) => ({ channel: r.channel, disabledAt: r.disabled_at, reason: r.reason }));
  },

  async disableChannel(channel, reason, now) {
    await db
      .insertInto('notify_channel_state')
      .values({ channel, disabled_at: now, reason })
      .onConflict((oc) => oc.column('channel').doUpdateSet({ disabled_at: now, reason }))
      .execute();
  },

  async enableChannel(channel) {
    const r = await db.deleteFrom('notify_channel_state').where('channel', '=', channel).executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  },

  async requeueUnknown(channel, now) {
    const r = await db
      .updateTable('notifications')
      .set({ status: 'pending', updated_at: now })
      .where('channel', '=', channel)
      .where('status', '=', 'unknown')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
});
