import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import { newItem } from '../helpers/factories.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const NOW = '2026-11-20T12:00:00.000Z';

describe('harvest label', () => {
  let env: NodeJS.ProcessEnv;
  let id: number;
  beforeAll(async () => {
    const db = join(tempDir('harvest-label-'), 'h.db');
    const store = createKyselyStore({ path: db }, fixedClock(new Date(NOW)));
    await store.migrate();
    await store.saveFetchBatch('demo', [newItem(1)]);
    id = (await store.findItem('demo', 'ext-1'))!.id;
    await store.close();
    env = cleanEnv({ HARVEST_DB_PATH: db, HARVEST_NOW: NOW });
  });

  it('labels as `cli`, the last label wins, clear keeps the history; --json prints it', async () => {
    const a = await runCli(['label', String(id), 'relevant'], { env });
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(new RegExp(`signal ${id}: relevant \\(1 in its history\\)`));
    const b = await runCli(['label', String(id), 'irrelevant', '--json'], { env });
    const body = JSON.parse(b.stdout) as { label: string; actor: string; at: string; history: { label: string }[] };
    expect(body).toMatchObject({ label: 'irrelevant', actor: 'cli', at: NOW });
    expect(body.history.map((h) => h.label)).toEqual(['irrelevant', 'relevant']);
    const c = await runCli(['label', String(id), 'clear'], { env });
    expect(c.stdout).toMatch(/label cleared \(3 in its history\)/);
  });

  it('an unknown id, a bad id or a bad label: a clear error, exit 2', async () => {
    const unknown = await runCli(['label', '987654', 'relevant'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/no signal 987654: nothing was labelled/);
    const badId = await runCli(['label', 'abc', 'relevant'], { env });
    expect(badId.code).toBe(2);
    expect(badId.stderr).toMatch(/must be a signal or story id/);
    const badLabel = await runCli(['label', String(id), 'maybe'], { env });
    expect(badLabel.code).toBe(2);
    expect(badLabel.stderr).toMatch(/must be one of: relevant, irrelevant, clear/);
  });
});
