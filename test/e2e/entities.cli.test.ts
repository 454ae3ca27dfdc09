import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { entitiesConfigSchema } from '../../src/entities/entities.config.js';
import { silentLogger } from '../../src/observability/logger.js';
import { runEntities } from '../../src/pipeline/entities.stage.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { newItem } from '../helpers/factories.js';
import { createPgDatabase, dropPgDatabase, tempDir, TEST_DATABASE_URL } from '../helpers/stores.js';

const NOW = '2026-11-20T12:00:00.000Z';
const topic = (itemId: number, top: string) => ({ itemId, topics: [{ name: top, score: 0.9 }], top, topScore: 0.9, origin: 'model' as const, createdAt: NOW });

/** The store the CLI reads: a SQLite file, and a PostgreSQL database when TEST_DATABASE_URL is set. */
const targets: Array<{ name: string; open: () => Promise<{ env: Record<string, string>; config: { path: string; url?: string; poolSize?: number }; done: () => Promise<void> }> }> = [
  {
    name: 'a SQLite file',
    open: async () => {
      const path = join(tempDir('harvest-entities-'), 'app.db');
      return { env: { HARVEST_DB_PATH: path }, config: { path }, done: async () => undefined };
    },
  },
];
if (TEST_DATABASE_URL) {
  const base = TEST_DATABASE_URL;
  targets.push({
    name: 'PostgreSQL',
    open: async () => {
      const url = await createPgDatabase(base);
      return { env: { DATABASE_URL: url }, config: { path: '', url, poolSize: 2 }, done: () => dropPgDatabase(base, url) };
    },
  });
}

describe.each(targets)('harvest entities (CLI on $name)', (target) => {
  let env: NodeJS.ProcessEnv;
  let done: () => Promise<void> = async () => undefined;
  afterAll(async () => {
    await done();
  });
  beforeAll(async () => {
    const opened = await target.open();
    done = opened.done;
    const clock = fixedClock(new Date(NOW));
    const store = createKyselyStore(opened.config, clock);
    await store.migrate();
    await store.saveFetchBatch('x', [newItem(1, { source: 'x', author: { id: '1', handle: 'ada_l', name: 'Ada Lovelace', followers: 5 }, text: 'Brindlepost boards, reviewed' })]);
    await store.saveFetchBatch('reddit', [newItem(2, { source: 'reddit', author: { id: '2', handle: 'ada', name: 'Ada Lovelace', followers: null }, text: 'Kestrelboard vs Brindlepost' })]);
    await store.topics.saveItemTopics([topic(1, 'systems'), topic(2, 'systems')], NOW);
    await runEntities({ store, clock, log: silentLogger(), entities: entitiesConfigSchema.parse({}) });
    await store.close();
    env = cleanEnv({ ...opened.env, HARVEST_NOW: NOW });
  }, 60_000);

  it('lists, filters, shows one entity and undoes its merge; bad ids are exit 2 naming the problem', async () => {
    const list = await runCli(['entities', '--json'], { env });
    expect(list.code, list.stderr).toBe(0);
    const body = JSON.parse(list.stdout) as { entities: Array<{ id: number; name: string; kind: string; items: number }>; total: number };
    expect(body.entities.map((e) => [e.name, e.items])).toEqual([
      ['Ada Lovelace', 2],
      ['Brindlepost', 2],
      ['Kestrelboard', 1],
    ]);
    const products = await runCli(['entities', '--kind', 'product', '--limit', '1'], { env });
    expect(products.stdout).toMatch(/product\s+2 items .* Brindlepost \(name\)\n1 of 2/);

    const ada = body.entities[0]!;
    const show = await runCli(['entities', 'show', String(ada.id)], { env });
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).toContain('Ada Lovelace — person, 2 items');
    expect(show.stdout).toMatch(/merged: (\d+) "Ada Lovelace" \((x|reddit)\) — same name and a shared topic/);
    const fromId = /merged: (\d+)/.exec(show.stdout)?.[1] ?? '';

    const undo = await runCli(['entities', 'unmerge', fromId], { env });
    expect(undo.code, undo.stderr).toBe(0);
    expect(undo.stdout).toContain(`is no longer merged into ${ada.id}`);
    const again = await runCli(['entities', 'unmerge', fromId], { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is not merged into another');
    const bad = await runCli(['entities', 'show', 'abc'], { env });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('an entity id is a positive integer');
    const kind = await runCli(['entities', '--kind', 'planet'], { env });
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('must be one of: person, lab, org, product');
  }, 60_000);
});
