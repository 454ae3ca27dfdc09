import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CATEGORIES, generateCorpus, serializeCorpus } from '../../scripts/generate-demo-corpus.js';
import type { AppError } from '../../src/domain/errors.js';
import type { NewItem } from '../../src/domain/item.js';
import { silentLogger } from '../../src/observability/logger.js';
import { fixedClock } from '../../src/platform/clock.js';
import {
  createDemoSource,
  DEFAULT_DEMO_CORPUS,
  DEMO_CURSOR_KEY,
  DEMO_LEAD_MS,
  type DemoSourceOptions,
  parseDemoCursor,
} from '../../src/sources/demo/demo.source.js';
import { mapDemoLine } from '../../src/sources/demo/map.js';
import type { FetchBatch, FetchContext } from '../../src/sources/source.port.js';

const ANCHOR = new Date('2027-03-01T09:30:00.000Z');
const corpusLines = readFileSync(DEFAULT_DEMO_CORPUS, 'utf8').split('\n').filter((l) => l.length > 0);
const records = corpusLines.map((l) => JSON.parse(l) as { id: string; createdAt: string; expected: string; platform: string; lang: string; text: string });

const ctxFor = (cursor?: string, now = ANCHOR): FetchContext => ({
  getCursor: async (key) => (key === DEMO_CURSOR_KEY ? cursor : undefined),
  clock: fixedClock(now),
  log: silentLogger(),
});

const collect = async (opts: Partial<DemoSourceOptions>, ctx: FetchContext, maxBatches = Infinity): Promise<FetchBatch[]> => {
  const out: FetchBatch[] = [];
  for await (const batch of createDemoSource(opts).fetch(ctx)) {
    out.push(batch);
    if (out.length >= maxBatches) break;
  }
  return out;
};

const itemsOf = (batches: FetchBatch[]): NewItem[] => batches.flatMap((b) => b.items);
const offsetOf = (b: FetchBatch | undefined): number => parseDemoCursor(b?.cursor?.value)?.offset ?? -1;

const tmp = mkdtempSync(join(tmpdir(), 'demo-source-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('demo source over the bundled corpus', () => {
  it('maps every line, with unique ids and advancing cursors', async () => {
    const invalid: number[] = [];
    const batches = await collect({ batchSize: 300, onInvalid: (_e, n) => invalid.push(n) }, ctxFor());
    const items = itemsOf(batches);

    expect(invalid).toEqual([]);
    expect(items).toHaveLength(corpusLines.length);
    expect(new Set(items.map((i) => i.externalId)).size).toBe(items.length);
    expect(batches).toHaveLength(Math.ceil(corpusLines.length / 300));
    const offsets = batches.map(offsetOf);
    expect(offsets).toEqual(batches.map((_b, i) => Math.min((i + 1) * 300, corpusLines.length)));
    for (const b of batches) {
      expect(b.cursor?.key).toBe(DEMO_CURSOR_KEY);
      expect(parseDemoCursor(b.cursor?.value)).toMatchObject({ anchor: ANCHOR.toISOString(), file: 'corpus.jsonl' });
    }
    const first = items[0];
    expect(first).toMatchObject({ source: 'demo', externalId: records[0]?.id, fetchedAt: ANCHOR.toISOString() });
    expect(first?.raw).toEqual(records[0]);
  });

  it('rebases so the newest item lands just before the anchor, keeping the spacing', async () => {
    const items = itemsOf(await collect({ batchSize: 500 }, ctxFor()));
    const times = items.map((i) => Date.parse(i.createdAt));
    const newest = Math.max(...times);
    expect(newest).toBe(ANCHOR.getTime() - DEMO_LEAD_MS);
    expect(times.every((t) => t < ANCHOR.getTime())).toBe(true);
    const originalSpan = Date.parse(records.at(-1)?.createdAt ?? '') - Date.parse(records[0]?.createdAt ?? '');
    expect(newest - Math.min(...times)).toBe(originalSpan);
  });

  it('rebases identically across runs with the same anchor', async () => {
    const a = itemsOf(await collect({ batchSize: 250 }, ctxFor()));
    const b = itemsOf(await collect({ batchSize: 700 }, ctxFor()));
    expect(b).toEqual(a);
  });

  it('resumes from a stored cursor exactly where it stopped, rebased to the stored anchor', async () => {
    const full = itemsOf(await collect({ batchSize: 170 }, ctxFor()));
    const head = await collect({ batchSize: 170 }, ctxFor(), 3);
    const cursor = head.at(-1)?.cursor?.value;
    expect(offsetOf(head.at(-1))).toBe(510);

    const later = new Date(ANCHOR.getTime() + 6 * 3_600_000);
    const tail = await collect({ batchSize: 170 }, ctxFor(cursor, later));
    const resumed = [...itemsOf(head), ...itemsOf(tail)];
    expect(resumed.map((i) => i.externalId)).toEqual(full.map((i) => i.externalId));
    expect(resumed.map((i) => i.createdAt)).toEqual(full.map((i) => i.createdAt));
    expect(offsetOf(tail[0])).toBe(680);
    expect(offsetOf(tail.at(-1))).toBe(corpusLines.length);

    // A cursor in the minimal shape (no saved `newest`) rescans the file and rebases the same way.
    const { offset, anchor, file } = parseDemoCursor(cursor) ?? {};
    const minimal = await collect({ batchSize: 170 }, ctxFor(JSON.stringify({ offset, anchor, file }), later));
    expect(itemsOf(minimal)).toEqual(itemsOf(tail));
  });

  it('stops between batches when the signal is aborted', async () => {
    const controller = new AbortController();
    const seen: FetchBatch[] = [];
    const run = async (): Promise<void> => {
      for await (const b of createDemoSource({ batchSize: 100 }).fetch({ ...ctxFor(), signal: controller.signal })) {
        seen.push(b);
        controller.abort(new Error('stop'));
      }
    };
    await expect(run()).rejects.toThrow('stop');
    expect(seen).toHaveLength(1);
  });

  it('yields nothing once the whole file is consumed', async () => {
    const cursor = JSON.stringify({ offset: corpusLines.length, anchor: ANCHOR.toISOString(), file: 'corpus.jsonl' });
    expect(await collect({}, ctxFor(cursor))).toEqual([]);
  });

  it('starts over with a fresh anchor when the cursor belongs to another file', async () => {
    const cursor = JSON.stringify({ offset: 1500, anchor: '2020-01-01T00:00:00.000Z', file: 'other.jsonl' });
    const batches = await collect({ batchSize: 1000 }, ctxFor(cursor));
    expect(itemsOf(batches)).toHaveLength(corpusLines.length);
    expect(parseDemoCursor(batches[0]?.cursor?.value)?.anchor).toBe(ANCHOR.toISOString());
  });
});

