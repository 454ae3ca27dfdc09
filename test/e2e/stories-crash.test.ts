/*
 * SIGKILL during story assignment (ADR 0023): the demo corpus fetched and analysed first, then
 * `harvest pipeline` killed while the database shows story assignment under way (some items
 * assigned, not all), several times, then run to the end: every item's story is
 * the one an uninterrupted run gives.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const NOW = '2026-11-20T18:30:00.000Z';

const setup = (): { env: NodeJS.ProcessEnv; db: string } => {
  const dir = tempDir('harvest-stories-kill-');
  const config = join(dir, 'settings.yaml');
  // Small batches: many transactions, so a kill between two of them is likely.
  writeFileSync(config, ['sources:', '  demo:', '    enabled: true', 'pipeline:', '  batchSize: 50', ''].join('\n'));
  const db = join(dir, 'app.db');
  return { env: cleanEnv({ HARVEST_CONFIG: config, HARVEST_DB_PATH: db, HARVEST_NOW: NOW }), db };
};

const read = <T>(db: string, sql: string): T[] => {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all() as T[];
  } finally {
    d.close();
  }
};
const STORIES = 'select i.external_id as item, s.external_id as story from story_members m join items i on i.id = m.item_id join items s on s.id = m.story_id order by i.external_id';
const assigned = (db: string): number => read<{ n: number }>(db, 'select count(*) as n from story_members')[0]?.n ?? 0;

describe('SIGKILL during story assignment', () => {
  it('leaves, after a re-run, the stories of an uninterrupted run', async () => {
    const ref = setup();
    for (const cmd of [['fetch'], ['analyze'], ['pipeline']]) expect((await runCli(cmd, { env: ref.env })).code).toBe(0);
    const reference = read<{ item: string; story: string }>(ref.db, STORIES);
    const items = read<{ n: number }>(ref.db, 'select count(*) as n from items')[0]?.n ?? 0;
    expect(reference).toHaveLength(items);
    const stats = JSON.parse(read<{ stats: string }>(ref.db, "select stats from pipeline_runs where status = 'succeeded' order by id desc limit 1")[0]?.stats ?? '{}') as { stories: { durationMs: number } };

    const run = setup();
    for (const cmd of [['fetch'], ['analyze']]) expect((await runCli(cmd, { env: run.env })).code).toBe(0);
    // Kill `harvest pipeline` the moment the database shows story assignment under way (some items
    // assigned, not all), a little later each round, until it is done.
    let inside = 0;
    for (let round = 0; round < 6 && assigned(run.db) < items; round++) {
      const before = assigned(run.db);
      const child = spawn(process.execPath, [BIN, 'pipeline'], { cwd: ROOT, env: run.env, stdio: 'ignore' });
      const exited = new Promise<NodeJS.Signals | null>((res) => child.on('close', (_code, signal) => res(signal)));
      let done = false;
      void exited.then(() => (done = true));
      const extra = 50 * (round + 1);
      while (!done) {
        await new Promise((r) => setTimeout(r, 5));
        if (done) break;
        let n: number;
        try {
          n = assigned(run.db);
        } catch {
          continue; // busy or not yet migrated
        }
        if (n > before && n < items) {
          await new Promise((r) => setTimeout(r, Math.random() * extra));
          child.kill('SIGKILL');
          break;
        }
      }
      if ((await exited) === 'SIGKILL') {
        const after = assigned(run.db);
        if (after > before && after < items) inside += 1;
      }
    }
    const final = await runCli(['pipeline'], { env: run.env });
    expect(final.code, final.stderr).toBe(0);
    console.log(`[stories kill] ${inside} SIGKILLs inside story assignment (its stage took ${stats.stories.durationMs} ms uninterrupted)`);
    expect(inside).toBeGreaterThanOrEqual(1);
    expect(read(run.db, STORIES)).toEqual(reference);
  }, 600_000);
});
