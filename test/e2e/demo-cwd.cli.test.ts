/*
 * `harvest demo` run from a folder with no settings file (ADR 0034): the bundled corpus is analysed
 * with its own world's names, so its items name the product and each outage wave is one story, the
 * same stories as a demo run from the project folder. The waves are the generator's ground truth
 * (the corpus's `incident` field), never this program's output.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const NOW = '2026-11-20T18:30:00.000Z';

const waveOf = new Map(
  readFileSync(join(ROOT, 'data/demo/corpus.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { id: string; incident?: string })
    .flatMap((p) => (p.incident ? [[p.id, p.incident] as const] : [])),
);

interface Run {
  /** wave → the stories holding its posts, as sorted lists of corpus ids. */
  waves: Map<string, string[][]>;
  namingProduct: number;
}

const read = (db: string): Run => {
  const rows = new Database(db, { readonly: true });
  try {
    const members = rows.prepare('select i.external_id as id, m.story_id as story from items i join story_members m on m.item_id = i.id').all() as Array<{ id: string; story: number }>;
    const byWave = new Map<string, Map<number, string[]>>();
    for (const m of members) {
      const wave = waveOf.get(m.id);
      if (!wave) continue;
      const stories = byWave.get(wave) ?? new Map<number, string[]>();
      stories.set(m.story, [...(stories.get(m.story) ?? []), m.id]);
      byWave.set(wave, stories);
    }
    const waves = new Map([...byWave].map(([w, s]) => [w, [...s.values()].map((ids) => ids.sort()).sort((a, b) => (a[0] as string).localeCompare(b[0] as string))]));
    const namingProduct = (rows.prepare(`select count(*) as n from analyses where entities like '%"Brindlepost"%'`).get() as { n: number }).n;
    return { waves, namingProduct };
  } finally {
    rows.close();
  }
};

describe('harvest demo outside the project folder', () => {
  let elsewhere: Run;
  let home: Run;
  beforeAll(async () => {
    const cwd = tempDir('harvest-demo-cwd-');
    const away = await runCli(['demo', '--no-serve', '--json'], { cwd, env: cleanEnv({ HARVEST_NOW: NOW }) });
    expect(away.code, away.stderr).toBe(0);
    const db = join(cwd, 'var/demo/app.db');
    expect(existsSync(db)).toBe(true);
    elsewhere = read(db);
    // The project folder's config/settings.yaml names the same product, competitors and alias.
    const homeDb = join(tempDir('harvest-demo-home-'), 'app.db');
    const inProject = await runCli(['demo', '--no-serve', '--json'], { env: cleanEnv({ HARVEST_NOW: NOW, HARVEST_DB_PATH: homeDb }) });
    expect(inProject.code, inProject.stderr).toBe(0);
    home = read(homeDb);
  }, 180_000);

  it('names the product and keeps each outage wave in one story', () => {
    expect(elsewhere.namingProduct).toBeGreaterThan(1000);
    for (const wave of ['inc-2026-11-16-messaging', 'inc-2026-11-18-api', 'inc-2026-11-19-mobile']) {
      expect(elsewhere.waves.get(wave)?.length, wave).toBe(1);
    }
  });

  it('makes the stories a run in the project folder makes', () => {
    expect(elsewhere.namingProduct).toBe(home.namingProduct);
    expect([...elsewhere.waves.keys()].sort()).toEqual([...home.waves.keys()].sort());
    for (const [wave, stories] of elsewhere.waves) expect(stories, wave).toEqual(home.waves.get(wave));
  });
});
