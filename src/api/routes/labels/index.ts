import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../../../domain/errors.js';
import type { ApiDeps } from '../../deps.js';
import { rejectUnknown } from '../../reject-unknown.js';
import { ErrorBody } from '../../schemas.js';
import { SignalParams } from '../signals/schema.js';
import { StoryParams } from '../stories/schema.js';
import { CurrentLabels, ItemLabelBody, LabelBody, LabelsQuery, StoryLabelBody } from './schema.js';

/** Relevance labels on signals (issue 18): the last label wins, every label is kept in the history. */
export const labelsRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  const labels = deps.store.labels;

  app.put(
    '/signals/:id/label',
    {
      preValidation: rejectUnknown('body', LabelBody),
      schema: {
        tags: ['signals'],
        description: 'Labels a signal relevant or irrelevant (or clears it); who (the API key\'s fingerprint) and when are kept, with the history. The learned relevance model retrains off the request path.',
        params: SignalParams,
        body: LabelBody,
        response: { 200: ItemLabelBody, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const actor = req.apiKeyId ? `key:${req.apiKeyId}` : 'anonymous';
      const saved = await labels.set({ itemId: req.params.id, label: req.body.label, actor, at: deps.clock.now().toISOString() });
      if (!saved) throw notFound(`no signal ${req.params.id}`);
      return saved;
    },
  );

  app.get(
    '/signals/:id/label',
    { schema: { tags: ['signals'], description: 'A signal\'s label and its history, newest first.', params: SignalParams, response: { 200: ItemLabelBody, 400: ErrorBody, 404: ErrorBody } } },
    async (req) => {
      const found = await labels.get(req.params.id);
      if (!found) throw notFound(`no signal ${req.params.id}`);
      return found;
    },
  );

  app.put(
    '/stories/:id/label',
    {
      preValidation: rejectUnknown('body', LabelBody),
      schema: {
        tags: ['stories'],
        description: 'Labels a story relevant or irrelevant (or clears it); who and when are kept, with the history; the last label wins.',
        params: StoryParams,
        body: LabelBody,
        response: { 200: StoryLabelBody, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const actor = req.apiKeyId ? `key:${req.apiKeyId}` : 'anonymous';
      const saved = await deps.store.storyLabels.set({ storyId: req.params.id, label: req.body.label, actor, at: deps.clock.now().toISOString() });
      if (!saved) throw notFound(`no story ${req.params.id}`);
      return saved;
    },
  );

  app.get(
    '/stories/:id/label',
    { schema: { tags: ['stories'], description: 'A story\'s label and its history, newest first.', params: StoryParams, response: { 200: StoryLabelBody, 400: ErrorBody, 404: ErrorBody } } },
    async (req) => {
      const found = await deps.store.storyLabels.get(req.params.id);
      if (!found) throw notFound(`no story ${req.params.id}`);
      return found;
    },
  );

  app.get(
    '/labels',
    {
      preValidation: rejectUnknown('querystring', LabelsQuery),
      schema: { tags: ['signals'], description: 'The current labels of many signals at once (the dashboard\'s table).', querystring: LabelsQuery, response: { 200: CurrentLabels, 400: ErrorBody } },
    },
    async (req) => ({ labels: await labels.of(req.query.signals.split(',').map(Number)) }),
  );
};
