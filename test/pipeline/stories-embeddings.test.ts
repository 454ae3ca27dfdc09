/*
 * The stories stage with the optional embedding provider (ADR 0022, embeddings amendment), against
 * a fake OpenAI-compatible /v1/embeddings server on loopback and a real store (SQLite, and
 * PostgreSQL when TEST_DATABASE_URL is set): off by default nothing is asked; on, each distinct
 * text is asked once and a second pipeline over the same store asks nothing; a stopped run resumed
 * stores what an uninterrupted one does (dense centroids included); a provider failure fails the
 * stage with the batch unwritten.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { configSchema, type Config } from '../../src/config/schema.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { buildStoryEmbeddings } from '../../src/embeddings/build-embeddings.js';
import { embeddingText } from '../../src/embeddings/dense-vectors.js';
import { composeApp } from '../../src/main/compose.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { PipelineDeps, Progress } from '../../src/pipeline/deps.js';
import { runFetch } from '../../src/pipeline/fetch.stage.js';
import { runStories } from '../../src/pipeline/stories.stage.js';
import { fixedClock, type Sleep } from '../../src/platform/clock.js';
import { createDemoSource } from '../../src/sources/demo/demo.source.js';
import type { Store } from '../../src/store/store.port.js';
import { EMBEDDINGS_FAKE_KEY, startEmbeddingsFake, type EmbeddingsFake } from '../fakes/embeddings-fake.js';
import { demoCorpusHead } from '../helpers/demo-store.js';
import { storeTargets, tempDir } from '../helpers/stores.js';

const NOW = new Date('2026-11-20T18:30:00.000Z');
/** The demo corpus's first 500 posts: enough for repeated texts, several batches and stories that dense vectors change. */
const demoSource = () => createDemoSource({ batchSize: 1000, file: demoCorpusHead(500) });
const clock = fixedClock(NOW);
const noSleep: Sleep = async () => undefined;

let fake: EmbeddingsFake;
beforeEach(async () => {
  fake = await startEmbeddingsFake();
});
afterEach(async () => {
  await fake.close();
});

const config = (embeddings: Record<string, unknown>, path = join(tempDir(), 'app.db')): Config =>
  configSchema.parse({ store: { path }, providers: { openai: { apiKey: EMBEDDINGS_FAKE_KEY, baseUrl: fake.baseUrl } }, stories: { embeddings: { batchSize: 64, maxAttempts: 1, ...embeddings } } });

const deps = (store: Store, over: Partial<PipelineDeps> = {}): PipelineDeps => ({
  store,
  sources: [demoSource()],
  analyzer: createHeuristicAnalyzer({ products: ['Brindlepost'], competitors: [] }),
  notifiers: [],
  clock,
  log: silentLogger(),
  scoring: scoringConfigSchema.parse({}),
  batchSize: 1000,
  ...over,
});

const embeddingsFor = (store: Store, over: Record<string, unknown> = {}): NonNullable<PipelineDeps['embeddings']> =>
  buildStoryEmbeddings(config({ enabled: true, ...over }), store.embeddings, { clock, sleep: noSleep, log: silentLogger() });

/** Memberships and the open stories' stored state, dense centroids as hex. */
const stored = async (store: Store): Promise<{ members: Array<[number, number, string]>; stories: Array<[number, string | null, number]> }> => {
  const members: Array<[number, number, string]> = [];
  const stories: Array<[number, string | null, number]> = [];
  const page = await store.stories.list({ limit: 10_000, offset: 0 });
  for (const s of page) {
    const detail = await store.stories.get(s.id, 10_000);
    for (const m of detail?.members ?? []) members.push([m.itemId, s.id, m.via]);
  }
  const snap = await store.stories.loadState({ maxOpen: 100_000, postingSize: 16, maxUrls: 100_000, signatures: 100_000, dfTerms: 300_000 });
  for (const o of snap.stories) stories.push([Number(o.id), o.dense ? Buffer.from(o.dense.buffer, o.dense.byteOffset, o.dense.byteLength).toString('hex') : null, o.size]);
  return { members: members.sort((a, b) => a[0] - b[0]), stories: stories.sort((a, b) => a[0] - b[0]) };
};

/** Progress that aborts the stage after `batches` batches (a kill between two transactions). */
const stopAfter = (batches: number, controller: AbortController): Progress => {
  let seen = 0;
  return { start: () => undefined, stop: () => undefined, advance: () => void (++seen >= batches && controller.abort(new Error('stopped'))) };
};

