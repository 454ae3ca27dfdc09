import { readFileSync } from 'node:fs';
import { statfs } from 'node:fs/promises';
import { totalmem } from 'node:os';
import { dirname, resolve } from 'node:path';
import { Gauge, Histogram, type Registry } from 'prom-client';
import { MUTE_KINDS } from '../../domain/mute.js';
import type { Store, StoreStats, RunRecord } from '../../store/store.port.js';
import { errorKindOfText } from '../error-kind.js';

/**
 * Gauges read from the store when Prometheus scrapes: what the run log, the outbox and the items
 * table record. This is how one-shot runs (`harvest pipeline` in a CronJob) are observed without a
 * Pushgateway: every run is written to `pipeline_runs`, and whichever process serves
 * `/metrics/prometheus` (the API) exports the latest successful run from there (ADR 0012).
 */
export interface StoreWatch {
  store: Store;
  /** SQLite file, for the volume's free space; undefined for PostgreSQL. */
  sqlitePath?: string;
  /** The clock the story window is measured on (default: the system's). */
  now?: () => Date;
  /** The window topic volumes and discoveries are counted over (`topics.discovery.windowHours`, default 72). */
  topicsWindowHours?: number;
}

/** A story is open while a member arrived within this window (the assigner's join window, ADR 0022). */
export const STORY_OPEN_HOURS = 24;
const STORY_SIZE_BUCKETS = [1, 2, 3, 5, 10, 25, 50, 100, 250, 1000, 10_000];

interface Snapshot {
  up: boolean;
  stats?: StoreStats;
  lastSuccess?: RunRecord;
  sizeBytes?: number;
  volumeAvailableBytes?: number;
}

const toSeconds = (iso: string | null | undefined): number | undefined => {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? undefined : t / 1000;
};

/** Statuses of outbox rows still waiting for delivery (or for an operator, when `unknown`). */
const BACKLOG_STATUSES = ['pending', 'sending', 'unknown'];

/** The memory this process may use: the cgroup limit (containers) or the machine's memory. */
export const memoryLimitBytes = (): number => {
  for (const file of ['/sys/fs/cgroup/memory.max', '/sys/fs/cgroup/memory/memory.limit_in_bytes']) {
    try {
      const v = Number(readFileSync(file, 'utf8').trim());
      // cgroup v1 reports "no limit" as a huge number; v2 as "max" (NaN here).
      if (Number.isFinite(v) && v > 0 && v < totalmem()) return v;
    } catch {
      // not in a cgroup with that file
    }
  }
  return totalmem();
};

