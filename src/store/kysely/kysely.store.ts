import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { Migrator, sql } from 'kysely';
import { AppError } from '../../domain/errors.js';
import type { Clock } from '../../platform/clock.js';
import type { Store } from '../store.port.js';
import { upsertAnalyses, selectPendingScoring, upsertScores, selectScore } from './analyses.repository.js';
import { createSqliteWrites } from '../dialects/sqlite-writes.js';
import { openDb, type DbOptions } from './db.js';
import { findItemByExternalId, getItemById, selectPendingAnalysis, upsertItems } from './items.repository.js';
import { migrationProvider } from './migrations.js';
import { createOutboxRepository } from './outbox.repository.js';
import { createPipelineLock } from './pipeline-lock.js';
import { createJobsRepository } from './jobs.repository.js';
import { createLabelsRepository } from './labels.repository.js';
import { createMutesRepository } from './mutes.repository.js';
import { createStoryLabelsRepository } from './story-labels.repository.js';
import { createExperimentsRepository, createRelevanceRepository } from './relevance.repository.js';
import { createEmbeddingsRepository } from './embeddings.repository.js';
import { createLlmRepository } from './llm.repository.js';
import { createTopicsRepository } from './topics.repository.js';
import { createLlmTopicsRepository, upsertLlmTopics } from './llm-topics.repository.js';
import { createRunsRepository } from './runs.repository.js';
import { createSignalsRepository } from './signals-admin.repository.js';
import { createSnapshotsRepository } from './snapshots.repository.js';
import { createSourceStateRepository } from './source-state.repository.js';
import { createSqliteReader, inlineReads } from './sqlite-reader.js';
import { createDashboardRepository } from './dashboard.repository.js';
import { createStoriesRepository } from './stories.repository.js';
import { createDiscoveryOutboxRepository } from './discovery-outbox.repository.js';
import { createStoryOutboxRepository } from './story-outbox.repository.js';
import { createVolumesRepository } from './volumes.repository.js';
import { createEntitiesRepository } from './entities.repository.js';
import { selectSignal, selectSignalList, selectSignalsPage, selectStats, selectTop } from './signals.repository.js';

/** Hides credentials of a postgres URL in error messages. */
const redactUrl = (message: string): string => message.replace(/(postgres(?:ql)?:\/\/)[^@\s/]*@/gi, '$1***@');