describe('stories.embeddings off by default', () => {
  it('composes no embedding provider from the default config, with a key and base URL set, and the stage asks nothing', async () => {
    const app = composeApp(config({}), { log: silentLogger() });
    try {
      await app.store.migrate();
      const d = { ...app.pipelineDeps(), sources: [demoSource()] };
      expect(d.embeddings).toBeUndefined();
      await runFetch(d);
      const r = await runStories(d);
      expect(r.ok).toBeGreaterThan(100);
      expect(r).not.toHaveProperty('embedded');
      expect(fake.bodies).toHaveLength(0);
    } finally {
      await app.close();
    }
  });

  it('composes the provider when enabled, and the stage asks it', async () => {
    const app = composeApp(config({ enabled: true }), { log: silentLogger() });
    try {
      await app.store.migrate();
      const d = { ...app.pipelineDeps(), sources: [demoSource()] };
      expect(d.embeddings?.weight).toBe(0.5);
      await runFetch(d);
      await runStories(d);
      expect(fake.inputs().length).toBeGreaterThan(100);
    } finally {
      await app.close();
    }
  });
});

for (const target of storeTargets()) {
  describe(`stories stage with embeddings [${target.name}]`, () => {
    const open: Store[] = [];
    afterEach(async () => {
      for (const s of open.splice(0).reverse()) await s.close();
    });
    const fresh = async (): Promise<Store> => {
      const s = await target.open(clock);
      open.push(s);
      return s;
    };

    it('asks once per distinct text; a second pipeline with the same stored cache asks nothing and stores the same stories', async () => {
      const [first, second] = await target.openPair([clock, clock]);
      open.push(second, first);
      await runFetch(deps(first));
      const texts = new Set((await first.stories.pendingItems(100_000)).map((it) => embeddingText(it, 2000)));
      const result = await runStories(deps(first, { embeddings: embeddingsFor(first) }));
      expect(result.ok).toBe(await first.countItems());
      expect(texts.size).toBeLessThan(result.ok); // the demo corpus repeats some texts
      expect(result.embedded).toBe(texts.size);
      expect(fake.inputs().length).toBe(texts.size);
      expect(new Set(fake.inputs())).toEqual(texts);
      expect(fake.bodies.every((b) => b.input.length <= 64 && b.model === 'text-embedding-3-small')).toBe(true);
      const reference = await stored(first);
      expect(reference.stories.filter(([, dense]) => dense !== null).length).toBe(reference.stories.length);

      // Another store with the same items, its vectors from the first database's cache (through a second connection).
      const asked = fake.bodies.length;
      const other = await fresh();
      await runFetch(deps(other));
      const again = await runStories(deps(other, { embeddings: embeddingsFor(second) }));
      expect([again.ok, again.embedded]).toEqual([result.ok, 0]);
      expect(fake.bodies.length).toBe(asked);
      expect(await stored(other)).toEqual(reference);
    }, 120_000);

    it('gives different stories from tf-idf alone (the vectors are used), and a stopped run resumed stores what an uninterrupted one does, dense centroids included', async () => {
      const plain = await fresh();
      await runFetch(deps(plain));
      await runStories(deps(plain));
      const dense = await fresh();
      await runFetch(deps(dense));
      await runStories(deps(dense, { embeddings: embeddingsFor(dense) }));
      const reference = await stored(dense);
      expect(reference.members).not.toEqual((await stored(plain)).members);

      const resumed = await fresh();
      await runFetch(deps(resumed));
      for (const after of [2, 3]) {
        const controller = new AbortController();
        await expect(runStories(deps(resumed, { batchSize: 41, signal: controller.signal, progress: stopAfter(after, controller), embeddings: embeddingsFor(resumed) }))).rejects.toThrow('stopped');
      }
      await runStories(deps(resumed, { batchSize: 41, embeddings: embeddingsFor(resumed) }));
      expect(await stored(resumed)).toEqual(reference);
    }, 120_000);

    it('fails the stage on a provider error with a clear message and the batch unwritten; a re-run resumes there', async () => {
      const store = await fresh();
      await runFetch(deps(store));
      const total = await store.countItems();
      // The first batch's vectors come back; the second batch's request fails.
      fake.script({ kind: 'ok' }, { kind: 'status', status: 500 });
      const failing = runStories(deps(store, { batchSize: 50, embeddings: embeddingsFor(store, { batchSize: 2048 }) }));
      await expect(failing).rejects.toThrow(/^embeddings: HTTP 500: The server had an error.*\(model text-embedding-3-small, 1 attempt\)$/);
      expect((await store.stories.pendingItems(100_000)).length).toBe(total - 50);
      const rest = await runStories(deps(store, { batchSize: 50, embeddings: embeddingsFor(store, { batchSize: 2048 }) }));
      expect(rest.ok).toBe(total - 50);

      const uninterrupted = await fresh();
      await runFetch(deps(uninterrupted));
      await runStories(deps(uninterrupted, { batchSize: 50, embeddings: embeddingsFor(uninterrupted, { batchSize: 2048 }) }));
      expect(await stored(store)).toEqual(await stored(uninterrupted));
    }, 120_000);
  });
}
