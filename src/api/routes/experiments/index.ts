import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { notFound } from '../../../domain/errors.js';
import type { ApiDeps } from '../../deps.js';
import { ErrorBody } from '../../schemas.js';
import { ExperimentBody, ExperimentList, ExperimentParams, ExperimentQuery } from './schema.js';

/** Stored backtests (issue 18, ADR 0030): `harvest backtest` writes them; the dashboard compares them. */
export const experimentsRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    '/experiments',
    { schema: { tags: ['experiments'], description: 'Backtest runs, newest first: the configs compared side by side and the winner.', querystring: ExperimentQuery, response: { 200: ExperimentList, 400: ErrorBody } } },
    async (req) => ({ experiments: await deps.store.experiments.list(req.query.limit) }),
  );

  app.get(
    '/experiments/:id',
    { schema: { tags: ['experiments'], description: 'One backtest run.', params: ExperimentParams, response: { 200: ExperimentBody, 400: ErrorBody, 404: ErrorBody } } },
    async (req) => {
      const found = await deps.store.experiments.get(req.params.id);
      if (!found) throw notFound(`no experiment ${req.params.id}`);
      return found;
    },
  );
};