/** The Store port over Kysely: SQLite (better-sqlite3) or PostgreSQL (pg), one code path. */
export const createKyselyStore = (opts: DbOptions, clock: Clock): Store => {
  const { db, dialect, sqlite } = openDb(opts);
  const writes = sqlite ? createSqliteWrites(sqlite) : undefined;
  // Searches and signal pages run off the event loop on a SQLite file (ADR 0017).
  const reads = sqlite && !sqlite.memory ? createSqliteReader(sqlite.name, { busyTimeoutMs: opts.busyTimeoutMs, onQuery: opts.onQuery }) : { ...inlineReads(db, dialect), close: async () => undefined };
  let schemaCurrent = false;
  const now = (): string => clock.now().toISOString();
  const wrap = async <T>(what: string, fn: () => Promise<T>): Promise<T> => {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof AppError) throw err;
      const code = (err as { code?: string }).code;
      const unreachable = code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === '57P03' || code === '3D000' || code === '28P01';
      throw new AppError(unreachable ? 'STORE_UNAVAILABLE' : 'INTERNAL', `store: ${what} failed: ${redactUrl((err as Error).message)}`, {
        cause: err,
        retryable: unreachable || code === 'SQLITE_BUSY',
      });
    }
  };

  /** Every method of a repository through `wrap`, so its errors carry the store's codes too. */
  const wrapAll = <R extends object>(name: string, repo: R): R =>
    Object.fromEntries(
      Object.entries(repo).map(([key, fn]) => [key, typeof fn === 'function' ? (...args: unknown[]) => wrap(`${name}.${key}`, () => (fn as (...a: unknown[]) => Promise<unknown>)(...args)) : fn]),
    ) as R;

  return {
    dialect,
    async migrate() {
      return wrap('migrate', async () => {
        const migrator = new Migrator({ db, provider: migrationProvider(dialect) });
        // SQLite: the migrator's transaction reads before it writes, and SQLite refuses (SQLITE_BUSY
        // at once, no busy wait) to upgrade a read to a write while another process migrates the same
        // fresh file. Wait for that process and try again: its migrations are then ours too.
        const deadline = Date.now() + Math.max(opts.busyTimeoutMs ?? 5000, 1000) * 2;
        for (let attempt = 0; ; attempt++) {
          const { error, results } = await migrator.migrateToLatest();
          if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
          const busy = (error as { code?: string }).code === 'SQLITE_BUSY';
          if (!busy || Date.now() > deadline) throw error;
          await new Promise((r) => setTimeout(r, Math.min(50 * 2 ** attempt, 500)));
        }
      });
    },
    close: async () => {
      await reads.close();
      await db.destroy();
    },
    ping: () => wrap('ping', async () => void (await sql`select 1`.execute(db))),

    saveFetchBatch: (source, items, cursor) =>
      wrap('save fetched items', () =>
        db.transaction().execute(async (trx) => {
          const at = now();
          const counts = await upsertItems(trx, source, items, at, writes);
          if (cursor) {
            await trx
              .insertInto('cursors')
              .values({ source, key: cursor.key, value: cursor.value, updated_at: at })
              .onConflict((oc) => oc.columns(['source', 'key']).doUpdateSet({ value: cursor.value, updated_at: at }))
              .execute();
          }
          return counts;
        }),
      ),
    getCursor: (source, key) =>
      wrap('read cursor', async () => {
        const r = await db.selectFrom('cursors').select('value').where('source', '=', source).where('key', '=', key).executeTakeFirst();
        return r?.value;
      }),
    getItem: (id) => wrap('get item', () => getItemById(db, id)),
    findItem: (source, externalId) => wrap('find item', () => findItemByExternalId(db, source, externalId)),
    countItems: () =>
      wrap('count items', async () => Number((await db.selectFrom('items').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)),

    pendingAnalysis: (afterId, limit) => wrap('list pending analysis', () => selectPendingAnalysis(db, afterId, limit)),
    saveAnalyses: (rows) =>
      wrap('save analyses', () =>
        db.transaction().execute(async (trx) => {
          await upsertAnalyses(trx, rows, writes);
          await upsertLlmTopics(trx, rows);
        }),
      ),
    pendingScoring: (afterId, limit, recentSince, scoredBefore) => wrap('list pending scoring', () => selectPendingScoring(db, afterId, limit, recentSince, writes, scoredBefore)),
    saveScores: (rows) => wrap('save scores', () => db.transaction().execute((trx) => upsertScores(trx, rows, writes))),
    getScore: (itemId) => wrap('get score', () => selectScore(db, itemId)),

    top: (q) => wrap('top', () => selectTop(db, dialect, q)),
    listSignals: (q) => wrap('list signals', () => selectSignalList(db, reads, q)),
    getSignal: (id) => wrap('get signal', () => selectSignal(db, { id })),
    findSignalByExternalId: (externalId, source) => wrap('find signal', () => selectSignal(db, { externalId, source })),
    pendingMigrations: () =>
      wrap('check migrations', async () => {
        // Once the schema is current it stays current for this process: readiness probes then
        // cost one `select 1` (ping), not a read of the migration table.
        if (schemaCurrent) return [];
        const migrations = await new Migrator({ db, provider: migrationProvider(dialect) }).getMigrations();
        const pending = migrations.filter((m) => m.executedAt === undefined).map((m) => m.name);
        schemaCurrent = pending.length === 0;
        return pending;
      }),
    signalsPage: (afterId, limit, mutes) => wrap('list signals', () => selectSignalsPage(db, afterId, limit, mutes)),
    stats: () =>
      wrap('stats', async () => {
        const base = await selectStats(db);
        const [lastRun] = await createRunsRepository(db).recent(1);
        return { ...base, lastRun: lastRun ?? null };
      }),
    sizeBytes: () =>
      wrap('size', async () => {
        if (dialect === 'postgres') {
          const r = await sql<{ size: number | string }>`select pg_database_size(current_database()) as size`.execute(db);
          return Number(r.rows[0]?.size ?? 0);
        }
        const r = await sql<{ size: number }>`select page_count * page_size as size from pragma_page_count(), pragma_page_size()`.execute(db);
        const file = opts.path === ':memory:' ? undefined : resolve(opts.path);
        const wal = file ? await stat(`${file}-wal`).then((s) => s.size, () => 0) : 0;
        return Number(r.rows[0]?.size ?? 0) + wal;
      }),

    outbox: wrapAll('outbox', createOutboxRepository(db, dialect)),
    runs: wrapAll('runs', createRunsRepository(db)),
    labels: wrapAll('labels', createLabelsRepository(db)),
    storyLabels: wrapAll('storyLabels', createStoryLabelsRepository(db)),
    mutes: wrapAll('mutes', createMutesRepository(db)),
    signals: wrapAll('signals', createSignalsRepository(db, reads, clock)),
    jobs: wrapAll('jobs', createJobsRepository(db, clock)),
    snapshots: wrapAll('snapshots', createSnapshotsRepository(db, clock)),
    llm: wrapAll('llm', createLlmRepository(db)),
    embeddings: wrapAll('embeddings', createEmbeddingsRepository(db)),
    topics: wrapAll('topics', createTopicsRepository(db)),
    sourceState: wrapAll('sourceState', createSourceStateRepository(db)),
    withPipelineLock: (() => {
      const lock = createPipelineLock(db, dialect, sqlite?.name);
      return <T>(fn: () => Promise<T>) => lock(fn);
    })(),
    dashboard: wrapAll('dashboard', createDashboardRepository(db, reads)),
    stories: wrapAll('stories', createStoriesRepository(db)),
    storyOutbox: wrapAll('storyOutbox', createStoryOutboxRepository(db)),
    volumes: wrapAll('volumes', createVolumesRepository(db, writes)),
    entities: wrapAll('entities', createEntitiesRepository(db)),
    relevance: wrapAll('relevance', createRelevanceRepository(db)),
    experiments: wrapAll('experiments', createExperimentsRepository(db)),
    llmTopics: wrapAll('llmTopics', createLlmTopicsRepository(db)),
    discoveryOutbox: wrapAll('discoveryOutbox', createDiscoveryOutboxRepository(db)),
  };
};
