import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { healthMessage } from '../../src/pipeline/source-health.js';
import { buildSourceHealth } from '../../src/sources/health.js';

describe('source health', () => {
  it.each([
    ['GitHub said Bearer ghp_abcdefghijklmnopqrstuvwxyz0123 is bad', 'UPSTREAM_REJECTED: GitHub said Bearer [redacted] is bad'],
    ['GET https://user:pass@example.org/feed?token=s3cr3t&x=1 failed', 'UPSTREAM_REJECTED: GET https://[redacted]@example.org/feed?token=[redacted]&x=1 failed'],
    ['leaked ghp_abcdefghijklmnopqrstuvwxyz0123 here', 'UPSTREAM_REJECTED: leaked [redacted] here'],
    ['plain\nmulti-line   message', 'UPSTREAM_REJECTED: plain multi-line message'],
  ])('stores %j as a one-line message with credentials masked', (message, stored) => {
    expect(healthMessage(new AppError('UPSTREAM_REJECTED', message))).toBe(stored);
  });

  it('derives each state from the stored record, the configuration and the time', () => {
    const now = new Date('2026-11-20T12:00:00.000Z');
    const base = { lastErrorAt: null, lastError: null, rateLimitedUntil: null, lastFetchedCount: null, lastSuccessAt: null, consecutiveFailures: 0 };
    const rows = buildSourceHealth(
      new Set(['reddit', 'hackernews', 'github', 'arxiv']),
      [
        { ...base, source: 'reddit', lastSuccessAt: '2026-11-20T11:00:00.000Z', lastFetchedCount: 3 },
        { ...base, source: 'hackernews', consecutiveFailures: 2, lastError: 'x' },
        { ...base, source: 'github', consecutiveFailures: 1, rateLimitedUntil: '2026-11-20T12:10:00.000Z' },
        { ...base, source: 'arxiv', consecutiveFailures: 1, rateLimitedUntil: '2026-11-20T11:59:00.000Z' },
        { ...base, source: 'x', lastSuccessAt: '2026-11-19T00:00:00.000Z' },
      ],
      { reddit: 3, x: 10 },
      now,
    );
    expect(rows.map((r) => [r.name, r.state, r.itemsTotal])).toEqual([
      ['x', 'disabled', 10],
      ['reddit', 'ok', 3],
      ['hackernews', 'failing', 0],
      ['github', 'rate_limited', 0],
      ['arxiv', 'failing', 0],
      ['rss', 'disabled', 0],
      ['demo', 'disabled', 0],
    ]);
  });
});
