import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../../../domain/errors.js';
import { muteFilter } from '../../../domain/mute.js';
import type { ApiDeps } from '../../deps.js';
import { rejectUnknown } from '../../reject-unknown.js';
import { ErrorBody } from '../../schemas.js';
import { StoriesQuery, StoryDetail, StoryDetailQuery, StoryPage, StoryParams } from './schema.js';

/** Stories (ADR 0023): the same news from every source as one row, loudest first. */
export const storiesRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  const stories = deps.store.stories;

  app.get(
    '/stories',
    {
      preValidation: rejectUnknown('querystring', StoriesQuery),
      schema: {
        tags: ['stories'],
        description: 'Stories, loudest first then newest, filtered and offset-paginated; `total` counts every match.',
        querystring: StoriesQuery,
        response: { 200: StoryPage, 400: ErrorBody },
      },
    },
    async (req) => {
      const { page, pageSize, since, muted, ...filters } = req.query;
      const mutes = muteFilter(await deps.store.mutes.list(), muted);
      const q = { ...filters, since: since === undefined ? undefined : new Date(since).toISOString(), mutes };
      const [items, total] = await Promise.all([stories.list({ ...q, limit: pageSize, offset: (page - 1) * pageSize }), stories.count(q)]);
      return { items, total, page, pageSize };
    },
  );

  app.get(
    '/stories/:id',
    {
      preValidation: rejectUnknown('querystring', StoryDetailQuery),
      schema: {
        tags: ['stories'],
        description: 'One story with its latest members, its sources and its timeline (members per hour); a story merged into another answers as that one.',
        params: StoryParams,
        querystring: StoryDetailQuery,
        response: { 200: StoryDetail, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const found = await stories.get(req.params.id, req.query.members);
      if (!found) throw notFound(`no story ${req.params.id}`);
      return found;
    },
  );
};
