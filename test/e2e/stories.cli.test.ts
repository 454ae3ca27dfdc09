/*
 * `harvest stories` end to end: the built CLI runs the pipeline on the demo corpus, then lists its
 * stories as a table and as JSON; bad options exit 2.
 */
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import type { StoryRow } from '../../src/store/stories.port.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const NOW = '2026-11-20T18:30:00.000Z';

describe('harvest stories', () => {
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    const dir = tempDir('harvest-stories-');
    const config = join(dir, 'settings.yaml');
    writeFileSync(config, ['sources:', '  demo:', '    enabled: true', ''].join('\n'));
    env = cleanEnv({ HARVEST_CONFIG: config, HARVEST_DB_PATH: join(dir, 'app.db'), HARVEST_NOW: NOW });
    const r = await runCli(['pipeline'], { env });
    expect(r.code, r.stderr).toBe(0);
  }, 120_000);

  it('lists the loudest stories of several members, as a table and as JSON', async () => {
    const json = await runCli(['stories', '--min-size', '5', '--json'], { env });
    expect(json.code, json.stderr).toBe(0);
    const rows = JSON.parse(json.stdout) as StoryRow[];
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.every((s) => s.size >= 5 && s.breakdown !== null && s.sources.length > 0)).toBe(true);
    const table = await runCli(['stories', '--min-size', '5'], { env });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/salience\s+size\s+sources/);
    expect(table.stdout).toContain(`#${rows[0]?.id} `);
    const recent = JSON.parse((await runCli(['stories', '--hours', '6', '--json'], { env })).stdout) as StoryRow[];
    expect(recent.every((s) => s.lastAt >= new Date(Date.parse(NOW) - 6 * 3_600_000).toISOString())).toBe(true);
  }, 60_000);

  it('says why a story shows no salience (a run stopped before its score stage)', async () => {
    const db = join(tempDir('harvest-stories-unscored-'), 'app.db');
    copyFileSync(env.HARVEST_DB_PATH as string, db);
    const raw = new Database(db);
    const top = raw.prepare('select id from stories where merged_into is null and size >= 5 order by salience desc limit 1').get() as { id: number };
    raw.prepare('update stories set salience = null, breakdown = null, scored_at = null where id = ?').run(top.id);
    raw.close();
    const r = await runCli(['stories', '--min-size', '5', '--limit', '200'], { env: { ...env, HARVEST_DB_PATH: db } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`—\\s+\\d+\\s+demo.*#${top.id} `));
    expect(r.stdout).toContain('— not scored yet: its run stopped before scoring; the next `harvest pipeline` scores it');
    const scored = await runCli(['stories', '--min-size', '5', '--limit', '200'], { env });
    expect(scored.stdout).not.toContain('not scored yet');
  }, 60_000);

  it('rejects bad options with exit 2', async () => {
    for (const args of [['stories', '--min-size', 'many'], ['stories', '--hours', '-1']]) {
      const r = await runCli(args, { env });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
    }
  }, 60_000);
});
