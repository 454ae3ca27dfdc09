import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../../domain/errors.js';
import { entityPage, listEntities, unmergeEntity } from '../../../entities/entities.service.js';
import type { ApiDeps } from '../../deps.js';
import { ErrorBody } from '../../schemas.js';
import { SignalParams } from '../signals/schema.js';
import { EntitiesQuery, EntityBody, EntityDetailBody, EntityMergeBody, EntityParams, SignalEntitiesBody } from './schema.js';

/** `GET /entities`, `GET /entities/{id}`, `POST /entities/{id}/unmerge`, `GET /signals/{id}/entities` (issue 16, ADR 0031). */
export const entitiesRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    '/entities',
    {
      schema: {
        tags: ['entities'],
        description: 'People, labs, organisations and products, most items first (merged entities count with the one they were merged into). Defaults: 50 from offset 0.',
        querystring: EntitiesQuery,
        response: { 200: Type.Object({ entities: Type.Array(EntityBody), total: Type.Integer() }, { additionalProperties: false }), 400: ErrorBody },
      },
    },
    async (req) => listEntities(deps.store, { kind: req.query.kind, name: req.query.name, limit: req.query.limit ?? 50, offset: req.query.offset ?? 0 }),
  );

  app.get(
    '/entities/:id',
    {
      schema: {
        tags: ['entities'],
        description: 'One entity: its recent items, topics, first/last seen, sources, and the entities merged into it (with the evidence). A merged entity answers with the one it was merged into.',
        params: EntityParams,
        response: { 200: EntityDetailBody, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => entityPage(deps.store, req.params.id),
  );

  app.post(
    '/entities/:id/unmerge',
    {
      schema: {
        tags: ['entities'],
        description: 'Undoes the merge of this entity into another (admin key). The pair is never merged again automatically.',
        params: EntityParams,
        response: { 200: EntityMergeBody, 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req) => unmergeEntity(deps.store, req.params.id, deps.clock.now()),
  );

  app.get(
    '/signals/:id/entities',
    { schema: { tags: ['signals', 'entities'], description: 'The entities a signal names or is by (merged ones as the entity they were merged into).', params: SignalParams, response: { 200: SignalEntitiesBody, 400: ErrorBody, 404: ErrorBody } } },
    async (req) => {
      if (!(await deps.store.getItem(req.params.id))) throw notFound(`no signal ${req.params.id}`);
      return { entities: (await deps.store.entities.ofItems([req.params.id])).get(req.params.id) ?? [] };
    },
  );
};
