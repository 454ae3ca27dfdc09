/*
 * Mute rules and story labels in the store (ADR 0029), on SQLite and PostgreSQL: rules stored once,
 * lists hiding (or showing only) what they match, the outboxes never offering a muted signal or story.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { muteFilter, parseMute, type MuteRule } from '../../src/domain/mute.js';
import type { Store } from '../../src/store/store.port.js';
import { demoStore } from '../helpers/demo-store.js';
import { analysis, heuristicProvenance, newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const AT = '2026-11-20T12:00:00.000Z';
const T = (m: number): string => new Date(Date.UTC(2026, 10, 20, 12, m)).toISOString();

const ITEMS = [
  newItem(1, { author: { id: 'a1', handle: 'LoudBot', name: 'Loud Bot', followers: 10 } }),
  newItem(2, { url: 'https://news.spam-site.example/a?x=1' }),
  newItem(3, { url: 'https://spam-site.example/b' }),
  newItem(4, { url: 'https://not-spam-site.example/c', title: 'Crypto Giveaway inside' }),
  newItem(5, { source: 'rss', externalId: 'r5' }),
  newItem(6, { text: 'an ordinary post about 100%_sure things' }),
];

for (const target of storeTargets()) {
  describe(`mute rules filter lists and outboxes [${target.name}]`, () => {
    let store: Store;
    let ids: Map<string, number>;
    beforeEach(async () => {
      store = await target.open();
      await store.saveFetchBatch('demo', ITEMS.filter((i) => i.source === 'demo'));
      await store.saveFetchBatch('rss', ITEMS.filter((i) => i.source === 'rss'));
      const pending = await store.pendingAnalysis(0, 100);
      await store.saveAnalyses(pending.map((it) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis(), provenance: heuristicProvenance, analyzedAt: AT })));
      await store.saveScores(pending.map((it) => ({ itemId: it.id, salience: 90, breakdown: {} as never, scoredAt: AT })));
      ids = new Map();
      for (const it of ITEMS) ids.set(it.externalId, (await store.findItem(it.source, it.externalId))!.id);
    });
    afterEach(async () => {
      await store.close();
    });
    const idOf = (n: number): number => ids.get(ITEMS[n - 1]!.externalId)!;
    const listed = async (rules: readonly MuteRule[], view: 'exclude' | 'only' = 'exclude') =>
      (await store.listSignals({ limit: 50, mutes: muteFilter(rules, view) })).map((s) => s.id).sort((a, b) => a - b);

    it('adds a rule once, lists and removes it', async () => {
      const a = await store.mutes.add(parseMute('author', '@LoudBot'), 'cli', T(1));
      expect(a).toMatchObject({ created: true, mute: { kind: 'author', value: 'loudbot', actor: 'cli', createdAt: T(1) } });
      const again = await store.mutes.add(parseMute('author', 'loudbot'), 'key:x', T(2));
      expect(again).toEqual({ created: false, mute: a.mute });
      await store.mutes.add(parseMute('domain', 'Spam-Site.example'), 'cli', T(3));
      expect((await store.mutes.list()).map((m) => [m.kind, m.value])).toEqual([['author', 'loudbot'], ['domain', 'spam-site.example']]);
      expect(await store.mutes.remove(a.mute.id)).toBe(true);
      expect(await store.mutes.remove(a.mute.id)).toBe(false);
      expect(await store.mutes.list()).toHaveLength(1);
    });

    it('each kind hides what it matches, and only that; `only` shows the muted ones', async () => {
      const all = ITEMS.map((_, i) => idOf(i + 1)).sort((a, b) => a - b);
      expect(await listed([])).toEqual(all);
      expect(await listed([parseMute('author', 'loudbot')])).toEqual(all.filter((id) => id !== idOf(1)));
      expect(await listed([parseMute('domain', 'spam-site.example')])).toEqual(all.filter((id) => id !== idOf(2) && id !== idOf(3)));
      expect(await listed([parseMute('phrase', 'crypto  GIVEAWAY')])).toEqual(all.filter((id) => id !== idOf(4)));
      expect(await listed([parseMute('phrase', '100%_sure')])).toEqual(all.filter((id) => id !== idOf(6)));
      expect(await listed([parseMute('phrase', '100%x')])).toEqual(all);
      expect(await listed([parseMute('source', 'rss')])).toEqual(all.filter((id) => id !== idOf(5)));
      expect(await listed([parseMute('source', 'rss'), parseMute('author', 'loudbot')], 'only')).toEqual([idOf(1), idOf(5)].sort((a, b) => a - b));
      expect(await listed([], 'only')).toEqual([]);
      const top = await store.top({ limit: 50, mutes: muteFilter([parseMute('author', 'loudbot')]) });
      expect(top.map((s) => s.id)).not.toContain(idOf(1));
      expect(top).toHaveLength(5);
    });

    it('the outbox never offers a muted signal, on any channel; the signal stays stored and scored', async () => {
      await store.mutes.add(parseMute('author', 'loudbot'), 'cli', T(1));
      await store.mutes.add(parseMute('domain', 'spam-site.example'), 'cli', T(1));
      for (const channel of ['slack', 'webhook']) {
        const offered = (await store.outbox.candidates({ channel, threshold: 50, limit: 50 })).map((s) => s.id);
        expect(offered.sort((a, b) => a - b)).toEqual([idOf(4), idOf(5), idOf(6)].sort((a, b) => a - b));
      }
      expect(await store.getSignal(idOf(1))).toMatchObject({ salience: 90 });
    });

    it('labels.of(): the current labels of the ids asked for (the dashboard\'s table)', async () => {
      await store.labels.set({ itemId: idOf(1), label: 'relevant', actor: 'a', at: T(1) });
      await store.labels.set({ itemId: idOf(2), label: 'relevant', actor: 'a', at: T(2) });
      await store.labels.set({ itemId: idOf(2), label: 'irrelevant', actor: 'a', at: T(3) });
      await store.labels.set({ itemId: idOf(3), label: 'relevant', actor: 'a', at: T(4) });
      await store.labels.set({ itemId: idOf(3), label: 'clear', actor: 'a', at: T(5) });
      const got = await store.labels.of([idOf(1), idOf(2), idOf(3), idOf(4)]);
      expect(got.map((l) => [l.itemId, l.label])).toEqual([[idOf(1), 'relevant'], [idOf(2), 'irrelevant']].sort((a, b) => Number(a[0]) - Number(b[0])));
      expect(await store.labels.of([])).toEqual([]);
      expect(await store.labels.of([idOf(4)])).toEqual([]);
    });
  });

  describe(`story labels and story mutes on the demo stories [${target.name}]`, () => {
    let store: Store;
    beforeAll(async () => {
      store = await demoStore(target);
    }, 120_000);
    afterAll(async () => {
      await store.close();
    });

    it('labels a story: who and when kept, history kept, last one wins; unknown ids write nothing', async () => {
      const [story] = await store.stories.list({ limit: 1, offset: 0, minSize: 2 });
      const id = story!.id;
      expect(await store.storyLabels.get(id)).toEqual({ storyId: id, label: null, actor: null, at: null, history: [] });
      await store.storyLabels.set({ storyId: id, label: 'relevant', actor: 'alice', at: T(1) });
      const second = await store.storyLabels.set({ storyId: id, label: 'irrelevant', actor: 'bob', at: T(2) });
      expect(second).toMatchObject({ storyId: id, label: 'irrelevant', actor: 'bob', at: T(2) });
      expect(second!.history.map((h) => h.label)).toEqual(['irrelevant', 'relevant']);
      expect(await store.storyLabels.get(id)).toEqual(second);
      const cleared = await store.storyLabels.set({ storyId: id, label: 'clear', actor: 'cli', at: T(3) });
      expect(cleared).toMatchObject({ label: null, history: [{ label: 'clear' }, {}, {}] });
      expect(await store.storyLabels.set({ storyId: 99_999_999, label: 'relevant', actor: 'x', at: T(4) })).toBeUndefined();
      expect(await store.storyLabels.get(99_999_999)).toBeUndefined();
    });

    it('a muted story leaves the story list, its members the signal list, and the story outbox', async () => {
      const [loud] = await store.stories.list({ limit: 1, offset: 0, minSize: 2 });
      const rules = [parseMute('story', String(loud!.id))];
      const kept = await store.stories.list({ limit: 1000, offset: 0, mutes: muteFilter(rules) });
      expect(kept.map((s) => s.id)).not.toContain(loud!.id);
      expect((await store.stories.list({ limit: 1000, offset: 0, mutes: muteFilter(rules, 'only') })).map((s) => s.id)).toEqual([loud!.id]);
      const detail = await store.stories.get(loud!.id, 1000);
      const shown = new Set((await store.listSignals({ limit: 5000, mutes: muteFilter(rules) })).map((s) => s.id));
      for (const m of detail!.members) expect(shown.has(m.itemId)).toBe(false);
      const before = await store.storyOutbox.candidates({ channel: 'slack', threshold: 0, minMembers: 2, limit: 1000 });
      expect(before.map((c) => c.story.id)).toContain(loud!.id);
      const { mute } = await store.mutes.add(rules[0]!, 'cli', T(1));
      const after = await store.storyOutbox.candidates({ channel: 'slack', threshold: 0, minMembers: 2, limit: 1000 });
      expect(after.map((c) => c.story.id)).not.toContain(loud!.id);
      expect(after.length).toBe(before.length - 1);
      await store.mutes.remove(mute.id);
    });
  });
}