describe('demo source with malformed lines', () => {
  const good = (id: string, extra: Record<string, unknown> = {}): string =>
    JSON.stringify({ id, text: `post ${id}`, createdAt: '2026-11-20T10:00:00Z', queries: ['brand'], ...extra });
  const lines = [
    good('g1'),
    '{"id": "broken", "text": ',
    JSON.stringify({ id: 'no-text', createdAt: '2026-11-20T10:00:00Z' }),
    good('bad-types', { author: { id: 'u1', followers: 'many' } }),
    '',
    good('bad-metric', { metrics: { likes: -3 } }),
    good('bad-date', { createdAt: 'yesterday' }),
    good('g2', { title: 'A title', createdAt: '2026-11-20T12:00:00Z' }),
  ];

  it('reports line number and field, skips the bad lines and keeps the good ones', async () => {
    const file = join(tmp, 'malformed.jsonl');
    writeFileSync(file, lines.join('\n') + '\n');
    const reported: { lineNo: number; err: AppError }[] = [];
    const batches = await collect({ file, batchSize: 10, onInvalid: (err, lineNo) => reported.push({ err, lineNo }) }, ctxFor());

    expect(itemsOf(batches).map((i) => i.externalId)).toEqual(['g1', 'g2']);
    expect(reported.map((r) => r.lineNo)).toEqual([2, 3, 4, 6, 7]);
    expect(reported.every((r) => r.err.code === 'INPUT_INVALID')).toBe(true);
    const messages = reported.map((r) => r.err.message);
    expect(messages[0]).toMatch(/line 2: not valid JSON/);
    expect(messages[1]).toMatch(/line 3: invalid field 'text'/);
    expect(messages[2]).toMatch(/line 4: invalid field 'author\.followers'/);
    expect(messages[3]).toMatch(/line 6: invalid field 'metrics\.likes'/);
    expect(messages[4]).toMatch(/line 7: invalid field 'createdAt'/);
    expect(offsetOf(batches.at(-1))).toBe(lines.length);
    // The newest valid post (g2, 12:00) lands just before the anchor.
    expect(itemsOf(batches)[1]?.createdAt).toBe(new Date(ANCHOR.getTime() - DEMO_LEAD_MS).toISOString());
  });

  it('still advances the cursor when a whole batch is invalid', async () => {
    const file = join(tmp, 'all-bad.jsonl');
    writeFileSync(file, 'nope\n{}\n');
    const batches = await collect({ file, batchSize: 5, onInvalid: () => undefined }, ctxFor());
    expect(batches).toHaveLength(1);
    expect(batches[0]?.items).toEqual([]);
    expect(offsetOf(batches[0])).toBe(2);
  });

  it('fails clearly when the corpus file does not exist', async () => {
    await expect(collect({ file: join(tmp, 'missing.jsonl') }, ctxFor())).rejects.toMatchObject({ code: 'INPUT_INVALID' });
  });
});

