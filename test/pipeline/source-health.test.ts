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
      [{ name: 'reddit' }, { name: 'hackernews' }, { name: 'github' }, { name: 'arxiv' }],
      [
        { ...base, source: 'reddit', lastSuccessAt: '2026-11-20T11:00:00.000Z', lastFetchedCount: 3 },
        { ...base, source: 'hackernews', consecutiveFailures: 2, lastError: 'x' },
        { ...base, source: 'github', consecutiveFailures: 1, rateLimitedUntil: '2026-11-20T12:10:00.000Z' },
        { ...base, source: 'arxiv', consecutiveFailures: 1, rateLimitedUntil: '2026-11-20T11:59:00.000Z' },
        { ...base, source: 'x', lastSuccessAt: '2026-11-19T00:00:00.000Z' },
      ],
      [],
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

  it('with parts: degraded when some configured parts fail, failing when all do; unconfigured parts neither shown nor counted', () => {
    const now = new Date('2026-11-20T12:00:00.000Z');
    const ok = { source: 'rss' as const, lastSuccessAt: '2026-11-20T11:00:00.000Z', lastErrorAt: null, lastError: null, consecutiveFailures: 0, lastFetchedCount: 5 };
    const bad = { ...ok, lastSuccessAt: null, lastErrorAt: '2026-11-20T11:00:00.000Z', lastError: 'UPSTREAM_BAD_RESPONSE: not a feed', consecutiveFailures: 2, lastFetchedCount: null };
    const record = { source: 'rss' as const, lastSuccessAt: '2026-11-20T11:00:00.000Z', lastErrorAt: '2026-11-20T11:00:00.000Z', lastError: 'x', consecutiveFailures: 0, rateLimitedUntil: null, lastFetchedCount: 5 };
    const parts = [
      { ...ok, key: 'good' },
      { ...bad, key: 'html' },
      { ...bad, key: 'removed' },
    ];
    const rss = (configured: string[]) =>
      buildSourceHealth([{ name: 'rss', parts: configured.map((key) => ({ key, target: key === 'good' ? 'https://example.org/feed?k=[redacted]' : undefined })) }], [record], parts, {}, now).find((r) => r.name === 'rss');

    const degraded = rss(['good', 'html', 'new']);
    expect(degraded?.state).toBe('degraded');
    expect(degraded?.parts.map((p) => [p.key, p.state, p.target])).toEqual([
      ['good', 'ok', 'https://example.org/feed?k=[redacted]'],
      ['html', 'failing', null],
      ['new', 'never_run', null],
    ]);
    expect(rss(['html', 'removed'])?.state).toBe('failing');
    expect(rss(['good'])?.state).toBe('ok');
    expect(rss(['good'])?.parts.map((p) => p.key)).toEqual(['good']);
    expect(rss(['new'])?.state).toBe('ok');
  });
});
