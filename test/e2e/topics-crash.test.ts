/*
 * SIGKILL during topic training and during topic scoring (issue 16, ADR 0024 amended):
 *  - training happens in memory and the model is replaced in one statement, so `harvest pipeline`
 *    killed while it trains on a large examples file leaves the previous model, byte for byte, and
 *    the items' topics and discoveries as they were;
 *  - scoring writes each batch's topics, discoveries and centroids in one transaction, so a kill
 *    between batches leaves them consistent (each topic's centroid counts exactly its discoveries)
 *    and a re-run gives what an uninterrupted run gives.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/topics/softmax.js';
import { DEFAULT_TAXONOMY } from '../../src/topics/taxonomy.js';
import { BIN, cleanEnv, ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const NOW = '2026-11-20T18:30:00.000Z';

const setup = (extra: string[] = []): { env: NodeJS.ProcessEnv; db: string; config: string; dir: string } => {
  const dir = tempDir('harvest-topics-kill-');
  const config = join(dir, 'settings.yaml');
  writeFileSync(config, ['sources:', '  demo:', '    enabled: true', ...extra, ''].join('\n'));
  const db = join(dir, 'app.db');
  return { env: cleanEnv({ HARVEST_CONFIG: config, HARVEST_DB_PATH: db, HARVEST_NOW: NOW }), db, config, dir };
};

const read = <T>(db: string, sql: string): T[] => {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare(sql).all() as T[];
  } finally {
    d.close();
  }
};
const TOPICS = 'select item_id, topics, top, top_score from item_topics order by item_id';
const DISCOVERIES = 'select item_id, topic, score, breakdown from discoveries order by item_id';
const MODEL = "select model, trained_at from topic_models where name = 'active'";
const assignedCount = (db: string): number => read<{ n: number }>(db, 'select count(*) as n from item_topics')[0]?.n ?? 0;

/** Each topic's centroid counts exactly the discoveries under it: they were written together. */
const expectConsistent = (db: string): void => {
  const centroids = read<{ topic: string; n: number }>(db, 'select topic, n from topic_centroids order by topic');
  const counts = read<{ topic: string; n: number }>(db, 'select topic, count(*) as n from discoveries group by topic order by topic');
  expect(centroids).toEqual(counts);
};

/** A large examples file (so training takes seconds): words of each taxonomy topic, shuffled. */
const writeExamples = (file: string, lines: number): void => {
  const rand = seededRandom(3);
  const out: string[] = [];
  for (let i = 0; i < lines; i++) {
    const t = DEFAULT_TAXONOMY[i % DEFAULT_TAXONOMY.length] as (typeof DEFAULT_TAXONOMY)[number];
    const words = [...t.examples, ...t.keywords].join(' ').split(/\s+/);
    const text = Array.from({ length: 12 }, () => words[Math.floor(rand() * words.length)]).join(' ');
    out.push(JSON.stringify({ text: `${text} ${i}`, label: t.name }));
  }
  writeFileSync(file, `${out.join('\n')}\n`);
};

/** Spawns `harvest pipeline` and SIGKILLs it when `when` says so (polled every 5 ms); resolves with its exit signal. */
const killWhen = async (env: NodeJS.ProcessEnv, when: (output: string) => boolean, delayMs: number): Promise<NodeJS.Signals | null> => {
  const child = spawn(process.execPath, [BIN, 'pipeline'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<NodeJS.Signals | null>((res) => child.on('close', (_code, signal) => res(signal)));
  let done = false;
  void exited.then(() => (done = true));
  while (!done) {
    await new Promise((r) => setTimeout(r, 5));
    let fire: boolean;
    try {
      fire = when(output);
    } catch {
      continue; // the database is busy or not yet migrated
    }
    if (fire) {
      await new Promise((r) => setTimeout(r, delayMs));
      child.kill('SIGKILL');
      break;
    }
  }
  return exited;
};

describe('SIGKILL during topics', () => {
  it('during training leaves the previous model and the scores intact', async () => {
    const run = setup();
    expect((await runCli(['pipeline'], { env: run.env })).code).toBe(0);
    const before = { model: read(run.db, MODEL), topics: read(run.db, TOPICS), discoveries: read(run.db, DISCOVERIES) };
    expect(before.model).toHaveLength(1);
    expect(before.topics.length).toBeGreaterThan(0);

    const examples = join(run.dir, 'examples.jsonl');
    writeExamples(examples, 20_000);
    writeFileSync(run.config, ['sources:', '  demo:', '    enabled: true', 'topics:', `  examplesFile: ${examples}`, ''].join('\n'));
    const env = { ...run.env, LOG_LEVEL: 'info' };
    let inside = 0;
    for (let round = 0; round < 3; round++) {
      const signal = await killWhen(env, (out) => out.includes('training topic model'), 100 + 200 * round);
      const trained = read<{ model: string }>(run.db, MODEL)[0]?.model !== (before.model[0] as { model: string }).model;
      if (signal === 'SIGKILL' && !trained) inside += 1;
      expect(read(run.db, MODEL)).toEqual(before.model);
      expect(read(run.db, TOPICS)).toEqual(before.topics);
      expect(read(run.db, DISCOVERIES)).toEqual(before.discoveries);
    }
    console.log(`[topics kill] ${inside} SIGKILLs inside training`);
    expect(inside).toBeGreaterThanOrEqual(1);
    // Run to the end: the new model replaces the old one.
    const final = await runCli(['pipeline'], { env: run.env });
    expect(final.code, final.stderr).toBe(0);
    expect(read<{ trained_at: string }>(run.db, MODEL)).toHaveLength(1);
    expect(read<{ model: string }>(run.db, MODEL)[0]?.model).not.toBe((before.model[0] as { model: string }).model);
  }, 600_000);

  it('during scoring leaves consistent batches, and a re-run gives the topics and discoveries of an uninterrupted run', async () => {
    const ref = setup();
    for (const cmd of [['fetch'], ['analyze'], ['pipeline']]) expect((await runCli(cmd, { env: ref.env })).code).toBe(0);
    const reference = { topics: read(ref.db, TOPICS), discoveries: read(ref.db, DISCOVERIES) };
    const items = read<{ n: number }>(ref.db, 'select count(*) as n from items')[0]?.n ?? 0;
    expect(reference.topics).toHaveLength(items);
    expect(reference.discoveries.length).toBeGreaterThan(0);

    const run = setup();
    for (const cmd of [['fetch'], ['analyze']]) expect((await runCli(cmd, { env: run.env })).code).toBe(0);
    let inside = 0;
    for (let round = 0; round < 6 && assignedCount(run.db) < items; round++) {
      const start = assignedCount(run.db);
      const signal = await killWhen(run.env, () => {
        const n = assignedCount(run.db);
        return n > start && n < items;
      }, Math.random() * 30 * (round + 1));
      const after = assignedCount(run.db);
      if (signal === 'SIGKILL' && after > start && after < items) inside += 1;
      expectConsistent(run.db);
    }
    console.log(`[topics kill] ${inside} SIGKILLs inside topic scoring`);
    expect(inside).toBeGreaterThanOrEqual(1);
    const final = await runCli(['pipeline'], { env: run.env });
    expect(final.code, final.stderr).toBe(0);
    expectConsistent(run.db);
    expect(read(run.db, TOPICS)).toEqual(reference.topics);
    expect(read(run.db, DISCOVERIES)).toEqual(reference.discoveries);
  }, 600_000);
});
