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
    '0011_stories': {
      async up(db: Db) {
        // Stories (issue 15, ADR 0023): every item belongs to one story; the assigner's working set
        // (open stories, term postings, URL keys, signatures, document frequencies) is stored so a
        // killed run resumes with the state an uninterrupted run had.
        await db.schema
          .createTable('stories')
          .addColumn('id', d.bigint, (c) => c.primaryKey())
          .addColumn('first_at', d.bigint)
          .addColumn('last_at', d.bigint)
          .addColumn('open_size', 'integer', (c) => c.notNull())
          .addColumn('centroid', 'text', (c) => c.notNull())
          .addColumn('centroid_norm', d.float, (c) => c.notNull())
          .addColumn('heat', d.float, (c) => c.notNull())
          .addColumn('heat_at', d.bigint)
          .addColumn('seq', d.bigint, (c) => c.notNull())
          .addColumn('merged_into', d.bigint)
          .addColumn('size', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('sources', 'text', (c) => c.notNull().defaultTo('[]'))
          .addColumn('authors', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('lead_item_id', d.bigint)
          .addColumn('first_created_at', 'text')
          .addColumn('last_created_at', 'text')
          .addColumn('salience', d.float)
          .addColumn('breakdown', 'text')
          .addColumn('scored_at', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('stories_open_seq_idx').on('stories').columns(['merged_into', 'seq']).execute();
        await db.schema.createIndex('stories_last_created_idx').on('stories').column('last_created_at').execute();
        await db.schema
          .createTable('story_members')
          .addColumn('item_id', d.bigint, (c) => c.primaryKey().references('items.id').onDelete('cascade'))
          .addColumn('story_id', d.bigint, (c) => c.notNull())
          .addColumn('via', 'text', (c) => c.notNull())
          .addColumn('assigned_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('story_members_story_idx').on('story_members').column('story_id').execute();
        await db.schema
          .createTable('story_postings')
          .addColumn('term', 'text', (c) => c.notNull())
          .addColumn('story_id', d.bigint, (c) => c.notNull())
          .addColumn('seq', d.bigint, (c) => c.notNull())
          .addPrimaryKeyConstraint('story_postings_pk', ['term', 'story_id'])
          .execute();
        await db.schema
          .createTable('story_urls')
          .addColumn('url_key', 'text', (c) => c.primaryKey())
          .addColumn('story_id', d.bigint, (c) => c.notNull())
          .addColumn('seq', d.bigint, (c) => c.notNull())
          .execute();
        await db.schema.createIndex('story_urls_seq_idx').on('story_urls').column('seq').execute();
        await db.schema
          .createTable('story_signatures')
          .addColumn('seq', d.bigint, (c) => c.primaryKey())
          .addColumn('story_id', d.bigint, (c) => c.notNull())
          .addColumn('at', d.bigint)
          .addColumn('sig', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('story_df')
          .addColumn('term', 'text', (c) => c.primaryKey())
          .addColumn('n', 'integer', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('story_meta')
          .addColumn('key', 'text', (c) => c.primaryKey())
          .addColumn('value', d.bigint, (c) => c.notNull())
          .execute();
        // Story notifications: one row per (story, channel, milestone), the outbox key (ADR 0004 semantics).
        await db.schema
          .createTable('story_notifications')
          .addColumn('story_id', d.bigint, (c) => c.notNull())
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('milestone', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('last_error', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('sent_at', 'text')
          .addPrimaryKeyConstraint('story_notifications_pk', ['story_id', 'channel', 'milestone'])
          .execute();
      },
      async down(db: Db) {
        for (const t of ['story_notifications', 'story_meta', 'story_df', 'story_signatures', 'story_urls', 'story_postings', 'story_members', 'stories']) await db.schema.dropTable(t).ifExists().execute();
      },
    },
    '0012_topics': {
      async up(db: Db) {
        // Topics and discoveries (issue 16, ADR 0024). The active topic model as one row (replaced
        // in one statement, so a kill during training leaves the previous one); the examples it
        // learns from besides the taxonomy (corrections made through PATCH /signals/{id}, one per
        // item); each item's topics; each topic's centroid; each item's discovery score.
        await db.schema
          .createTable('topic_models')
          .addColumn('name', 'text', (c) => c.primaryKey())
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('examples', 'integer', (c) => c.notNull())
          .addColumn('trained_at', 'text', (c) => c.notNull())
          .execute();
        await d
          .addIdColumn(db.schema.createTable('topic_examples'), 'id')
          .addColumn('item_id', d.bigint, (c) => c.references('items.id').onDelete('cascade'))
          .addColumn('text', 'text', (c) => c.notNull())
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('origin', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('topic_examples_item_uq', ['item_id'])
          .execute();
        await db.schema
          .createTable('item_topics')
          .addColumn('item_id', d.bigint, (c) => c.primaryKey().references('items.id').onDelete('cascade'))
          .addColumn('topics', 'text', (c) => c.notNull())
          .addColumn('top', 'text')
          .addColumn('top_score', d.float, (c) => c.notNull())
          .addColumn('origin', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('assigned_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('item_topics_top_created_idx').on('item_topics').columns(['top', 'created_at']).execute();
        await db.schema
          .createTable('topic_centroids')
          .addColumn('topic', 'text', (c) => c.primaryKey())
          .addColumn('vector', 'text', (c) => c.notNull())
          .addColumn('n', 'integer', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema
          .createTable('discoveries')
          .addColumn('item_id', d.bigint, (c) => c.primaryKey().references('items.id').onDelete('cascade'))
          .addColumn('topic', 'text')
          .addColumn('score', d.float, (c) => c.notNull())
          .addColumn('breakdown', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('scored_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('discoveries_score_idx').on('discoveries').columns(['score', 'item_id']).execute();
      },
      async down(db: Db) {
        for (const t of ['discoveries', 'topic_centroids', 'item_topics', 'topic_examples', 'topic_models']) await db.schema.dropTable(t).ifExists().execute();
      },
    },
    '0013_volumes': {
      async up(db: Db) {
        // Volumes and spikes (issue 17, ADR 0025). `volume_items` says which item counted in which
        // series (and is what makes counting idempotent: an item is counted once per series);
        // `volumes` holds the counts per 5-minute bucket and their hourly and daily roll-ups, kept
        // by increments; `spike_series` the detector's state per series and how far it has scored;
        // `spikes` what it raised (one per series and start); `spike_alerts` the spike outbox, one
        // row per (spike, channel).
        await db.schema
          .createTable('volume_items')
          .addColumn('series_key', 'text', (c) => c.notNull())
          .addColumn('item_id', d.bigint, (c) => c.notNull().references('items.id').onDelete('cascade'))
          .addColumn('bucket', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('volume_items_pk', ['series_key', 'item_id'])
          .execute();
        await db.schema.createIndex('volume_items_item_idx').on('volume_items').column('item_id').execute();
        await db.schema.createIndex('volume_items_bucket_idx').on('volume_items').columns(['series_key', 'bucket']).execute();
        await db.schema
          .createTable('volumes')
          .addColumn('series_key', 'text', (c) => c.notNull())
          .addColumn('resolution', 'text', (c) => c.notNull())
          .addColumn('bucket', 'text', (c) => c.notNull())
          .addColumn('count', 'integer', (c) => c.notNull())
          .addPrimaryKeyConstraint('volumes_pk', ['series_key', 'resolution', 'bucket'])
          .execute();
        await db.schema
          .createTable('spike_series')
          .addColumn('series_key', 'text', (c) => c.primaryKey())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('state', 'text')
          .addColumn('scored_through', 'text')
          .addColumn('last_score', d.float, (c) => c.notNull().defaultTo(0))
          .addColumn('open_spike_id', d.bigint)
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .execute();
        await d
          .addIdColumn(db.schema.createTable('spikes'), 'id')
          .addColumn('series_key', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('started_at', 'text', (c) => c.notNull())
          .addColumn('ended_at', 'text')
          .addColumn('score', d.float, (c) => c.notNull())
          .addColumn('peak_score', d.float, (c) => c.notNull())
          .addColumn('count', d.float, (c) => c.notNull())
          .addColumn('expected', d.float, (c) => c.notNull())
          .addColumn('spread', d.float, (c) => c.notNull())
          .addColumn('p', d.float, (c) => c.notNull())
          .addColumn('hour_count', d.float, (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('spikes_series_start_uq', ['series_key', 'started_at'])
          .execute();
        await db.schema.createIndex('spikes_started_idx').on('spikes').column('started_at').execute();
        await db.schema
          .createTable('spike_alerts')
          .addColumn('spike_id', d.bigint, (c) => c.notNull().references('spikes.id').onDelete('cascade'))
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('last_error', 'text')
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('spike_alerts_pk', ['spike_id', 'channel'])
          .execute();
      },
      async down(db: Db) {
        for (const t of ['spike_alerts', 'spikes', 'spike_series', 'volumes', 'volume_items']) await db.schema.dropTable(t).ifExists().execute();
      },
    },
    '0014_feedback': {
      async up(db: Db) {
        // Relevance labels (issue 18, ADR 0026): every label ever given is a row (history); the
        // newest row of an item is its label, and `clear` takes it away. Keyed by the item's id,
        // which a re-fetch (an upsert on source + external id) and a re-analysis both keep.
        await d
          .addIdColumn(db.schema.createTable('signal_labels'), 'id')
          .addColumn('item_id', d.bigint, (c) => c.notNull().references('items.id').onDelete('cascade'))
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('signal_labels_item_idx').on('signal_labels').columns(['item_id', 'id']).execute();
      },
      async down(db: Db) {
        await db.schema.dropTable('signal_labels').ifExists().execute();
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
    '0016_alert_outboxes': {
      async up(db: Db) {
        // Discovery alerts (issue 16 via issue 19's channels, ADR 0027 amended): exactly once per
        // (item, channel), with ADR 0004's claim protocol; the payload is the discovery as alerted.
        await db.schema
          .createTable('discovery_notifications')
          .addColumn('item_id', d.bigint, (c) => c.notNull().references('items.id').onDelete('cascade'))
          .addColumn('channel', 'text', (c) => c.notNull())
          .addColumn('status', 'text', (c) => c.notNull())
          .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
          .addColumn('payload', 'text', (c) => c.notNull())
          .addColumn('last_error', 'text')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('updated_at', 'text', (c) => c.notNull())
          .addColumn('sent_at', 'text')
          .addPrimaryKeyConstraint('discovery_notifications_pk', ['item_id', 'channel'])
          .execute();
      },
      async down(db: Db) {
        await db.schema.dropTable('discovery_notifications').ifExists().execute();
      },
    },
    '0017_mutes': {
      async up(db: Db) {
        // Story labels and mute rules (issue 18, ADR 0029). Story labels as signal labels (0014):
        // every label a row, the newest wins, `clear` takes it away. Mutes: one row per rule,
        // (kind, value) unique; the value is normalised (src/domain/mute.ts).
        await d
          .addIdColumn(db.schema.createTable('story_labels'), 'id')
          .addColumn('story_id', d.bigint, (c) => c.notNull().references('stories.id').onDelete('cascade'))
          .addColumn('label', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .execute();
        await db.schema.createIndex('story_labels_story_idx').on('story_labels').columns(['story_id', 'id']).execute();
        await d
          .addIdColumn(db.schema.createTable('mutes'), 'id')
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('value', 'text', (c) => c.notNull())
          .addColumn('actor', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('mutes_kind_value_uq', ['kind', 'value'])
          .execute();
      },
      async down(db: Db) {
        await db.schema.dropTable('mutes').ifExists().execute();
        await db.schema.dropTable('story_labels').ifExists().execute();
      },
    },
    '0018_experiments': {
      async up(db: Db) {
        // Issue 18 (ADR 0030): the pipeline's learned relevance model (one row, replaced whole, so
        // a failed or killed training keeps the previous one) and the backtests' experiments.
        await db.schema
          .createTable('relevance_model')
          .addColumn('id', 'integer', (c) => c.primaryKey())
          .addColumn('model', 'text')
          .addColumn('fingerprint', 'text', (c) => c.notNull())
          .addColumn('trained_at', 'text', (c) => c.notNull())
          .execute();
        await d
          .addIdColumn(db.schema.createTable('experiments'), 'id')
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('winner', 'text')
          .addColumn('params', 'text', (c) => c.notNull())
          .addColumn('result', 'text', (c) => c.notNull())
          .execute();
      },
      async down(db: Db) {
        await db.schema.dropTable('experiments').ifExists().execute();
        await db.schema.dropTable('relevance_model').ifExists().execute();
      },
    },
    '0019_entities': {
      async up(db: Db) {
        // Entities (issue 16, ADR 0031). `entities`: one row per (namespace, key) — an account in its
        // source's namespace, a name found in text under `name`; `merged_into` points at the entity it
        // was merged into (a chain, resolved on read). `item_entities`: which items name which entity
        // in which role. `entity_scans`: the items extraction has seen (at which content hash), so an
        // item with no entities is not scanned again. `entity_merges`: every merge with its evidence,
        // and when it was undone (an undone pair is never merged again).
        await d
          .addIdColumn(db.schema.createTable('entities'), 'id')
          .addColumn('namespace', 'text', (c) => c.notNull())
          .addColumn('key', 'text', (c) => c.notNull())
          .addColumn('kind', 'text', (c) => c.notNull())
          .addColumn('name', 'text', (c) => c.notNull())
          .addColumn('norm', 'text', (c) => c.notNull())
          .addColumn('profile_url', 'text')
          .addColumn('merged_into', d.bigint)
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addUniqueConstraint('entities_ns_key_uq', ['namespace', 'key'])
          .execute();
        await db.schema.createIndex('entities_norm_idx').on('entities').columns(['norm', 'kind']).execute();
        await db.schema.createIndex('entities_merged_idx').on('entities').column('merged_into').execute();
        await db.schema
          .createTable('item_entities')
          .addColumn('item_id', d.bigint, (c) => c.notNull().references('items.id').onDelete('cascade'))
          .addColumn('entity_id', d.bigint, (c) => c.notNull().references('entities.id').onDelete('cascade'))
          .addColumn('role', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('item_entities_pk', ['item_id', 'entity_id'])
          .execute();
        await db.schema.createIndex('item_entities_entity_idx').on('item_entities').columns(['entity_id', 'created_at']).execute();
        await db.schema
          .createTable('entity_scans')
          .addColumn('item_id', d.bigint, (c) => c.primaryKey().references('items.id').onDelete('cascade'))
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('scanned_at', 'text', (c) => c.notNull())
          .execute();
        await d
          .addIdColumn(db.schema.createTable('entity_merges'), 'id')
          .addColumn('from_id', d.bigint, (c) => c.notNull().references('entities.id').onDelete('cascade'))
          .addColumn('into_id', d.bigint, (c) => c.notNull().references('entities.id').onDelete('cascade'))
          .addColumn('reason', 'text', (c) => c.notNull())
          .addColumn('evidence', 'text', (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addColumn('undone_at', 'text')
          .execute();
        await db.schema.createIndex('entity_merges_from_idx').on('entity_merges').columns(['from_id', 'into_id']).execute();
      },
      async down(db: Db) {
        for (const t of ['entity_merges', 'entity_scans', 'item_entities', 'entities']) await db.schema.dropTable(t).ifExists().execute();
      },
    },
    '0020_topic_extras': {
      async up(db: Db) {
        // Issue 16 (ADR 0024, amended): the LLM's research topic beside the model's, for the
        // content it was given (`content_hash`); null when the LLM named none of the taxonomy.
        await db.schema
          .createTable('item_llm_topics')
          .addColumn('item_id', d.bigint, (c) => c.primaryKey().references('items.id').onDelete('cascade'))
          .addColumn('topic', 'text')
          .addColumn('content_hash', 'text', (c) => c.notNull())
          .addColumn('assigned_at', 'text', (c) => c.notNull())
          .execute();
      },
      async down(db: Db) {
        await db.schema.dropTable('item_llm_topics').ifExists().execute();
      },
    },
    '0021_volume_marks': {
      async up(db: Db) {
        // Issue 17 (ADR 0025, 2026-12-05 second amendment): an item's own series (category, source,
        // tags, tracked terms) are counted once per item, marked by one row here, instead of one
        // `volume_items` row per (series, item): four fifths of the rows and of the counting time.
        // `volume_items` keeps the story and entity series, whose members arrive after counting.
        await db.schema
          .createTable('volume_counted')
          .addColumn('item_id', d.bigint, (c) => c.primaryKey().references('items.id').onDelete('cascade'))
          .execute();
        // Every counted item has its `category:` row (the key range of category series, in index order).
        await sql`insert into volume_counted (item_id) select distinct item_id from volume_items where series_key >= 'category:' and series_key < 'category;'`.execute(db);
        await sql`delete from volume_items where not (series_key >= 'story:' and series_key < 'story;') and not (series_key >= 'entity:' and series_key < 'entity;')`.execute(db);
      },
      async down(db: Db) {
        // Back to one row per counted item and series for its category (what made an item counted
        // before 0021); its source, tag and term rows are not rebuilt: they only served top items.
        const rows = await sql<{ item_id: number | string; category: string; created_at: string }>`select c.item_id, a.category, i.created_at from volume_counted c join analyses a on a.item_id = c.item_id join items i on i.id = c.item_id`.execute(db);
        const bucket = (iso: string): string => { const t = Date.parse(iso); return new Date(t - (t % 300_000)).toISOString(); };
        const back = rows.rows.map((r) => ({ series_key: `category:${r.category}`, item_id: Number(r.item_id), bucket: bucket(r.created_at) }));
        for (let i = 0; i < back.length; i += 1000) await sql`insert into volume_items (series_key, item_id, bucket) values ${sql.join(back.slice(i, i + 1000).map((r) => sql`(${r.series_key}, ${r.item_id}, ${r.bucket})`))} on conflict do nothing`.execute(db);
        await db.schema.dropTable('volume_counted').ifExists().execute();
      },
    },
    '0022_embeddings': {
      async up(db: Db) {
        // Issue 15 (ADR 0022, amendment 2026-12-05 third session, embeddings): dense vectors of the
        // optional embedding provider, by (model, hash of the text embedded), so a re-run or a second
        // pipeline never asks again; Float32 little-endian, `dims` values.
        await db.schema
          .createTable('embeddings')
          .addColumn('model', 'text', (c) => c.notNull())
          .addColumn('text_hash', 'text', (c) => c.notNull())
          .addColumn('dims', 'integer', (c) => c.notNull())
          .addColumn('vector', d.blob, (c) => c.notNull())
          .addColumn('created_at', 'text', (c) => c.notNull())
          .addPrimaryKeyConstraint('embeddings_pk', ['model', 'text_hash'])
          .execute();
        // An open story's dense centroid (sum of its members' unit vectors, Float32); null without vectors.
        await db.schema.alterTable('stories').addColumn('dense', d.blob).execute();
      },
      async down(db: Db) {
        await db.schema.alterTable('stories').dropColumn('dense').execute();
        await db.schema.dropTable('embeddings').ifExists().execute();
      },
    },
  };
};

export const migrationProvider = (dialect: DialectName): MigrationProvider => ({
  getMigrations: async () => buildMigrations(dialect),
});
