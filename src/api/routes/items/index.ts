import { sinceHours } from '../../../domain/time.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { inputError, notFound } from '../../../domain/errors.js';
import { muteFilter } from '../../../domain/mute.js';
import { toSignalBody } from '../../../domain/signal.schema.js';
import type { ApiDeps } from '../../deps.js';
import { Category, ErrorBody, Sentiment, Signal, Source } from '../../schemas.js';
import { MutedParam } from '../mutes/schema.js';

const ItemsQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
    cursor: Type.Optional(Type.String({ maxLength: 64 })),
    category: Type.Optional(Category),
    sentiment: Type.Optional(Sentiment),
    source: Type.Optional(Source),
    minSalience: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    hours: Type.Optional(Type.Number({ minimum: 0.01, maximum: 24 * 365 })),
    search: Type.Optional(Type.String({ maxLength: 200, description: 'Words of the title or text, every one required (the last also as a prefix), case-insensitive; punctuation only separates words; no words = no filter.' })),
    muted: MutedParam,
  },
  { additionalProperties: false },
);

const encodeCursor = (id: number): string => Buffer.from(`id:${id}`).toString('base64url');
const decodeCursor = (cursor: string): number => {
  const m = /^id:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw inputError('querystring.cursor: is not a cursor this API returned', ['querystring.cursor: invalid']);
  return Number(m[1]);
};

/** Items with their analysis and score breakdown, newest first, cursor-paginated. */
export const itemsRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    '/items',
    {
      schema: {
        tags: ['items'],
        description: 'Analysed and scored items, newest first; items a mute rule matches are left out unless `muted` says otherwise. Pass `nextCursor` back as `cursor` for the next page.',
        querystring: ItemsQuery,
        response: { 200: Type.Object({ items: Type.Array(Signal), nextCursor: Type.Union([Type.String(), Type.Null()]) }), 400: ErrorBody },
      },
    },
    async (req) => {
      const q = req.query;
      const since = sinceHours(deps.clock.now(), q.hours);
      const rows = await deps.store.listSignals({
        limit: q.limit + 1,
        beforeId: q.cursor === undefined ? undefined : decodeCursor(q.cursor),
        category: q.category,
        sentiment: q.sentiment,
        source: q.source,
        minSalience: q.minSalience,
        since,
        search: q.search,
        mutes: muteFilter(await deps.store.mutes.list(), q.muted),
      });
      const page = rows.slice(0, q.limit);
      const last = page[page.length - 1];
      return { items: page.map(toSignalBody), nextCursor: rows.length > q.limit && last ? encodeCursor(last.id) : null };
    },
  );

  app.get(
    '/items/:id',
    {
      schema: {
        tags: ['items'],
        params: Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) }),
        response: { 200: Signal, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const found = await deps.store.getSignal(req.params.id);
      if (!found) throw notFound(`no item ${req.params.id} with an analysis and a score`);
      return toSignalBody(found);
    },
  );
};
