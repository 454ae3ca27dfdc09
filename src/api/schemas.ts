import { Type, type Static } from 'typebox';
import { CATEGORIES, SENTIMENTS } from '../domain/analysis.js';
import { SOURCE_NAMES } from '../domain/item.js';

/** The one error body every route answers with. */
export const ErrorBody = Type.Object(
  {
    error: Type.Object({
      code: Type.String(),
      message: Type.String(),
      details: Type.Optional(Type.Array(Type.String())),
    }),
  },
  { $id: 'ErrorBody' },
);

export const Category = Type.Union(CATEGORIES.map((c) => Type.Literal(c)));
export const Sentiment = Type.Union(SENTIMENTS.map((s) => Type.Literal(s)));
export const Source = Type.Union(SOURCE_NAMES.map((s) => Type.Literal(s)));

export const Breakdown = Type.Object({
  raw: Type.Number(),
  metrics: Type.Number(),
  urgency: Type.Number(),
  urgencyPart: Type.Number(),
  base: Type.Number(),
  categoryBoost: Type.Number(),
  sentimentMultiplier: Type.Number(),
  ageHours: Type.Number(),
  recency: Type.Number(),
  unclamped: Type.Number(),
  cap: Type.Number(),
});

export const Metrics = Type.Object({
  likes: Type.Number(),
  reposts: Type.Number(),
  replies: Type.Number(),
  quotes: Type.Number(),
  views: Type.Number(),
});

/** An item with its analysis and its score breakdown (camelCase, as the CLI's --json). */
export const Signal = Type.Object(
  {
    id: Type.Integer(),
    source: Type.String(),
    externalId: Type.String(),
    url: Type.Union([Type.String(), Type.Null()]),
    author: Type.Union([Type.String(), Type.Null()]),
    title: Type.Union([Type.String(), Type.Null()]),
    text: Type.String(),
    createdAt: Type.String(),
    category: Type.String(),
    sentiment: Type.String(),
    sentimentScore: Type.Number(),
    urgency: Type.Integer(),
    confidence: Type.Number(),
    tags: Type.Array(Type.String()),
    salience: Type.Number(),
    breakdown: Breakdown,
    metrics: Metrics,
  },
  { $id: 'Signal' },
);
export type SignalBody = Static<typeof Signal>;

export const errorResponses = {
  400: ErrorBody,
  404: ErrorBody,
} as const;
