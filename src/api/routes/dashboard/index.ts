import { HOUR_MS } from '../../../domain/time.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { AnalysisDetailSchema } from '../../../domain/analysis.schema.js';
import { notFound } from '../../../domain/errors.js';
import { muteFilter } from '../../../domain/mute.js';
import type { VolumeBucket, VolumeRow } from '../../../store/dashboard.port.js';
import type { ApiDeps } from '../../deps.js';
import { ErrorBody } from '../../schemas.js';
import { MutedParam } from '../mutes/schema.js';
import { SignalsQuery, splitListParams } from '../signals/schema.js';

/** Bulk jobs take at most this many ids (src/api/routes/jobs). */
export const MAX_MATCHING_IDS = 10_000;

const { page: _page, pageSize: _pageSize, sort: _sort, order: _order, ...filterProps } = SignalsQuery.properties;
const MatchingQuery = Type.Object(
  { ...filterProps, limit: Type.Integer({ minimum: 1, maximum: MAX_MATCHING_IDS, default: MAX_MATCHING_IDS }) },
  { additionalProperties: false },
);

/** The windows the overview offers, with the bucket width each is drawn in. */
export const VOLUME_WINDOWS = {
  '24h': { hours: 24, bucket: 'hour' },
  '7d': { hours: 24 * 7, bucket: 'day' },
  '30d': { hours: 24 * 30, bucket: 'day' },
} as const satisfies Record<string, { hours: number; bucket: VolumeBucket }>;
type VolumeWindow = keyof typeof VOLUME_WINDOWS;


/** The start of the bucket holding `t` (UTC). */
const bucketStart = (t: number, bucket: VolumeBucket): number => {
  const d = new Date(t);
  if (bucket === 'day') return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours());
};

/**
 * Every bucket of the window (empty ones too, so a chart's x axis is even) and one series per key,
 * keys in descending order of their total.
 */
export const toSeries = (rows: readonly VolumeRow[], from: number, to: number, bucket: VolumeBucket) => {
  const step = bucket === 'day' ? 24 * HOUR_MS : HOUR_MS;
  const buckets: string[] = [];
  for (let t = bucketStart(from, bucket); t <= to; t += step) buckets.push(new Date(t).toISOString());
  const index = new Map(buckets.map((b, i) => [b, i]));
  const byKey = new Map<string, number[]>();
  for (const r of rows) {
    const i = index.get(r.bucket);
    if (i === undefined) continue;
    let counts = byKey.get(r.key);
    if (!counts) byKey.set(r.key, (counts = buckets.map(() => 0)));
    counts[i] = (counts[i] ?? 0) + r.count;
  }
  const series = [...byKey].map(([key, counts]) => ({ key, counts, total: counts.reduce((a, b) => a + b, 0) }));
  series.sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
  return { buckets, series };
};

const VolumeQuery = Type.Object(
  {
    window: Type.Enum(Object.keys(VOLUME_WINDOWS) as VolumeWindow[], { default: '24h' }),
    by: Type.Enum(['category', 'source'], { default: 'category', description: 'Split the volume by analysed category or by source.' }),
    muted: MutedParam,
  },
  { additionalProperties: false },
);

const Volume = Type.Object({
  window: Type.String(),
  bucket: Type.Enum(['hour', 'day']),
  by: Type.String(),
  since: Type.String(),
  until: Type.String(),
  buckets: Type.Array(Type.String(), { description: 'Bucket starts, ISO-8601 UTC, oldest first.' }),
  series: Type.Array(Type.Object({ key: Type.String(), total: Type.Integer(), counts: Type.Array(Type.Integer()) })),
});

const Run = Type.Object({
  id: Type.Integer(),
  startedAt: Type.String(),
  finishedAt: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  trigger: Type.String(),
  stats: Type.Record(Type.String(), Type.Unknown()),
  error: Type.Union([Type.String(), Type.Null()]),
});

/** Aggregates the web dashboard draws (SPEC 4.3): volume over time, full analysis, pipeline runs. */
export const dashboardRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    '/dashboard/volume',
    {
      schema: {
        tags: ['dashboard'],
        description: 'Items created per hour (24h) or day (7d, 30d) in the window, split by category (`unanalysed` when not analysed yet) or source; items a mute rule matches are not counted unless `muted` says otherwise.',
        querystring: VolumeQuery,
        response: { 200: Volume, 400: ErrorBody },
      },
    },
    async (req) => {
      const { window, by, muted } = req.query;
      const spec = VOLUME_WINDOWS[window];
      const to = deps.clock.now().getTime();
      // From the start of the bucket holding (now - window), so the first bar is a whole bucket.
      const from = bucketStart(to - spec.hours * HOUR_MS, spec.bucket);
      const q = { since: new Date(from).toISOString(), bucket: spec.bucket, mutes: muteFilter(await deps.store.mutes.list(), muted) };
      const rows = by === 'source' ? await deps.store.dashboard.volumeBySource(q) : await deps.store.dashboard.volumeByCategory(q);
      return { window, bucket: spec.bucket, by, since: q.since, until: new Date(to).toISOString(), ...toSeries(rows, from, to, spec.bucket) };
    },
  );

  app.get(
    '/dashboard/signals/:id/analysis',
    {
      schema: {
        tags: ['dashboard'],
        description: 'The full analysis of a signal: entities, reasoning and the provider/model (or heuristic) that made it.',
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }),
        response: { 200: AnalysisDetailSchema, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const found = await deps.store.dashboard.analysis(req.params.id);
      if (!found) throw notFound(`signal ${req.params.id} has no analysis (or does not exist)`);
      return found;
    },
  );

  app.get(
    '/dashboard/signal-ids',
    {
      preValidation: splitListParams('triage'),
      schema: {
        tags: ['dashboard'],
        description: 'Ids of the signals matching the `GET /signals` filters (newest first, up to `limit`, at most 10 000: one bulk job), and how many match in all.',
        querystring: MatchingQuery,
        response: { 200: Type.Object({ ids: Type.Array(Type.Integer()), total: Type.Integer() }), 400: ErrorBody },
      },
    },
    async (req) => {
      const { limit, ...filters } = req.query;
      const since = filters.since === undefined ? undefined : new Date(filters.since).toISOString();
      return deps.store.dashboard.matchingIds({ ...filters, since }, limit);
    },
  );

  app.get(
    '/dashboard/runs',
    {
      schema: {
        tags: ['dashboard'],
        description: 'The most recent pipeline runs, newest first.',
        querystring: Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }) }, { additionalProperties: false }),
        response: { 200: Type.Object({ runs: Type.Array(Run) }), 400: ErrorBody },
      },
    },
    async (req) => ({ runs: await deps.store.runs.recent(req.query.limit) }),
  );
};
