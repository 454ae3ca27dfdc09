import type { Kysely } from 'kysely';
import type { LabelValue, StoryLabel, StoryLabelEvent, StoryLabelsRepository } from '../labels.port.js';
import { rootOf } from './stories.repository.js';
import type { Database } from './tables.js';

const HISTORY_LIMIT = 50;

/** Story labels as rows of `story_labels` (0017_mutes): one insert per label; the newest row per story wins. */
export const createStoryLabelsRepository = (db: Kysely<Database>): StoryLabelsRepository => {
  const history = async (storyId: number): Promise<StoryLabel> => {
    const rows = await db.selectFrom('story_labels').selectAll().where('story_id', '=', storyId).orderBy('id', 'desc').limit(HISTORY_LIMIT).execute();
    const events: StoryLabelEvent[] = rows.map((r) => ({ storyId, label: r.label as LabelValue, actor: r.actor, at: r.created_at }));
    const last = events[0];
    const label = last && last.label !== 'clear' ? last.label : null;
    return { storyId, label, actor: label ? (last?.actor ?? null) : null, at: label ? (last?.at ?? null) : null, history: events };
  };
  return {
    async set(e) {
      const root = await rootOf(db, e.storyId);
      if (root === undefined) return undefined;
      await db.insertInto('story_labels').values({ story_id: root, label: e.label, actor: e.actor, created_at: e.at }).execute();
      return history(root);
    },
    async get(storyId) {
      const root = await rootOf(db, storyId);
      return root === undefined ? undefined : history(root);
    },
  };
};
