import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { AnalysisDetailSchema, isAnalysisResult } from '../../src/domain/analysis.schema.js';
import { wire } from '../../src/domain/schema-tools.js';
import { isScored, ManagedSignalBodySchema, SignalBodySchema, toManagedSignalBody, toSignalBody, type ManagedSignal, type Signal } from '../../src/domain/signal.schema.js';
import { analysis } from '../helpers/factories.js';

const signal: Signal = {
  id: 7,
  source: 'demo',
  externalId: 'demo-7',
  url: null,
  authorHandle: 'ada',
  authorName: 'Ada',
  title: null,
  text: 'it is down',
  createdAt: '2026-11-20T12:00:00.000Z',
  updatedAt: '2026-11-20T12:05:00.000Z',
  status: 'active',
  triage: 'new',
  metrics: { likes: 1, reposts: 2, replies: 3, quotes: 4, views: 5 },
  category: 'outage',
  sentiment: 'negative',
  sentimentScore: -0.5,
  urgency: 5,
  confidence: 0.9,
  tags: ['down'],
  reasoning: 'outage: down',
  salience: 88,
  breakdown: { raw: 1, metrics: 1, urgency: 5, urgencyPart: 20, base: 1, categoryBoost: 2, sentimentMultiplier: 1.2, ageHours: 0, recency: 1, unclamped: 88, cap: 100 },
};

describe('signal schema views', () => {
  it('the API/export record: the earlier field names, in the order of its schema, the author handle as `author`', () => {
    const body = toSignalBody(signal);
    const order = ['id', 'source', 'externalId', 'url', 'author', 'title', 'text', 'createdAt', 'category', 'sentiment', 'sentimentScore', 'urgency', 'confidence', 'tags', 'salience', 'breakdown', 'metrics'];
    expect(Object.keys(body)).toEqual(order);
    expect(Object.keys(SignalBodySchema.properties)).toEqual(order);
    expect(body.author).toBe('ada');
    expect(JSON.stringify(body)).not.toContain('reasoning');
  });

  it('the managed view keeps nulls before the pipeline ran, and isScored tells the two apart', () => {
    const fresh: ManagedSignal = { ...signal, category: null, sentiment: null, sentimentScore: null, urgency: null, confidence: null, tags: null, reasoning: null, salience: null, breakdown: null };
    expect(isScored(fresh)).toBe(false);
    expect(isScored(signal)).toBe(true);
    const body = toManagedSignalBody(fresh);
    expect(Object.keys(body)).toEqual(Object.keys(ManagedSignalBodySchema.properties));
    expect(body).toMatchObject({ author: 'ada', status: 'active', triage: 'new', category: null, salience: null, breakdown: null });
  });

  it('response schemas carry JSON types only: no ranges or enum values a stored value could fail', () => {
    const text = JSON.stringify([SignalBodySchema, ManagedSignalBodySchema.properties.category, AnalysisDetailSchema]);
    for (const keyword of ['"minimum"', '"maximum"', '"maxItems"', '"maxLength"', '"outage"']) expect(text).not.toContain(keyword);
    // The status is documented with its values, as it always was, and so is the triage state.
    expect(ManagedSignalBodySchema.properties.status).toMatchObject({ enum: ['active', 'paused', 'inactive', 'error'] });
    expect(ManagedSignalBodySchema.properties.triage).toMatchObject({ enum: ['new', 'acknowledged', 'resolved', 'ignored'] });
    const strict = Type.Object({ n: Type.Integer({ minimum: 0, maximum: 5 }), c: Type.Enum(['a', 'b']) });
    expect(JSON.parse(JSON.stringify(wire(strict)))).toEqual({ type: 'object', required: ['n', 'c'], properties: { n: { type: 'integer' }, c: { type: 'string' } } });
  });

  it('checks a verdict against SPEC 2.2: the closed taxonomy and its ranges', () => {
    expect(isAnalysisResult(analysis())).toBe(true);
    expect(isAnalysisResult({ ...analysis(), urgency: 2.5 })).toBe(false);
    expect(isAnalysisResult({ ...analysis(), sentimentScore: -1.5 })).toBe(false);
    expect(isAnalysisResult({ ...analysis(), sentiment: 'angry' })).toBe(false);
    expect(isAnalysisResult({ ...analysis(), reasoning: 'x'.repeat(401) })).toBe(false);
    expect(isAnalysisResult(null)).toBe(false);
  });
});
