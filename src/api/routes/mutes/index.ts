import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../../domain/errors.js';
import { parseMute, type MuteRule } from '../../../domain/mute.js';
import type { ApiDeps } from '../../deps.js';
import { rejectUnknown } from '../../reject-unknown.js';
import { ErrorBody } from '../../schemas.js';
import { Mute, MuteList, MuteParams, NewMuteBody } from './schema.js';

/** Mute rules (issue 18, ADR 0029): muted signals and stories are stored and scored, never notified, hidden from lists unless asked. */
export const mutesRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  const mutes = deps.store.mutes;

  app.get(
    '/mutes',
    { schema: { tags: ['mutes'], description: 'Every mute rule, oldest first.', response: { 200: MuteList } } },
    async () => ({ mutes: await mutes.list() }),
  );

  app.post(
    '/mutes',
    {
      preValidation: rejectUnknown('body', NewMuteBody),
      schema: {
        tags: ['mutes'],
        description: 'Adds a mute rule (an admin key). 201 with the new rule; 200 with the rule already there when it was muted before. A story must exist.',
        body: NewMuteBody,
        response: { 200: Mute, 201: Mute, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      let rule: MuteRule = parseMute(req.body.kind, req.body.value);
      if (rule.kind === 'story') {
        // A merged story's id mutes the story it merged into.
        const story = await deps.store.stories.get(Number(rule.value), 0);
        if (!story) throw notFound(`story: no story ${rule.value}`);
        rule = { kind: 'story', value: String(story.id) };
      }
      const actor = req.apiKeyId ? `key:${req.apiKeyId}` : 'anonymous';
      const { mute, created } = await mutes.add(rule, actor, deps.clock.now().toISOString());
      return reply.code(created ? 201 : 200).send(mute);
    },
  );

  app.delete(
    '/mutes/:id',
    { schema: { tags: ['mutes'], description: 'Removes a mute rule (an admin key); what it hid shows again.', params: MuteParams, response: { 204: Type.Null(), 400: ErrorBody, 404: ErrorBody } } },
    async (req, reply) => {
      if (!(await mutes.remove(req.params.id))) throw notFound(`no mute rule ${req.params.id}`);
      return reply.code(204).send(null);
    },
  );
};
