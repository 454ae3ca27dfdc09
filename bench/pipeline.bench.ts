/**
 * `npm run bench:pipeline -- --items N`: items/s for ingest, analyze, score and the whole pipeline on
 * SQLite, plus peak RSS, against baselines measured in the same run (raw better-sqlite3 inserts and
 * the analyzer alone). Prints figures; asserts nothing.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { createHeuristicAnalyzer, analyzeText } from '../src/analysis/heuristic/heuristic.analyzer.js';
import { scoringConfigSchema } from '../src/config/scoring.config.js';
import { silentLogger } from '../src/observability/logger.js';
import { runAnalyze } from '../src/pipeline/analyze.stage.js';
import type { PipelineDeps } from '../src/pipeline/deps.js';
import { runPipeline } from '../src/pipeline/run.js';
import { runScore } from '../src/pipeline/score.stage.js';
import { fixedClock } from '../src/platform/clock.js';
import { createKyselyStore } from '../src/store/kysely/kysely.store.js';
import type { Store } from '../src/store/store.port.js';
import { generateBatches, generatedSource } from './generate.js';

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = Number(process.argv[i + 1]);
  if (!Number.isInteger(v) || v <= 0) {
    console.error(`--${name} must be a positive integer`);
    process.exit(2);
  }
  return v;
};

const N = arg('items', 100_000);
const BATCH = arg('batch', 1000);
const NOW = new Date('2026-11-20T18:00:00.000Z');
const clock = fixedClock(NOW);
const opts = { products: ['Brindlepost'], competitors: ['Kestrelboard', 'Ferncircle', 'Taskmoth'] };
const dir = mkdtempSync(join(tmpdir(), 'harvest-bench-'));
let peakRss = 0;
const sampleRss = (): void => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
};
const sampler = setInterval(sampleRss, 50);

const deps = (store: Store, sources: PipelineDeps['sources'] = []): PipelineDeps => ({
  store,
  sources,
  analyzer: createHeuristicAnalyzer(opts),
  notifier: null,
  clock,
  log: silentLogger(),
  scoring: scoringConfigSchema.parse({}),
  notify: { channel: 'bench', threshold: 80, limit: 10, digestThreshold: 5 },
  batchSize: BATCH,
});

const time = async <T>(fn: () => Promise<T> | T): Promise<{ value: T; s: number }> => {
  const t0 = performance.now();
  const value = await fn();
  sampleRss();
  return { value, s: (performance.now() - t0) / 1000 };
};

const baselineRawInsert = (): number => {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('create table t (source text, external_id text, author text, text text, created_at text, likes int, reposts int, replies int, quotes int, views int, content_hash text, raw text, unique(source, external_id))');
  const ins = db.prepare('insert into t values (?,?,?,?,?,?,?,?,?,?,?,?) on conflict(source, external_id) do update set likes = excluded.likes');
  const tx = db.transaction((items: ReturnType<typeof generateBatches> extends Generator<infer B> ? B : never) => {
    for (const it of items) ins.run(it.source, it.externalId, it.author.handle, it.text, it.createdAt, it.metrics.likes, it.metrics.reposts, it.metrics.replies, it.metrics.quotes, it.metrics.views, it.contentHash, JSON.stringify(it.raw));
  });
  const t0 = performance.now();
  for (const batch of generateBatches(N, BATCH, NOW)) tx(batch);
  const s = (performance.now() - t0) / 1000;
  db.close();
  return N / s;
};

const main = async (): Promise<void> => {
  console.log(`bench:pipeline — ${N.toLocaleString('en')} generated items, batch ${BATCH}, SQLite in ${dir}, Node ${process.version}`);

  const genT0 = performance.now();
  let generated = 0;
  for (const b of generateBatches(N, BATCH, NOW)) generated += b.length;
  const genRate = generated / ((performance.now() - genT0) / 1000);

  const rawInsertRate = baselineRawInsert();
  const texts: string[] = [];
  for (const b of generateBatches(Math.min(N, 20_000), BATCH, NOW)) for (const it of b) texts.push(it.text);
  const pure = await time(() => {
    for (const text of texts) analyzeText({ text }, opts);
  });
  const pureRate = texts.length / pure.s;

  // Stage by stage on one database.
  const store = createKyselyStore({ path: join(dir, 'stages.db') }, clock);
  await store.migrate();
  const ingest = await time(async () => {
    for (const batch of generateBatches(N, BATCH, NOW)) await store.saveFetchBatch('demo', batch, { key: 'bench', value: 'x' });
  });
  const analyze = await time(() => runAnalyze(deps(store)));
  const score = await time(() => runScore(deps(store)));
  await store.close();

  // The whole pipeline, fresh database.
  const whole = createKyselyStore({ path: join(dir, 'whole.db') }, clock);
  await whole.migrate();
  const pipeline = await time(() => runPipeline(deps(whole, [generatedSource(N, BATCH, NOW)]), { trigger: 'bench' }));
  await whole.close();
  clearInterval(sampler);
  sampleRss();
  const maxRssMb = Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1024 / 1024;

  const rows: Array<[string, string, string, string]> = [
    ['ingest (Kysely upsert + cursor, per batch txn)', `${Math.round(N / ingest.s).toLocaleString('en')} items/s`, '≥ 50,000/s', `baseline raw better-sqlite3 insert: ${Math.round(rawInsertRate).toLocaleString('en')}/s`],
    ['analyze (heuristic, read + write)', `${Math.round(analyze.value.ok / analyze.s).toLocaleString('en')} items/s`, '≥ 10,000/s', `baseline analyzer alone: ${Math.round(pureRate).toLocaleString('en')}/s`],
    ['score (read + compute + write)', `${Math.round(score.value.ok / score.s).toLocaleString('en')} items/s`, '≥ 100,000/s', ''],
    [`whole pipeline (${N.toLocaleString('en')} items)`, `${pipeline.s.toFixed(2)} s (${Math.round(N / pipeline.s).toLocaleString('en')} items/s)`, '< 30 s', `stages: fetch ${pipeline.value.fetch.durationMs} ms, analyze ${pipeline.value.analyze.durationMs} ms, score ${pipeline.value.score.durationMs} ms`],
    ['peak RSS (whole process)', `${maxRssMb.toFixed(0)} MB`, '< 300 MB', ''],
    ['generator alone (noise reference)', `${Math.round(genRate).toLocaleString('en')} items/s`, '', ''],
  ];
  const width = rows.reduce((w, r) => Math.max(w, r[0].length), 0);
  for (const [what, value, target, note] of rows) console.log(`${what.padEnd(width)}  ${value.padEnd(28)}  ${target.padEnd(12)}  ${note}`);

  const out = process.env.BENCH_OUT ?? resolve(import.meta.dirname, '../docs/bench/pipeline.md');
  mkdirSync(resolve(out, '..'), { recursive: true });
  writeFileSync(
    out,
    [
      '# Pipeline benchmark',
      '',
      `Command: \`npm run bench:pipeline -- --items ${N}\` · measured ${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${process.platform}/${process.arch}, 2 cores (shared, noisy machine).`,
      '',
      '| what | measured | target | baseline / notes (same run) |',
      '|---|---|---|---|',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
      '',
      'Items are generated deterministically (bench/generate.ts); SQLite file in a temp directory, WAL, synchronous=NORMAL.',
      '',
    ].join('\n'),
  );
  console.log(`written to ${out}`);
  rmSync(dir, { recursive: true, force: true });
};

await main();
