import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrateStore } from '../../src/backup/migrate-store.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import { newItem } from '../helpers/factories.js';
import { tempDir } from '../helpers/stores.js';

const clock = fixedClock(new Date('2026-11-20T12:00:00.000Z'));
const search = { page: 1, pageSize: 10, sort: 'createdAt', order: 'desc' } as const;

/** The FTS5 index is the target's own (its triggers fill it as items are copied): never copied row by row. */
describe('migrate-store between SQLite files keeps search working', () => {
  it('copies items, not the search index, and the target finds them by word', async () => {
    const dir = tempDir();
    const from = { kind: 'sqlite' as const, path: join(dir, 'a.db') };
    const to = { kind: 'sqlite' as const, path: join(dir, 'b.db') };
    const src = createKyselyStore({ path: from.path }, clock);
    await src.migrate();
    await src.saveFetchBatch('demo', [newItem(1, { text: 'outage spike at noon' }), newItem(2, { text: 'all quiet' })]);
    await src.close();

    const result = await migrateStore(from, to, clock);
    expect(result.tables.map((t) => t.table)).not.toContain('items_fts');
    expect(result.tables.find((t) => t.table === 'items')?.rows).toBe(2);

    const dst = createKyselyStore({ path: to.path }, clock);
    try {
      const found = await dst.signals.page({ ...search, search: 'spike outage' });
      expect(found).toMatchObject({ total: 1, items: [{ text: 'outage spike at noon' }] });
      expect((await dst.signals.page({ ...search, search: 'quiet' })).total).toBe(1);
    } finally {
      await dst.close();
    }
  });
});
