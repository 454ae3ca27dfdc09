import { sql, type Kysely, type Migration, type MigrationProvider } from 'kysely';
import { dialectHelpers, type DialectName } from '../dialects/dialect.js';
import { pgSearchVector, SQLITE_FTS_DROP, SQLITE_FTS_SCHEMA } from './search.js';

type Db = Kysely<unknown>;

/** One ordered set of migrations for both databases; names sort in application order. */
const buildMigrations = (dialect: DialectName): Record<string, Migration> => {
  const d = dialectHelpers(dialect);
  return {
    '0001_core': {
      async up(db: Db) {
        await d
          .addIdColumn(db.schema.createTable('items'), 'id')
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('external_id', 'text', (c) => c.notNull())
          .addColumn('url', 'text')
          .addColumn('author_id', 'text')
          .addColumn('author_handle', 'text')
          .addColumn('author_name', 'text')
          .addColumn('author_followers', d.bigint)
          .addColumn('title', 'text')
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('lang', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('fetched_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('likes', d.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('reposts', d.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('replies', d.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('quotes', d.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('views', d.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('queries', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('raw', 'text', (c) => c.notNull().defaultTo('null'))
          .addUniqueConstraint('items_source_external_id_uq', ['source', 'external_id'])
          .execute();
        await db.schema.createIndex('items_created_at_idx').on('items').column('created_at').execute();

        await db.schema
          .createTable('analyses')
          .addColumn('item_id', d.bigint, (c) => c.primaryKey().references('items.id').onDelete('cascade'))
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('category', 'text', (c) => c.notNull())
          .addColumn('sentiment', 'text', (c) => c.notNull())
          .addColumn('sentiment_score', d.float, (c) => c.notNull())
          .addColumn('urgency', 'integer', (c) => c.notNull())
          .addColumn('confidence', d.float, (c) => c.notNull())
          .addColumn('tags', 'text', (c) => c.notNull())
          .addColumn('entities', 'text', (c) => c.notNull())
          .addColumn('reasoning', 'text', (c) => c.notNull())
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('prompt_version', 'text', (c) => c.notNull())
          .addColumn('tokens_in', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('tokens_out', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('cost_usd', d.float, (c) => c.notNull().defaultTo(0))
          .addColumn('fallback', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('analyzed_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('analyses_category_idx').on('analyses').column('category').execute();

        await db.schema
          .createTable('scores')
          .addColumn('item_id', d.bigint, (c) => c.primaryKey().references('items.id').onDelete('cascade'))
          .addColumn('salience', d.float, (c) => c.notNull())
          .addColumn('breakdown', 'text', (c) => c.notNull())
          .addColumn('scored_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('scores_salience_idx').on('scores').column('salience').execute();

        await d
          .addIdColumn(db.schema.createTable('notifications'), 'id')
          .addColumn('item_id', d.bigint, (c) => c.notNull().references('items.id').onDelete('cascade'))
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('batch_id', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_error', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('sent_at', 'text')
          .addUniqueConstraint('notifications_item_channel_uq', ['item_id', 'channel'])
          .execute();
        await db.schema.createIndex('notifications_status_idx').on('notifications').columns(['channel', 'status']).execute();
        await db.schema.createIndex('notifications_batch_idx').on('notifications').column('batch_id').execute();

        await db.schema
          .createTable('cursors')
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('cursors_pk', ['source', 'key'])
          .execute();

        await d
          .addIdColumn(db.schema.createTable('pipeline_runs'), 'id')
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('finished_at', 'text')
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('trigger', 'text', (c) => c.notNull())
          .addColumn('stats', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('error', 'text')
          .execute();
        await db.schema.createIndex('pipeline_runs_started_idx').on('pipeline_runs').column('started_at').execute();
      },
      async down(db: Db) {
        for (const t of ['pipeline_runs', 'cursors', 'notifications', 'scores', 'analyses', 'items']) {
          await db.schema.dropTable(t).ifExists().execute();
        }
      },
    },
    '0002_signals_jobs_snapshots': {
      async up(db: Db) {
        // SPEC 4.2: a signal's triage status is stored, not derived.
        await db.schema.alterTable('items').addColumn('status', 'text', (c) => c.notNull().defaultTo('active')).execute();
        await db.schema.createIndex('items_status_idx').on('items').column('status').execute();

        // Jobs (bulk status/delete, pipeline refresh) live in the store so any replica can report,
        // stream or cancel them.
        await db.schema
          .createTable('jobs')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('done', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('failed', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('result', 'text')
          .addColumn('error', 'text')
          .addColumn('cancel_requested', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('heartbeat_at', 'text')
          .execute();
        await db.schema.createIndex('jobs_kind_status_idx').on('jobs').columns(['kind', 'status']).execute();

        // Snapshots: real export files of a filtered set, with a checksum.
        await db.schema
          .createTable('snapshots')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('format', 'text', (c) => c.notNull())
          .addColumn('filters', 'text', (c) => c.notNull().defaultTo('{}'))
          .addColumn('path', 'text')
          .addColumn('bytes', d.bigint)
          .addColumn('rows', 'integer')
          .addColumn('sha256', 'text')
          .addColumn('error', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('finished_at', 'text')
          .execute();
        await db.schema.createIndex('snapshots_created_idx').on('snapshots').column('created_at').execute();
      },
      async down(db: Db) {
        await db.schema.dropTable('snapshots').ifExists().execute();
        await db.schema.dropTable('jobs').ifExists().execute();
        await db.schema.dropIndex('items_status_idx').ifExists().execute();
        await db.schema.alterTable('items').dropColumn('status').execute();
      },
    },
    '0003_lookup_indexes': {
      async up(db: Db) {
        // GET /tweet/{id} looks an external id up across sources; the unique index leads with source.
        await db.schema.createIndex('items_external_id_idx').on('items').column('external_id').execute();
        // PostgreSQL breaks salience ties by item id from the index as well (on SQLite the salience
        // index already holds item_id, the rowid, and a second index would slow every score write).
        if (d.name === 'postgres') await db.schema.createIndex('scores_salience_item_idx').on('scores').columns(['salience', 'item_id']).execute();
      },
      async down(db: Db) {
        await db.schema.dropIndex('scores_salience_item_idx').ifExists().execute();
        await db.schema.dropIndex('items_external_id_idx').ifExists().execute();
      },
    },
    '0004_llm_cache_budget': {
      async up(db: Db) {
        // LLM verdicts by content hash + provider + model + prompt version: duplicate texts and
        // re-runs cost nothing (issue 4, docs/adr/0006-llm-providers.md).
        await db.schema
          .createTable('llm_cache')
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('prompt_version', 'text', (c) => c.notNull())
          .addColumn('result', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('llm_cache_pk', ['content_hash', 'provider', 'model', 'prompt_version'])
          .execute();
        // Daily usage per provider and model: what the daily budget is checked against.
        await db.schema
          .createTable('llm_usage')
          .addColumn('day', 'text', (c) => c.notNull())
          .addColumn('provider', 'text', (c) => c.notNull())
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('tokens_in', d.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('tokens_out', d.bigint, (c) => c.notNull().defaultTo(0))
          .addColumn('cost_usd', d.float, (c) => c.notNull().defaultTo(0))
          .addColumn('requests', d.bigint, (c) => c.notNull().defaultTo(0))
          .addPrimaryKeyConstraint('llm_usage_pk', ['day', 'provider', 'model'])
          .execute();
        // `harvest analyze --retry-fallbacks` finds the heuristic's stand-in answers.
        await db.schema.createIndex('analyses_fallback_idx').on('analyses').column('fallback').execute();
      },
      async down(db: Db) {
        await db.schema.dropIndex('analyses_fallback_idx').ifExists().execute();
        await db.schema.dropTable('llm_usage').ifExists().execute();
        await db.schema.dropTable('llm_cache').ifExists().execute();
      },
    },
    '0005_source_state': {
      async up(db: Db) {
        // Per-source fetch health (issue 5): one row per source, written after each source's run.
        await db.schema
          .createTable('source_state')
          .addColumn('source', 'text', (c) => c.primaryKey())
          .addColumn('last_success_at', 'text')
          .addColumn('last_error_at', 'text')
          .addColumn('last_error', 'text')
          .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('rate_limited_until', 'text')
          .addColumn('last_fetched_count', 'integer')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
      },
      async down(db: Db) {
        await db.schema.dropTable('source_state').ifExists().execute();
      },
    },
    '0006_job_owner': {
      async up(db: Db) {
        // The process that created a job (`host:pid:instance`): a server restarted after a kill
        // releases the jobs of its dead predecessor at once instead of waiting for the heartbeat.
        await db.schema.alterTable('jobs').addColumn('owner', 'text').execute();
      },
      async down(db: Db) {
        await db.schema.alterTable('jobs').dropColumn('owner').execute();
      },
    },
    '0007_triage_state': {
      async up(db: Db) {
        // A triage state of its own (issue 13 item 20, docs/adr/0020-triage-state.md): existing
        // rows become `new` through the default; `status` stays as it is for API compatibility.
        await db.schema.alterTable('items').addColumn('triage', 'text', (c) => c.notNull().defaultTo('new')).execute();
        await db.schema.createIndex('items_triage_idx').on('items').column('triage').execute();
      },
      async down(db: Db) {
        await db.schema.dropIndex('items_triage_idx').ifExists().execute();
        await db.schema.alterTable('items').dropColumn('triage').execute();
      },
    },
    '0008_source_parts_health': {
      async up(db: Db) {
        // Health per part of a source (issue 13 item 8): one row per feed / query / listing /
        // repository, so one bad feed makes its source `degraded`, not `failing`.
        await db.schema
          .createTable('source_part_state')
          .addColumn('source', 'text', (c) => c.notNull())
          .addColumn('part_key', 'text', (c) => c.notNull())
          .addColumn('last_success_at', 'text')
          .addColumn('last_error_at', 'text')
          .addColumn('last_error', 'text')
          .addColumn('consecutive_failures', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_fetched_count', 'integer')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('source_part_state_pk', ['source', 'part_key'])
          .execute();
      },
      async down(db: Db) {
        await db.schema.dropTable('source_part_state').ifExists().execute();
      },
    },
    '0009_search_fts': {
      async up(db: Db) {
        // Full-text search (issue 13, ADR 0017): a search read every item's text with LIKE and, on
        // SQLite, blocked the event loop for 0.4 s at 100k items. SQLite: an FTS5 table over the
        // items' title, text and author handle, kept by triggers and backfilled here. PostgreSQL: a
        // GIN index on the weighted tsvector expression the queries use (no stored column).
        if (d.name === 'sqlite') {
          for (const statement of SQLITE_FTS_SCHEMA) await sql.raw(statement).execute(db);
          return;
        }
        await sql.raw(`create index items_search_idx on items using gin ((${pgSearchVector()}))`).execute(db);
      },
      async down(db: Db) {
        if (d.name === 'sqlite') {
          for (const statement of SQLITE_FTS_DROP) await sql.raw(statement).execute(db);
          return;
        }
        await db.schema.dropIndex('items_search_idx').ifExists().execute();
      },
    },
    '0010_snapshot_storage': {
      async up(db: Db) {
        // Snapshot content lives in the database, in chunks, so every API replica can serve every
        // snapshot (ADR 0019); deleting a snapshot deletes its chunks. The file path goes.
        await db.schema
          .createTable('snapshot_chunks')
          .addColumn('snapshot_id', 'text', (c) => c.notNull().references('snapshots.id').onDelete('cascade'))
          .addColumn('seq', 'integer', (c) => c.notNull())
          .addColumn('data', d.blob, (c) => c.notNull())
          .addPrimaryKeyConstraint('snapshot_chunks_pk', ['snapshot_id', 'seq'])
          .execute();
        await db.schema.alterTable('snapshots').dropColumn('path').execute();
        // Job retention deletes finished jobs by the time they ended.
        await db.schema.createIndex('jobs_status_updated_idx').on('jobs').columns(['status', 'updated_at']).execute();
      },
      async down(db: Db) {
        await db.schema.dropIndex('jobs_status_updated_idx').ifExists().execute();
        await db.schema.alterTable('snapshots').addColumn('path', 'text').execute();
        await db.schema.dropTable('snapshot_chunks').ifExists().execute();
      },
    },
    '0015_deliveries': {
      async up(db: Db) {
        // Issue 19 (ADR 0027): every delivery attempt of every channel is recorded; a batch that
        // failed retryably waits for `next_attempt_at` (exponential backoff across runs) and after
        // the channel's limit is dead-lettered (status `dead`); a receiver answering 410 disables
        // its channel until an operator re-enables it.
        await d
          .addIdColumn(db.schema.createTable('deliveries'), 'id')
          .addColumn('batch_id', 'text', (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('item_count', 'integer', (c) => c.notNull())
          .addColumn('attempt', 'integer', (c) => c.notNull())
          .addColumn('outcome', 'text', (c) => c.notNull())
          .addColumn('status_code', 'integer')
          .addColumn('latency_ms', 'integer', (c) => c.notNull())
          .addColumn('error', 'text')
          .addColumn('next_retry_at', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('deliveries_batch_idx').on('deliveries').column('batch_id').execute();
        await db.schema.createIndex('deliveries_channel_idx').on('deliveries').columns(['channel', 'id']).execute();
        await db.schema.alterTable('notifications').addColumn('next_attempt_at', 'text').execute();
        await db.schema
          .createTable('notify_channel_state')
          .addColumn('channel', 'text', (c) => c.primaryKey())
          .addColumn('disabled_at', 'text', (c) => c.notNull())
          .addColumn('reason', 'text', (c) => c.notNull())
          .execute();
      },
      async down(db: Db) {
        await db.schema.dropTable('notify_channel_state').ifExists().execute();
        await db.schema.alterTable('notifications').dropColumn('next_attempt_at').execute();
        await db.schema.dropTable('deliveries').ifExists().execute();
      },
    },
  };
};

export const migrationProvider = (dialect: DialectName): MigrationProvider => ({
  getMigrations: async () => buildMigrations(dialect),
});
