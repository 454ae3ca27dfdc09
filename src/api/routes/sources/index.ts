import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { LISTED_SOURCES, readSourceHealth } from '../../../sources/health.js';
import type { ApiDeps } from '../../deps.js';
import { ErrorBody } from '../../schemas.js';

const Iso = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

/** One part of a source (a feed, a query, a listing, a repository) and its health. */
export const PartHealthBody = Type.Object(
  {
    key: Type.String({ description: 'The part\'s configured name.' }),
    target: Type.Union([Type.String(), Type.Null()], { description: 'What the part reads (a feed URL, credentials and query values masked), when its name does not say.' }),
    state: Type.Union([Type.Literal('ok'), Type.Literal('failing'), Type.Literal('never_run')]),
    lastSuccessAt: Iso,
    lastErrorAt: Iso,
    lastError: Type.Union([Type.String(), Type.Null()], { description: 'Message of the part\'s last failure, secrets masked.' }),
    consecutiveFailures: Type.Integer({ minimum: 0 }),
    lastFetchedCount: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'Items in the part\'s last successful fetch.' }),
  },
  { additionalProperties: false },
);

/** One source's health: the cross-issue contract shared with the dashboard (issue 6). */
export const SourceHealthBody = Type.Object(
  {
    name: Type.Enum(LISTED_SOURCES),
    enabled: Type.Boolean({ description: 'Configured and switched on.' }),
    state: Type.Union(
      [Type.Literal('ok'), Type.Literal('degraded'), Type.Literal('failing'), Type.Literal('rate_limited'), Type.Literal('never_run'), Type.Literal('disabled')],
      { description: '`degraded`: some parts failing, others delivering; `failing`: the last run delivered nothing, or every part is failing.' },
    ),
    lastSuccessAt: Iso,
    lastErrorAt: Iso,
    lastError: Type.Union([Type.String(), Type.Null()], { description: 'Message of the last failure, secrets masked.' }),
    consecutiveFailures: Type.Integer({ minimum: 0 }),
    rateLimitedUntil: Iso,
    lastFetchedCount: Type.Union([Type.Integer({ minimum: 0 }), Type.Null()], { description: 'Items in the last successful fetch.' }),
    itemsTotal: Type.Integer({ minimum: 0, description: 'Items stored from this source.' }),
    parts: Type.Array(PartHealthBody, { description: 'Configured feeds, queries, listings or repositories, in configuration order; empty for a disabled or single-part source.' }),
  },
  { additionalProperties: false },
);

export const SourcesBody = Type.Object({ sources: Type.Array(SourceHealthBody) }, { additionalProperties: false });

/** `GET /sources`: every source, whether it is configured, and its stored fetch health (read key). */
export const sourcesRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    '/sources',
    { schema: { tags: ['sources'], description: 'Every source with its configuration state and fetch health.', response: { 200: SourcesBody, 503: ErrorBody } } },
    async () => {
      const configured = deps.pipelineDeps ? deps.pipelineDeps().sources : [];
      return { sources: await readSourceHealth(deps.store, configured, deps.clock.now()) };
    },
  );
};
