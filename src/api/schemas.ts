import { Type } from 'typebox';
import { CATEGORIES, SENTIMENTS } from '../domain/analysis.js';
import { SOURCE_NAMES } from '../domain/item.js';
import { SignalBodySchema } from '../domain/signal.schema.js';

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

/** An analysed and scored signal (camelCase, as the CLI's --json); derived from the domain's signal schema. */
export const Signal = Type.Object(SignalBodySchema.properties, { $id: 'Signal' });

