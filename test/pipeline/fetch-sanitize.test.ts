import { afterEach, describe, expect, it } from 'vitest';
import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { contentHash } from '../../src/domain/content-hash.js';
import { AppError } from '../../src/domain/errors.js';
import type { NewItem } from '../../src/domain/item.js';
import { hasControlChars, safeHttpUrl, sanitizeNewItem } from '../../src/domain/item.sanitize.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { runFetch } from '../../src/pipeline/fetch.stage.js';
import { fixedClock } from '../../src/platform/clock.js';
import type { Source } from '../../src/sources/source.port.js';
import type { Store } from '../../src/store/store.port.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';

const clock = fixedClock(new Date('2026-11-20T12:00:00.000Z'));

const listSource = (items: NewItem[]): Source => ({
  name: 'demo',
  async *fetch() {
    yield { items, cursor: { key: 'list', value: String(items.length) } };
  },
});

const deps = (store: Store, sources: Source[]): PipelineDeps => ({
  store,
  sources,
  analyzer: createHeuristicAnalyzer({ products: [], competitors: [] }),
  notifiers: [],
  clock,
  log: silentLogger(),
  scoring: scoringConfigSchema.parse({}),
  batchSize: 100,
});

describe('sanitizeNewItem (the mapping boundary, pure)', () => {
  it('strips NUL and other C0 controls but keeps tab and newlines, and re-hashes the content', () => {
    const dirty = newItem(1, { title: 'Out\u0000age', text: 'a\u0000b\tc\nd\u0007e\u007f', author: { id: 'u\u0000', handle: 'h\u0001', name: 'N', followers: 1 } });
    const clean = sanitizeNewItem(dirty);
    expect(clean.title).toBe('Outage');
    expect(clean.text).toBe('ab\tc\nde');
    expect(clean.author).toMatchObject({ id: 'u', handle: 'h' });
    expect(clean.contentHash).toBe(contentHash('Outage', 'ab\tc\nde'));
    expect(hasControlChars(clean.text)).toBe(false);
  });

  it('cleans strings anywhere in the raw record', () => {
    const clean = sanitizeNewItem(newItem(2, { raw: { a: ['x\u0000y', { 'k\u0000': 'v\u0000' }], n: 3 } }));
    expect(clean.raw).toEqual({ a: ['xy', { k: 'v' }], n: 3 });
  });

  it('keeps only http(s) URLs', () => {
    expect(safeHttpUrl('javascript:alert(1)')).toBeNull();
    expect(safeHttpUrl('data:text/html,<script>1</script>')).toBeNull();
    expect(safeHttpUrl('JAVASCRIPT:alert(1)')).toBeNull();
    expect(safeHttpUrl(' https://example.com/a ')).toBe('https://example.com/a');
    expect(safeHttpUrl('http://example.com/')).toBe('http://example.com/');
    expect(sanitizeNewItem(newItem(3, { url: 'javascript:alert(1)' })).url).toBeNull();
  });

  it('returns the same object when nothing needs cleaning (no cost on clean data)', () => {
    const item = newItem(4);
    expect(sanitizeNewItem(item)).toBe(item);
  });
});

describe.each(storeTargets())('fetch stage on $name: one bad item never sinks its batch', (target) => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
    store = undefined;
  });

  it('stores a batch holding a NUL character, with the clean posts beside it, and the source is not failing', async () => {
    store = await target.open(clock);
    const items = [newItem(1), newItem(2, { text: 'outage\u0000 now', raw: { body: 'x\u0000' } }), newItem(3, { url: 'javascript:alert(1)' }), newItem(4)];
    const r = await runFetch(deps(store, [listSource(items)]));
    expect(r.failed).toBe(0);
    expect(r.inserted).toBe(4);
    expect((await store.findItem('demo', 'ext-2'))?.text).toBe('outage now');
    expect((await store.findItem('demo', 'ext-3'))?.url).toBeNull();
    expect(await store.getCursor('demo', 'list')).toBe('4');
    const health = await store.sourceState.list();
    expect(health.find((h) => h.source === 'demo')?.consecutiveFailures ?? 0).toBe(0);
  });

  it('when the store refuses one item, the others and the cursor are still stored', async () => {
    const real = await target.open(clock);
    store = real;
    const refusing: Store = {
      ...real,
      saveFetchBatch: (source, items, cursor) =>
        items.some((i) => i.externalId === 'ext-2')
          ? Promise.reject(new AppError('INTERNAL', 'store: save fetched items failed: value refused'))
          : real.saveFetchBatch(source, items, cursor),
    };
    const r = await runFetch(deps(refusing, [listSource([newItem(1), newItem(2), newItem(3)])]));
    expect(r.failed).toBe(0);
    expect(r.inserted).toBe(2);
    expect(await real.findItem('demo', 'ext-1')).toBeDefined();
    expect(await real.findItem('demo', 'ext-2')).toBeUndefined();
    expect(await real.findItem('demo', 'ext-3')).toBeDefined();
    expect(await real.getCursor('demo', 'list')).toBe('3');
  });
});
