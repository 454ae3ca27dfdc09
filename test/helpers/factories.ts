import type { AnalysisResult } from '../../src/domain/analysis.js';
import { emptyEntities } from '../../src/domain/analysis.js';
import type { NewItem } from '../../src/domain/item.js';
import type { SignalRow } from '../../src/store/store.port.js';

import { contentHash } from '../../src/domain/content-hash.js';

export const hash = contentHash;

/** A demo-source item with sensible defaults; override what the test is about. */
export const newItem = (n: number, over: Partial<NewItem> = {}): NewItem => {
  const text = over.text ?? `post number ${n}`;
  return {
    source: 'demo',
    externalId: `ext-${n}`,
    url: `https://example.invalid/p/${n}`,
    author: { id: `u${n % 7}`, handle: `user${n % 7}`, name: `User ${n % 7}`, followers: 100 * n },
    title: null,
    text,
    lang: 'en',
    createdAt: new Date(Date.UTC(2026, 10, 20, 12, 0, 0) - n * 60_000).toISOString(),
    fetchedAt: '2026-11-20T12:00:00.000Z',
    metrics: { likes: n, reposts: 0, replies: 0, quotes: 0, views: 0 },
    queries: ['brand'],
    contentHash: hash(over.title ?? null, text),
    raw: { n },
    ...over,
  };
};

export const analysis = (over: Partial<AnalysisResult> = {}): AnalysisResult => ({
  category: 'bug',
  sentiment: 'negative',
  sentimentScore: -0.5,
  urgency: 3,
  confidence: 0.7,
  tags: ['bug'],
  entities: emptyEntities(),
  reasoning: 'test',
  ...over,
});

export const heuristicProvenance = { provider: 'heuristic', model: 'test', promptVersion: 't1', tokensIn: 0, tokensOut: 0, costUsd: 0, fallback: false };

/** A signal as the store returns it (item + analysis + score); override what the test is about. */
export const signalRow = (n: number, over: Partial<SignalRow> = {}): SignalRow => ({
  id: n,
  source: 'demo',
  externalId: `ext-${n}`,
  url: `https://example.invalid/p/${n}`,
  authorHandle: `user${n % 7}`,
  authorName: `User ${n % 7}`,
  title: null,
  text: `post number ${n}`,
  createdAt: new Date(Date.UTC(2026, 10, 20, 12, 0, 0) - n * 60_000).toISOString(),
  metrics: { likes: n, reposts: 0, replies: 0, quotes: 0, views: 0 },
  category: 'outage',
  sentiment: 'negative',
  sentimentScore: -0.5,
  urgency: 4,
  confidence: 0.8,
  tags: ['outage'],
  reasoning: 'test',
  salience: 90,
  breakdown: { raw: 0, metrics: 0, urgency: 0, urgencyPart: 0, base: 0, categoryBoost: 1, sentimentMultiplier: 1, ageHours: 0, recency: 1, unclamped: 90, cap: 100 },
  status: 'active',
  triage: 'new',
  updatedAt: '2026-11-20T12:00:00.000Z',
  ...over,
});
