import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { notFound } from '../../../domain/errors.js';
import { topicsConfigSchema } from '../../../config/topics.config.js';
import { listDiscoveries, topicPage, trendingTopics } from '../../../topics/topics.service.js';
import { parseWindow } from '../../../topics/trending.js';
import type { ApiDeps } from '../../deps.js';
import { ErrorBody } from '../../schemas.js';

const TopicItemBody = Type.Object(
  {
    id: Type.Integer(),
    source: Type.String(),
    title: Type.Union([Type.String(), Type.Null()]),
    text: Type.String(),
    url: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
    score: Type.Number({ description: "The model's probability for this topic (1 for a user's correction)." }),
    salience: Type.Union([Type.Number(), Type.Null()]),
  },
  { additionalProperties: false },
);

const trendFields = {
  name: Type.String(),
  count: Type.Integer({ description: 'Items in the window.' }),
  baseline: Type.Integer({ description: 'Items in the 4 windows before it.' }),
  growth: Type.Number({ description: '(count + 1) / (baseline per window + 1).' }),
};

const DailyBody = Type.Array(Type.Object({ day: Type.String(), count: Type.Integer() }, { additionalProperties: false }));
const TrendingBody = Type.Object(
  { window: Type.String(), topics: Type.Array(Type.Object({ ...trendFields, topItems: Type.Array(TopicItemBody), daily: DailyBody }, { additionalProperties: false })) },
  { additionalProperties: false },
);
const TopicBody = Type.Object(
  { window: Type.String(), ...trendFields, items: Type.Array(TopicItemBody), daily: Type.Array(Type.Object({ day: Type.String(), count: Type.Integer() }, { additionalProperties: false })) },
  { additionalProperties: false },
);
const WindowQuery = Type.Object({ window: Type.Optional(Type.String({ pattern: '^\\d+(\\.\\d+)?[dhm]$', description: 'e.g. 14d, 48h, 90m (default 14d).' })) }, { additionalProperties: false });

const Part = Type.Number({ minimum: 0, maximum: 100 });
const DiscoveryBody = Type.Object(
  {
    id: Type.Integer(),
    source: Type.String(),
    title: Type.Union([Type.String(), Type.Null()]),
    url: Type.Union([Type.String(), Type.Null()]),
    topic: Type.Union([Type.String(), Type.Null()]),
    score: Type.Number({ minimum: 0, maximum: 100, description: 'The weighted mean of the breakdown (topics.discovery.weights), recency as of now.' }),
    breakdown: Type.Object({ novelty: Part, emergence: Part, echo: Part, obscurity: Part, recency: Part }, { additionalProperties: false }),
    createdAt: Type.String(),
    scoredAt: Type.String(),
  },
  { additionalProperties: false },
);
const DiscoveriesQuery = Type.Object(
  {
    minScore: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    hours: Type.Optional(Type.Number({ minimum: 0.01, maximum: 24 * 3650 })),
    topic: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
  },
  { additionalProperties: false },
);

/** `GET /topics` (trending) and `GET /topics/{name}` (issue 16; read key). */
export const topicsRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  const taxonomy = (): string[] => deps.pipelineDeps?.().topics?.taxonomy.map((t) => t.name) ?? [];
  const discovery = (): ReturnType<typeof topicsConfigSchema.parse>['discovery'] => deps.pipelineDeps?.().topics?.discovery ?? topicsConfigSchema.parse({}).discovery;

  app.get(
    '/discoveries',
    {
      schema: {
        tags: ['topics'],
        description: 'Research items (arXiv, GitHub, posts linking them) by discovery score, highest first, each with its breakdown (every part 0–100). Defaults: the last 168 hours, 50 items.',
        querystring: DiscoveriesQuery,
        response: { 200: Type.Object({ items: Type.Array(DiscoveryBody) }, { additionalProperties: false }), 400: ErrorBody },
      },
    },
    async (req) => ({ items: await listDiscoveries(deps.store, discovery(), deps.clock.now(), req.query) }),
  );

  app.get(
    '/topics',
    { schema: { tags: ['topics'], description: 'Trending topics: items per topic in the window, growth against the 4 windows before it, top items, and items per UTC day over the baseline and the window (`daily`, days without items left out).', querystring: WindowQuery, response: { 200: TrendingBody, 400: ErrorBody } } },
    async (req) => {
      const window = req.query.window ?? '14d';
      return { window, topics: await trendingTopics(deps.store, taxonomy(), deps.clock.now(), parseWindow(window)) };
    },
  );

  app.get(
    '/topics/:name',
    {
      schema: {
        tags: ['topics'],
        description: "One topic: its items in the window (most salient first), daily volume over the window and its baseline, growth.",
        params: Type.Object({ name: Type.String({ minLength: 1, maxLength: 100 }) }),
        querystring: WindowQuery,
        response: { 200: TopicBody, 400: ErrorBody, 404: ErrorBody },
      },
    },
    async (req) => {
      const window = req.query.window ?? '14d';
      const page = await topicPage(deps.store, taxonomy(), req.params.name, deps.clock.now(), parseWindow(window));
      if (!page) throw notFound(`no topic "${req.params.name}"`);
      return { window, ...page };
    },
  );
};
