import type { Kysely } from 'kysely';
import type { StoryNotificationRow, StoryOutboxRepository, StoryRow } from '../stories.port.js';
import { muteFilter } from '../../domain/mute.js';
import { loadMuteRules } from './mutes.repository.js';
import { parseJson } from './rows.js';
import { filteredStories, STORY_COLUMNS, toStoryRow, type StoryColumns } from './stories.repository.js';
import type { Database, StoryNotificationsTable } from './tables.js';

const toRow = (r: StoryNotificationsTable): StoryNotificationRow => ({
  storyId: Number(r.story_id),
  channel: r.channel,
  milestone: r.milestone,
  status: r.status as StoryNotificationRow['status'],
  attempts: Number(r.attempts),
  story: parseJson<StoryRow>(r.payload, { id: Number(r.story_id) } as StoryRow),
  lastError: r.last_error,
});

/** The story outbox over `story_notifications` (ADR 0023; the claim protocol of ADR 0004). */
export const createStoryOutboxRepository = (db: Kysely<Database>): StoryOutboxRepository => ({
  async recoverInterrupted(channel, now) {
    const r = await db
      .updateTable('story_notifications')
      .set({ status: 'unknown', last_error: 'process stopped while sending; delivery unknown, not re-sent automatically', updated_at: now })
      .where('channel', '=', channel)
      .where('status', '=', 'sending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  },
  async candidates(q) {
    // A muted story (or one whose lead signal is muted) is never notified (ADR 0029).
    const mutes = muteFilter(await loadMuteRules(db));
    const rows = await filteredStories(db, { since: q.since, minSize: q.minMembers, minSalience: q.threshold, mutes })
      .select(STORY_COLUMNS)
      .orderBy('st.salience', 'desc')
      .orderBy('st.id')
      .limit(q.limit)
      .execute();
    const stories = rows.map((r) => toStoryRow(r as StoryColumns));
    if (stories.length === 0) return [];
    const marks = await db
      .selectFrom('story_notifications')
      .select(['story_id', 'milestone'])
      .where('channel', '=', q.channel)
      .where('story_id', 'in', stories.map((s) => s.id))
      .execute();
    const byStory = new Map<number, string[]>();
    for (const m of marks) byStory.set(Number(m.story_id), [...(byStory.get(Number(m.story_id)) ?? []), m.milestone]);
    const leads = await db.selectFrom('analyses').select(['item_id', 'category', 'tags']).where('item_id', 'in', stories.map((s) => s.leadItemId)).execute();
    const lead = new Map(leads.map((a) => [Number(a.item_id), { category: a.category, tags: parseJson<string[]>(a.tags, []) }]));
    return stories.map((story) => ({ story, milestones: byStory.get(story.id) ?? [], category: lead.get(story.leadItemId)?.category ?? 'other', tags: lead.get(story.leadItemId)?.tags ?? [] }));
  },
  async enqueue(rows, channel, now) {
    if (rows.length === 0) return 0;
    const r = await db
      .insertInto('story_notifications')
      .values(rows.map((x) => ({ story_id: x.story.id, channel, milestone: x.milestone, status: x.status, attempts: 0, payload: JSON.stringify(x.story), created_at: now, updated_at: now })))
      .onConflict((oc) => oc.columns(['story_id', 'channel', 'milestone']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0);
  },
  async pending(channel, limit) {
    const rows = await db.selectFrom('story_notifications').selectAll().where('channel', '=', channel).where('status', '=', 'pending').orderBy('created_at').orderBy('story_id').orderBy('milestone').limit(limit).execute();
    return rows.map(toRow);
  },
  async claim(storyId, channel, milestone, now) {
    const r = await db
      .updateTable('story_notifications')
      .set((eb) => ({ status: 'sending', attempts: eb('attempts', '+', 1), updated_at: now }))
      .where('story_id', '=', storyId)
      .where('channel', '=', channel)
      .where('milestone', '=', milestone)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  },
  async complete(storyId, channel, milestone, status, now, error) {
    await db
      .updateTable('story_notifications')
      .set({ status, updated_at: now, last_error: error ?? null, ...(status === 'sent' ? { sent_at: now } : {}) })
      .where('story_id', '=', storyId)
      .where('channel', '=', channel)
      .where('milestone', '=', milestone)
      .execute();
  },
  async list(channel) {
    let q = db.selectFrom('story_notifications').selectAll();
    if (channel !== undefined) q = q.where('channel', '=', channel);
    return (await q.orderBy('created_at').orderBy('story_id').orderBy('milestone').execute()).map(toRow);
  },
});
