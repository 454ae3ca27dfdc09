import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { listSpikes, readSeries, SERIES_WINDOWS } from '../../../spikes/spikes.query.js';
import type { ApiDeps } from '../../deps.js';
import { ErrorBody } from '../../schemas.js';

const Iso = Type.String({ format: 'date-time' });

/** One recorded volume spike and the sentence that explains it (ADR 0025). */
export const SpikeBody = Type.Object(
  {
    id: Type.Integer(),
    key: Type.String({ description: 'The series: `category:…`, `source:…`, `tag:…`, `term:…`, `story:<id>` or `entity:<id>`.' }),
    kind: Type.String(),
    label: Type.String(),
    explanation: Type.String({ description: 'e.g. `term "login outage": 42 mentions in the last hour, usually 3 ± 2 at this hour (p < 0.001)`' }),
    startedAt: Iso,
    endedAt: Type.Union([Iso, Type.Null()], { description: 'null while it goes on.' }),
    score: Type.Number({ minimum: 0, maximum: 1 }),
    peakScore: Type.Number({ minimum: 0, maximum: 1 }),
    count: Type.Number({ description: 'Items in the 5-minute bucket where it started.' }),
    hourCount: Type.Number({ description: 'Items in the hour up to that bucket.' }),
    expected: Type.Number({ description: 'What the detector expected for that bucket.' }),
    spread: Type.Number(),
    p: Type.Number({ minimum: 0, maximum: 1 }),
    createdAt: Iso,
  },
  { additionalProperties: false },
);

const SpikesQuery = Type.Object(
  {
    hours: Type.Optional(Type.Number({ exclusiveMinimum: 0, maximum: 24 * 365, default: 24 })),
    series: Type.Optional(Type.String({ minLength: 3, maxLength: 200 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

const SeriesQuery = Type.Object(
  {
    key: Type.String({ minLength: 3, maxLength: 200, description: 'e.g. `category:outage`, `term:login outage`, `entity:7`.' }),
    window: Type.Optional(Type.Union(SERIES_WINDOWS.map((w) => Type.Literal(w)), { default: '24h', description: '6h and 24h in 5-minute buckets, 7d hourly, 30d daily.' })),
  },
  { additionalProperties: false },
);

const SeriesBody = Type.Object(
  {
    key: Type.String(),
    label: Type.String(),
    window: Type.String(),
    resolution: Type.String(),
    points: Type.Array(Type.Object({ bucket: Iso, count: Type.Number() }, { additionalProperties: false })),
    spikes: Type.Array(SpikeBody),
  },
  { additionalProperties: false },
);

/** `GET /spikes` and `GET /series` (read key): recorded spikes, and one series' volumes with its spikes. */
export const spikesRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    '/spikes',
    { schema: { tags: ['spikes'], description: 'Volume spikes that started within the last `hours`, newest first.', querystring: SpikesQuery, response: { 200: Type.Object({ spikes: Type.Array(SpikeBody) }, { additionalProperties: false }), 400: ErrorBody, 503: ErrorBody } } },
    async (req) => ({ spikes: await listSpikes(deps.store, deps.clock.now(), { hours: req.query.hours, series: req.query.series, limit: req.query.limit }) }),
  );
  app.get(
    '/series',
    { schema: { tags: ['spikes'], description: 'One series\' volumes over a window, every bucket (zeros included), with its spikes.', querystring: SeriesQuery, response: { 200: SeriesBody, 400: ErrorBody, 503: ErrorBody } } },
    async (req) => readSeries(deps.store, deps.clock.now(), req.query.key, req.query.window),
  );
};
