import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { DELIVERY_OUTCOMES, type DeliveryRecord } from '../../../domain/notification.js';
import { notFound } from '../../../domain/errors.js';
import type { ApiDeps } from '../../deps.js';
import { ErrorBody } from '../../schemas.js';

const Outcome = Type.Union([Type.Literal('sent'), Type.Literal('retry'), Type.Literal('dead'), Type.Literal('failed'), Type.Literal('unknown'), Type.Literal('gone')], {
  description: `One of ${DELIVERY_OUTCOMES.join(', ')}: \`retry\` waits for \`nextRetryAt\`; \`dead\` is dead-lettered; \`unknown\` may have been delivered; \`gone\` (410) disabled the channel.`,
});

export const DeliveryBody = Type.Object(
  {
    id: Type.Integer(),
    batchId: Type.String({ description: 'The outbox batch: a webhook\'s `webhook-id`, an e-mail\'s Message-ID.' }),
    channel: Type.String({ description: 'The outbox key: `default`, `slack:security`, `webhook:ops`, `email:research`, …' }),
    kind: Type.Union([Type.Literal('single'), Type.Literal('digest'), Type.Literal('story'), Type.Literal('discovery')]),
    itemCount: Type.Integer({ minimum: 0 }),
    attempt: Type.Integer({ minimum: 1 }),
    outcome: Outcome,
    statusCode: Type.Union([Type.Integer(), Type.Null()], { description: 'The receiver\'s HTTP status (or SMTP reply code).' }),
    latencyMs: Type.Integer({ minimum: 0 }),
    error: Type.Union([Type.String(), Type.Null()], { description: 'Why the attempt failed, secrets masked.' }),
    nextRetryAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    createdAt: Type.String({ format: 'date-time' }),
  },
  { additionalProperties: false },
);

const ListQuery = Type.Object(
  {
    channel: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    outcome: Type.Optional(Outcome),
    before: Type.Optional(Type.Integer({ minimum: 1, description: 'Only deliveries with a smaller id (the previous page\'s `nextBefore`).' })),
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  },
  { additionalProperties: false },
);

const ListBody = Type.Object(
  {
    deliveries: Type.Array(DeliveryBody),
    nextBefore: Type.Union([Type.Integer(), Type.Null()], { description: 'Pass as `before` for the next (older) page; null on the last.' }),
    disabledChannels: Type.Array(Type.Object({ channel: Type.String(), disabledAt: Type.String(), reason: Type.String() }, { additionalProperties: false }), {
      description: 'Channels a receiver\'s 410 Gone disabled (re-enable: `harvest notify --enable-channel <channel>`).',
    }),
  },
  { additionalProperties: false },
);

const Params = Type.Object({ id: Type.Integer({ minimum: 1 }) });

const RedeliverBody = Type.Object(
  {
    deliveryId: Type.Integer(),
    batchId: Type.String(),
    channel: Type.String(),
    requeued: Type.Integer({ minimum: 0, description: 'Outbox rows put back to pending (0: the batch is already pending or being sent).' }),
  },
  { additionalProperties: false },
);

const toBody = (d: DeliveryRecord): DeliveryRecord => d;

/**
 * `GET /deliveries` (read key): the delivery log, newest first. `POST /deliveries/{id}/redeliver`
 * (admin key: every non-GET route is): re-queues that delivery's batch; the next notify run sends it
 * with the same message id (a webhook receiver can drop a duplicate by `webhook-id`).
 */
export const deliveriesRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    '/deliveries',
    { schema: { tags: ['notify'], description: 'Notification delivery attempts, newest first.', querystring: ListQuery, response: { 200: ListBody, 400: ErrorBody } } },
    async (req) => {
      const q = req.query;
      const rows = await deps.store.outbox.deliveries({ channel: q.channel, outcome: q.outcome, beforeId: q.before, limit: q.limit });
      const last = rows.at(-1);
      return {
        deliveries: rows.map(toBody),
        nextBefore: rows.length === q.limit && last ? last.id : null,
        disabledChannels: await deps.store.outbox.disabledChannels(),
      };
    },
  );

  app.post(
    '/deliveries/:id/redeliver',
    {
      schema: {
        tags: ['notify'],
        description: 'Re-queues the batch of this delivery (failed, dead-lettered, unknown or sent) for the next notify run. Admin key.',
        params: Params,
        response: { 202: RedeliverBody, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req, reply) => {
      const r = await deps.store.outbox.redeliver(req.params.id, deps.clock.now().toISOString());
      if (r === undefined) throw notFound(`no delivery ${req.params.id}`);
      deps.log.info({ deliveryId: req.params.id, channel: r.channel, requeued: r.requeued }, 'delivery re-queued by an operator');
      return reply.status(202).send({ deliveryId: req.params.id, ...r });
    },
  );
};
