import { Type } from 'typebox';

const ConfigResult = Type.Object({
  name: Type.String({ description: 'the settings file compared' }),
  precisionAtK: Type.Number(),
  recallAtK: Type.Number(),
  ndcgAtK: Type.Number(),
  thresholdPrecision: Type.Number({ description: 'precision of the signals whose salience when new reached the notify threshold' }),
  thresholdRecall: Type.Number(),
  notified: Type.Integer(),
  modelDays: Type.Integer({ description: 'days the relevance model (trained on earlier labels) was in the ranking' }),
});

const Report = Type.Object({
  k: Type.Integer(),
  from: Type.Union([Type.String(), Type.Null()]),
  to: Type.Union([Type.String(), Type.Null()]),
  signals: Type.Integer(),
  labelled: Type.Integer(),
  relevant: Type.Integer(),
  days: Type.Integer({ description: 'days with a signal labelled relevant: the ranking figures are means over them' }),
  withModel: Type.Boolean(),
  configs: Type.Array(ConfigResult),
  winner: Type.Union([Type.String(), Type.Null()]),
});

const Params = Type.Object({
  configs: Type.Array(Type.String()),
  k: Type.Integer(),
  from: Type.Union([Type.String(), Type.Null()]),
  to: Type.Union([Type.String(), Type.Null()]),
  relevance: Type.Boolean(),
});

export const ExperimentBody = Type.Object({
  id: Type.Integer(),
  createdAt: Type.String(),
  winner: Type.Union([Type.String(), Type.Null()]),
  params: Params,
  result: Report,
});

export const ExperimentList = Type.Object({ experiments: Type.Array(ExperimentBody) });

export const ExperimentParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) });

export const ExperimentQuery = Type.Object({ limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }) }, { additionalProperties: false });
