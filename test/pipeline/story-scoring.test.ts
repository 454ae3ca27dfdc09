/*
 * Which stories the score stage scores (ADR 0023, amended 2026-12-05), on a real store (SQLite, and
 * PostgreSQL when TEST_DATABASE_URL is set): a backfill's stories older than `rescoreHours` get a
 * salience and a breakdown too, a late member rescores its old story, and an unchanged old story is
 * not scored again.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import type { NewItem } from '../../src/domain/item.js';
import { silentLogger } from '../../src/observability/logger.js';
import { EVERY_SCORE } from '../../src/pipeline/relevance.stage.js';
import { runPipeline } from '../../src/pipeline/run.js';
import type { Clock } from '../../src/platform/clock.js';
import { computeStorySalience } from '../../src/scoring/story-salience.js';
import type { Source } from '../../src/sources/source.port.js';
import type { StoryRow } from '../../src/store/stories.port.js';
import type { Store } from '../../src/store/store.port.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const START = Date.parse('2026-11-20T12:00:00.000Z');
const H = 3_600_000;
const scoring = scoringConfigSchema.parse({});

/** Outage reports `hoursAgo` before START, one a minute, each by another author. */
const reports = (from: number, count: number, hoursAgo: number, what: string): NewItem[] =>
  Array.from({ length: count }, (_, k) =>
    newItem(from + k, {
      externalId: `r-${from + k}`,
      author: { id: `a${from + k}`, handle: `author${from + k}`, name: `Author ${from + k}`, followers: 500 },
      url: `https://status.brindlepost.example/incidents/${what}`,
      text: `Brindlepost outage: ${what} is down for everyone, status page confirms the incident (report ${from + k})`,
      metrics: { likes: 200, reposts: 40, replies: 30, quotes: 2, views: 0 },
      createdAt: new Date(START - hoursAgo * H + k * 60_000).toISOString(),
    }),
  );

const source = (items: NewItem[]): Source => ({
  name: 'demo',
  async *fetch() {
    yield { items: [...items] };
  },
});

for (const target of storeTargets()) {
  describe(`story scoring [${target.name}]`, () => {
    let now = START;
    const clock: Clock = { now: () => new Date(now) };
    let store: Store;
    beforeEach(async () => {
      now = START;
      store = await target.open(clock);
    });
    afterEach(async () => {
      await store.close();
    });

    const run = (items: NewItem[]) =>
      runPipeline({
        store,
        sources: [source(items)],
        analyzer: createHeuristicAnalyzer({ products: ['Brindlepost'], competitors: [] }),
        notifiers: [],
        clock,
        log: silentLogger(),
        scoring,
        batchSize: 50,
      });
    const storyOf = async (itemId: number): Promise<StoryRow> => {
      const id = await store.stories.storyOfItem(itemId);
      const story = id === undefined ? undefined : await store.stories.get(id, 100);
      if (!story) throw new Error(`item ${itemId} has no story`);
      return story;
    };
    /** The salience the story's members call for, from its stored members. */
    const expected = async (story: StoryRow) => {
      const detail = await store.stories.get(story.id, 100);
      const members = detail?.members ?? [];
      return computeStorySalience(
        {
          id: story.id,
          loudest: Math.max(...members.map((m) => m.salience ?? 0)),
          members: members.length,
          sources: new Set(members.map((m) => m.source)).size,
          authors: new Set(members.map((m) => m.author)).size,
          recent: members.filter((m) => Date.parse(m.createdAt) >= now - scoring.stories.growthHours * H).length,
        },
        scoring,
      );
    };

    it('scores every story of a backfill, the older ones too, and rescores an old story when it changes', async () => {
      const old = reports(1, 6, 5 * 24, 'login');
      const recent = reports(101, 4, 1, 'webhooks');
      const first = await run([...old, ...recent]);
      expect(first.status).toBe('succeeded');

      const all = await store.stories.list({ limit: 100, offset: 0 });
      expect(all.length).toBeGreaterThan(0);
      expect(all.filter((s) => s.salience === null || s.breakdown === null).map((s) => s.id)).toEqual([]);
      const oldItem = (await store.findItem('demo', 'r-1'))?.id as number;
      const oldStory = await storyOf(oldItem);
      expect(oldStory.size).toBe(6);
      expect(oldStory.lastAt < new Date(now - scoring.rescoreHours * H).toISOString()).toBe(true);
      const want = await expected(oldStory);
      expect(oldStory.breakdown).toEqual(want.breakdown);
      expect(oldStory.salience).toBe(want.salience);
      expect(oldStory.breakdown?.loudest).toBeGreaterThan(0);

      // An hour later a late report of the old outage arrives: its story is scored again.
      now += H;
      const late = reports(7, 1, 5 * 24 - 0.5, 'login');
      await run([...old, ...recent, ...late]);
      const grown = await storyOf(oldItem);
      expect(grown.id).toBe(oldStory.id);
      expect(grown.size).toBe(7);
      expect(grown.breakdown).toEqual((await expected(grown)).breakdown);
      expect(grown.breakdown?.members).toBe(7);

      // Nothing changed: only the stories with a member within rescoreHours are scored again.
      now += H;
      const quiet = await run([...old, ...recent, ...late]);
      const open = await store.stories.count({ since: new Date(now - scoring.rescoreHours * H).toISOString() });
      expect(open).toBeGreaterThan(0);
      expect(quiet.score.stories).toBe(open);
    });

    it('reads the stories scored before an instant (a retrained relevance model) and none when every story is current', async () => {
      await run([...reports(1, 3, 5 * 24, 'login'), ...reports(101, 3, 1, 'webhooks')]);
      const future = new Date(now + 24 * H).toISOString();
      const open = await store.stories.list({ limit: 100, offset: 0 });
      expect(await store.stories.scoringInputs({ since: future, recentSince: future, scoredBefore: '' })).toEqual([]);
      const all = await store.stories.scoringInputs({ since: future, recentSince: future, scoredBefore: EVERY_SCORE });
      expect(all.map((s) => s.id).sort((a, b) => a - b)).toEqual(open.map((s) => s.id).sort((a, b) => a - b));
      expect(all.map((s) => s.members).reduce((a, b) => a + b, 0)).toBe(6);
    });
  });
}
