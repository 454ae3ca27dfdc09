import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound, type AppError } from '../../../domain/errors.js';
import { muteFilter } from '../../../domain/mute.js';
import type { ApiDeps } from '../../deps.js';
import { rejectUnknown } from '../../reject-unknown.js';
import { ErrorBody } from '../../schemas.js';
import { NewSignalBody, SignalAdmin, SignalPage, SignalParams, SignalPatchBody, SignalStats, SignalStatsQuery, SignalsQuery, SignalWithStory, splitListParams } from './schema.js';

const noSignal = (id: number): AppError => notFound(`no signal ${id}`);

/** Signals as operators manage them (SPEC 4.2): list, counts, read, create, edit, delete. */
export const signalsRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  const signals = deps.store.signals;

  app.get(
    '/signals',
    {
      preValidation: [rejectUnknown('querystring', SignalsQuery), splitListParams('triage')],
      schema: {
        tags: ['signals'],
        description: "Signals with their status and triage state, the model's and the LLM's topic, filtered, sorted and offset-paginated; `total` counts every match.",
        querystring: SignalsQuery,
        response: { 200: SignalPage, 400: ErrorBody },
      },
    },
    async (req) => {
      const { muted, ...q } = req.query;
      // Stored times are UTC text: an offset in `since` is normalised before comparing.
      const since = q.since === undefined ? undefined : new Date(q.since).toISOString();
      const mutes = muteFilter(await deps.store.mutes.list(), muted);
      const { items, total } = await signals.page({ ...q, since, mutes });
      // The model's and the LLM's topic of the page's items: one batched read (issue 16).
      const topics = await deps.store.llmTopics.ofItems(items.map((s) => s.id));
      const rows = items.map((s) => ({ ...s, topic: topics.get(s.id)?.topic ?? null, llmTopic: topics.get(s.id)?.llmTopic ?? null }));
      return { items: rows, total, page: q.page, pageSize: q.pageSize };
    },
  );

  // Registered before `/signals/:id`, and a static segment wins in find-my-way anyway.
  app.get(
    '/signals/stats',
    {
      schema: {
        tags: ['signals'],
        description: 'How many signals have each status, and how many are in each triage state; signals a mute rule matches are not counted unless `muted` says otherwise.',
        querystring: SignalStatsQuery,
        response: { 200: SignalStats, 400: ErrorBody },
      },
    },
    async (req) => signals.stats(muteFilter(await deps.store.mutes.list(), req.query.muted)),
  );

  app.get(
    '/signals/:id',
    { schema: { tags: ['signals'], description: 'One signal, with the story it belongs to.', params: SignalParams, response: { 200: SignalWithStory, 400: ErrorBody, 404: ErrorBody } } },
    async (req) => {
      const found = await signals.get(req.params.id);
      if (!found) throw noSignal(req.params.id);
      const storyId = await deps.store.stories.storyOfItem(found.id);
      const story = storyId === undefined ? undefined : await deps.store.stories.get(storyId, 0);
      const topics = (await deps.store.llmTopics.ofItems([found.id])).get(found.id);
      return { ...found, story: story ? { id: story.id, size: story.size, title: story.title } : null, topic: topics?.topic ?? null, llmTopic: topics?.llmTopic ?? null };
    },
  );

  app.post(
    '/signals',
    {
      preValidation: rejectUnknown('body', NewSignalBody),
      schema: {
        tags: ['signals'],
        description: 'Enters a signal by hand (source `manual`); the next pipeline run analyses and scores it.',
        body: NewSignalBody,
        response: { 201: SignalAdmin, 400: ErrorBody },
      },
    },
    async (req, reply) => {
      const created = await signals.create(req.body);
      return reply.status(201).send(created);
    },
  );

  app.patch(
    '/signals/:id',
    {
      preValidation: rejectUnknown('body', SignalPatchBody),
      schema: {
        tags: ['signals'],
        description: 'Edits status, triage state, title or text; any triage state may follow any other; a title or text change queues re-analysis.',
        params: SignalParams,
        body: SignalPatchBody,
        response: { 200: SignalAdmin, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const { topics, ...rest } = req.body;
      if (topics !== undefined) {
        const label = (topics[0] as string).trim();
        if (!(await deps.store.topics.correct(req.params.id, label, deps.clock.now().toISOString()))) throw noSignal(req.params.id);
      }
      const updated = Object.keys(rest).length > 0 ? await signals.update(req.params.id, rest) : await signals.get(req.params.id);
      if (!updated) throw noSignal(req.params.id);
      return updated;
    },
  );

  app.delete(
    '/signals/:id',
    {
      schema: {
        tags: ['signals'],
        description: 'Deletes the signal with its analysis, score and notifications.',
        params: SignalParams,
        response: { 204: Type.Null(), 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      if (!(await signals.remove(req.params.id))) throw noSignal(req.params.id);
      return reply.status(204).send(null);
    },
  );
};