export const registerStoreCollectors = (registry: Registry, watch: StoreWatch): void => {
  const { store } = watch;
  // One store read per scrape, shared by every gauge below (their collect() run concurrently).
  let pending: Promise<Snapshot> | undefined;
  const snapshot = (): Promise<Snapshot> => {
    pending ??= (async (): Promise<Snapshot> => {
      try {
        const [stats, lastSuccess, sizeBytes] = await Promise.all([store.stats(), store.runs.lastWithStatus('succeeded'), store.sizeBytes()]);
        let volumeAvailableBytes: number | undefined;
        if (watch.sqlitePath && watch.sqlitePath !== ':memory:') {
          const fs = await statfs(dirname(resolve(watch.sqlitePath))).catch(() => undefined);
          if (fs) volumeAvailableBytes = fs.bavail * fs.bsize;
        }
        return { up: true, stats, lastSuccess, sizeBytes, volumeAvailableBytes };
      } catch {
        return { up: false };
      }
    })().finally(() => {
      setImmediate(() => {
        pending = undefined;
      });
    });
    return pending;
  };
  const r = [registry];

  new Gauge({
    name: 'harvest_store_up',
    help: 'Whether the store answered the last scrape (1) or not (0).',
    registers: r,
    async collect() {
      this.set((await snapshot()).up ? 1 : 0);
    },
  });
  new Gauge({
    name: 'harvest_store_items',
    help: 'Items stored, by source.',
    labelNames: ['source'],
    registers: r,
    async collect() {
      const s = (await snapshot()).stats;
      if (!s) return;
      this.reset();
      for (const [source, n] of Object.entries(s.bySource)) this.set({ source }, n);
    },
  });
  new Gauge({
    name: 'harvest_store_items_pending_analysis',
    help: 'Stored items waiting for analysis.',
    registers: r,
    async collect() {
      const s = (await snapshot()).stats;
      if (s) this.set(s.pendingAnalysis);
    },
  });
  new Gauge({
    name: 'harvest_store_size_bytes',
    help: 'Size of the database (SQLite files, or pg_database_size).',
    registers: r,
    async collect() {
      const v = (await snapshot()).sizeBytes;
      if (v !== undefined) this.set(v);
    },
  });
  new Gauge({
    name: 'harvest_store_volume_available_bytes',
    help: 'Free space on the SQLite database volume (absent for PostgreSQL).',
    registers: r,
    async collect() {
      const v = (await snapshot()).volumeAvailableBytes;
      if (v !== undefined) this.set(v);
    },
  });
  new Gauge({
    name: 'harvest_outbox_notifications',
    help: 'Outbox rows, by delivery status.',
    labelNames: ['status'],
    registers: r,
    async collect() {
      const s = (await snapshot()).stats;
      if (!s) return;
      this.reset();
      for (const status of ['pending', 'sending', 'sent', 'failed', 'unknown']) this.set({ status }, s.notifications[status] ?? 0);
    },
  });
  new Gauge({
    name: 'harvest_spike_score',
    help: 'Latest spike score (0-1) of each tracked term\'s volume series (spikes.terms), from the store.',
    labelNames: ['term'],
    registers: r,
    async collect() {
      const states = await store.volumes.states().catch(() => undefined);
      if (!states) return;
      this.reset();
      for (const s of states) if (s.kind === 'term') this.set({ term: s.key.slice('term:'.length) }, s.lastScore);
    },
  });
  new Gauge({
    name: 'harvest_outbox_backlog',
    help: 'Notifications queued and not delivered yet (pending, sending or of unknown delivery).',
    registers: r,
    async collect() {
      const s = (await snapshot()).stats;
      if (s) this.set(BACKLOG_STATUSES.reduce((sum, k) => sum + (s.notifications[k] ?? 0), 0));
    },
  });
  new Gauge({
    name: 'harvest_pipeline_last_success_timestamp_seconds',
    help: 'When the last successful pipeline run finished, from the run log (any process, CronJob included).',
    registers: r,
    async collect() {
      const t = toSeconds((await snapshot()).lastSuccess?.finishedAt);
      if (t !== undefined) this.set(t);
    },
  });
  new Gauge({
    name: 'harvest_source_last_run_error',
    help: 'Sources that failed in the last recorded pipeline run (1), by source and error kind.',
    labelNames: ['source', 'kind'],
    registers: r,
    async collect() {
      const last = (await snapshot()).stats?.lastRun;
      if (!last) return;
      this.reset();
      const bySource = ((last.stats.fetch ?? {}) as { bySource?: Record<string, { error?: string }> }).bySource ?? {};
      for (const [source, tally] of Object.entries(bySource)) {
        if (typeof tally?.error === 'string') this.set({ source, kind: errorKindOfText(tally.error) }, 1);
        else this.set({ source, kind: 'none' }, 0);
      }
    },
  });
  // Stories (ADR 0023): one read of the open stories' sizes per scrape, shared by both series.
  let storySizes: Promise<number[] | undefined> | undefined;
  const openStorySizes = (): Promise<number[] | undefined> => {
    const since = new Date((watch.now?.() ?? new Date()).getTime() - STORY_OPEN_HOURS * 3_600_000).toISOString();
    storySizes ??= store.stories
      .sizes(since)
      .catch(() => undefined)
      .finally(() => setImmediate(() => (storySizes = undefined)));
    return storySizes;
  };
  new Gauge({
    name: 'harvest_stories_open',
    help: `Stories with a member created within the last ${STORY_OPEN_HOURS} hours.`,
    registers: r,
    async collect() {
      const sizes = await openStorySizes();
      if (sizes) this.set(sizes.length);
    },
  });
  new Histogram({
    name: 'harvest_story_items',
    help: `Items per open story (a member within the last ${STORY_OPEN_HOURS} hours), from the store at scrape time.`,
    buckets: STORY_SIZE_BUCKETS,
    registers: r,
    async collect() {
      const sizes = await openStorySizes();
      if (!sizes) return;
      this.reset();
      for (const n of sizes) this.observe(n);
    },
  });
  new Gauge({
    name: 'harvest_pipeline_last_run_timestamp_seconds',
    help: 'When the last pipeline run started, by its status, from the run log.',
    labelNames: ['status'],
    registers: r,
    async collect() {
      const last = (await snapshot()).stats?.lastRun;
      if (!last) return;
      this.reset();
      const t = toSeconds(last.startedAt);
      if (t !== undefined) this.set({ status: last.status }, t);
    },
  });
  // Mute rules (ADR 0029), by kind: a count that only changes by hand; one small read at scrape time.
  new Gauge({
    name: 'harvest_mutes',
    help: 'Mute rules in force, by kind (author, source, domain, phrase, story).',
    labelNames: ['kind'],
    registers: r,
    async collect() {
      const rules = await store.mutes.list().catch(() => undefined);
      if (!rules) return;
      this.reset();
      for (const kind of MUTE_KINDS) this.set({ kind }, rules.filter((m) => m.kind === kind).length);
    },
  });
  registerTopicCollectors(r, watch);
};

/** Topics (issue 16, ADR 0024): items per topic and discoveries per topic in the window, read at scrape time. */
const registerTopicCollectors = (r: Registry[], watch: StoreWatch): void => {
  const hours = watch.topicsWindowHours ?? 72;
  const since = (): string => new Date((watch.now?.() ?? new Date()).getTime() - hours * 3_600_000).toISOString();
  new Gauge({
    name: 'harvest_topic_items',
    help: `Items whose topic is this one, created within the last topics.discovery.windowHours (${hours} h), from the store.`,
    labelNames: ['topic'],
    registers: r,
    async collect() {
      const now = (watch.now?.() ?? new Date()).toISOString();
      const rows = await watch.store.topics.trending(since(), since(), now).catch(() => undefined);
      if (!rows) return;
      this.reset();
      for (const t of rows) this.set({ topic: t.topic }, t.count);
    },
  });
  new Gauge({
    name: 'harvest_discoveries',
    help: `Discoveries (scored research items) created within the last topics.discovery.windowHours (${hours} h), by topic, from the store.`,
    labelNames: ['topic'],
    registers: r,
    async collect() {
      const rows = await watch.store.topics.discoveryCounts(since()).catch(() => undefined);
      if (!rows) return;
      this.reset();
      for (const d of rows) this.set({ topic: d.topic ?? 'none' }, d.count);
    },
  });
};