describe('mapDemoLine', () => {
  const line = JSON.stringify({
    id: 'demo-000042', platform: 'reddit', url: 'https://demo.signal-harvester.invalid/p/demo-000042', title: 'Is it down?',
    text: 'nothing loads', lang: 'en', createdAt: '2026-11-16T14:10:00Z',
    author: { id: 'demo-user-0001', handle: 'mara', name: 'Mara O.', followers: 120 },
    metrics: { likes: 5, replies: 2 }, queries: ['brand'], expected: 'outage',
  });

  it.each([
    { shift: 0, createdAt: '2026-11-16T14:10:00.000Z' },
    { shift: 3_600_000, createdAt: '2026-11-16T15:10:00.000Z' },
    { shift: -86_400_000, createdAt: '2026-11-15T14:10:00.000Z' },
  ])('shifts createdAt by $shift ms', ({ shift, createdAt }) => {
    expect(mapDemoLine(line, 1, shift, '2027-01-01T00:00:00.000Z').createdAt).toBe(createdAt);
  });

  it('maps fields, defaults missing metrics and hashes title + text', () => {
    const item = mapDemoLine(line, 7, 0, '2027-01-01T00:00:00.000Z');
    expect(item).toMatchObject({
      source: 'demo', externalId: 'demo-000042', title: 'Is it down?', text: 'nothing loads', lang: 'en',
      author: { id: 'demo-user-0001', handle: 'mara', name: 'Mara O.', followers: 120 },
      metrics: { likes: 5, reposts: 0, replies: 2, quotes: 0, views: 0 }, queries: ['brand'], fetchedAt: '2027-01-01T00:00:00.000Z',
    });
    expect(item.contentHash).toBe(createHash('sha256').update('Is it down?\nnothing loads').digest('hex'));
    expect(item.raw).toEqual(JSON.parse(line));
  });
});

describe('the bundled corpus', () => {
  const count = (key: 'expected' | 'platform' | 'lang'): Record<string, number> =>
    records.reduce<Record<string, number>>((acc, r) => ({ ...acc, [r[key]]: (acc[r[key]] ?? 0) + 1 }), {});

  it('is what the generator produces (regenerate with scripts/generate-demo-corpus.ts)', () => {
    expect(serializeCorpus(generateCorpus())).toBe(readFileSync(DEFAULT_DEMO_CORPUS, 'utf8'));
  });

  it('has a sensible content mix', () => {
    const byCategory = count('expected');
    expect(Object.keys(byCategory).sort()).toEqual([...CATEGORIES].sort());
    for (const c of CATEGORIES) expect(byCategory[c]).toBeGreaterThanOrEqual(60);
    expect(byCategory.outage).toBeGreaterThanOrEqual(150);
    expect(byCategory.security).toBeGreaterThanOrEqual(80);
    expect(Object.keys(count('platform')).sort()).toEqual(['forum', 'hackernews', 'reddit', 'x']);
    expect(count('lang').en ?? 0).toBeGreaterThan(records.length * 0.9);
    expect(new Set(records.map((r) => r.text)).size).toBeGreaterThan(records.length * 0.85);
  });

  it('spans about a week, ends on 2026-11-20 and stays small', () => {
    const times = records.map((r) => Date.parse(r.createdAt));
    expect(records.length).toBeGreaterThanOrEqual(1900);
    expect(Math.max(...times) - Math.min(...times)).toBeGreaterThan(6.5 * 86_400_000);
    expect(Math.max(...times)).toBeLessThanOrEqual(Date.parse('2026-11-20T18:00:00Z'));
    expect(statSync(DEFAULT_DEMO_CORPUS).size).toBeLessThan(2 * 1024 * 1024);
  });

  it('has outage bursts: at least 40 reports within two hours of each incident start', () => {
    const byIncident = new Map<string, number[]>();
    for (const r of records as { incident?: string; createdAt: string; expected: string }[]) {
      if (r.incident?.startsWith('inc-')) byIncident.set(r.incident, [...(byIncident.get(r.incident) ?? []), Date.parse(r.createdAt)]);
    }
    expect(byIncident.size).toBe(3);
    for (const times of byIncident.values()) {
      const start = Math.min(...times);
      expect(times.filter((t) => t - start <= 2 * 3_600_000).length).toBeGreaterThanOrEqual(35);
    }
  });
});
