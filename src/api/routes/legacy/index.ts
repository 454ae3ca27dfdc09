import { sinceHours } from '../../../domain/time.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { createResponseCache } from '../../cache.js';
import { Type } from 'typebox';
import { notFound } from '../../../domain/errors.js';
import { toSignalBody } from '../../../domain/signal.schema.js';
import type { ApiDeps } from '../../deps.js';
import { ErrorBody, Signal } from '../../schemas.js';

const TopQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    minSalience: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    /** The earlier system's name for minSalience. */
    min_salience: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    hours: Type.Optional(Type.Number({ minimum: 1, maximum: 168 })),
  },
  { additionalProperties: false },
);

/** The earlier system's paths, kept with their parameter names so its clients keep working. */
export const legacyRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  const cache = createResponseCache<Buffer>(deps.api.cacheTtlMs);
  /** Serves a cached serialisation of this exact request, or computes, serialises and caches it. */
  const cached = async (key: string, reply: FastifyReply, compute: () => Promise<unknown>): Promise<FastifyReply> => {
    const now = Date.now();
    let body = cache.get(key, now);
    if (body === undefined) {
      body = Buffer.from(String(reply.serialize(await compute())), 'utf8');
      cache.set(key, body, now);
    }
    return reply.type('application/json; charset=utf-8').send(body);
  };

  app.get(
    '/top',
    { schema: { tags: ['legacy'], description: 'Highest-salience signals (loudest first).', querystring: TopQuery, response: { 200: Type.Array(Signal), 400: ErrorBody } } },
    async (req, reply) => {
      const { limit, hours } = req.query;
      const minSalience = req.query.minSalience ?? req.query.min_salience;
      return cached(`top:${limit}:${minSalience ?? ''}:${hours ?? ''}`, reply, async () => {
        const since = sinceHours(deps.clock.now(), hours);
        const rows = await deps.store.top({ limit, minSalience, since });
        return rows.map(toSignalBody);
      });
    },
  );

  app.get(
    '/tweet/:id',
    {
      schema: {
        tags: ['legacy'],
        description: 'One signal by its X tweet id (the earlier system), or by any external id or store id.',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 128 }) }),
        response: { 200: Signal, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const { id } = req.params;
      return cached(`tweet:${id}`, reply, async () => {
        const found = (await deps.store.findSignalByExternalId(id, 'x')) ?? (await deps.store.findSignalByExternalId(id)) ?? (/^\d{1,15}$/.test(id) ? await deps.store.getSignal(Number(id)) : undefined);
        if (!found) throw notFound(`no signal with id ${id}`);
        return toSignalBody(found);
      });
    },
  );
};
