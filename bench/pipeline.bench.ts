/**
 * `npm run bench:pipeline -- --items N`: items/s for ingest, analyze, score and the whole pipeline on
 * SQLite, plus peak RSS, against baselines measured in the same run (raw better-sqlite3 inserts and
 * the analyzer alone). Prints figures; asserts nothing.
 */
import { positiveIntArg } from './args.js';
import { spawnSync } from 'node:child_process';
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
import type { NewItem } from '../src/domain/item.js';
import { writeCorpus } from './corpus.js';
import { generateBatches, generatedSource } from './generate.js';


const N = positiveIntArg('items', 100_000);
const BATCH = positiveIntArg('batch', 5000);
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
  notifiers: [],
  clock,
  log: silentLogger(),
  scoring: scoringConfigSchema.parse({}),
  batchSize: BATCH,
});

const time = async <T>(fn: () => Promise<T> | T): Promise<{ value: T; s: number }> => {
  const t0 = performance.now();
  const value = await fn();
  sampleRss();
  return { value, s: (performance.now() - t0) / 1000 };
};

/** Items generated before the clock starts, so ingest and its baseline time the store, not the generator. */
let pregenerated: NewItem[][] = [];

const baselineRawInsert = (): number => {
  const db = new Database(join(dir, 'raw.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec('create table t (source text, external_id text, author text, text text, created_at text, likes int, reposts int, replies int, quotes int, views int, content_hash text, raw text, unique(source, external_id))');
  const ins = db.prepare('insert into t values (?,?,?,?,?,?,?,?,?,?,?,?) on conflict(source, external_id) do update set likes = excluded.likes');
  const tx = db.transaction((items: NewItem[]) => {
    for (const it of items) ins.run(it.source, it.externalId, it.author.handle, it.text, it.createdAt, it.metrics.likes, it.metrics.reposts, it.metrics.replies, it.metrics.quotes, it.metrics.views, it.contentHash, JSON.stringify(it.raw));
  });
  const t0 = performance.now();
  for (const batch of pregenerated) tx(batch);
  const s = (performance.now() - t0) / 1000;
  db.close();
  return N / s;
};

const ROOT = resolve(import.meta.dirname, '..');


/** The real product: `harvest pipeline` in a fresh process over an N-line corpus; wall time and peak RSS. */
const realCli = async (): Promise<{ s: number; rssMb: number; result: { fetch: { inserted: number }; analyze: { ok: number }; score: { ok: number } } }> => {
  const corpus = join(dir, 'corpus.jsonl');
  await writeCorpus(corpus, N, NOW);
  const cfg = join(dir, 'settings.yaml');
  writeFileSync(cfg, `sources:\n  demo:\n    enabled: true\n    file: ${corpus}\n    batchSize: ${BATCH}\npipeline:\n  batchSize: ${BATCH}\n`);
  const env = { PATH: process.env.PATH, HARVEST_CONFIG: cfg, HARVEST_DB_PATH: join(dir, 'cli.db'), HARVEST_NOW: NOW.toISOString(), LOG_LEVEL: 'warn' };
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', resolve(ROOT, 'bench/report-rss.mjs'), resolve(ROOT, 'bin/harvest.js'), 'pipeline', '--json'], { env, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const s = (performance.now() - t0) / 1000;
  const rss = /BENCH_MAX_RSS_KB=(\d+)/.exec(r.stderr)?.[1];
  if (r.status !== 0 || rss === undefined) throw new Error(`harvest pipeline failed (${r.status}): ${r.stderr.slice(0, 2000)}`);
  return { s, rssMb: Number(rss) / 1024, result: JSON.parse(r.stdout) };
};

const main = async (): Promise<void> => {
  console.log(`bench:pipeline — ${N.toLocaleString('en')} generated items, batch ${BATCH}, SQLite in ${dir}, Node ${process.version}`);

  const genT0 = performance.now();
  let generated = 0;
  for (const b of generateBatches(N, BATCH, NOW)) generated += b.length;
  const genRate = generated / ((performance.now() - genT0) / 1000);

  pregenerated = [...generateBatches(N, BATCH, NOW)];
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
    for (const batch of pregenerated) await store.saveFetchBatch('demo', batch, { key: 'bench', value: 'x' });
  });
  pregenerated = [];
  const analyze = await time(() => runAnalyze(deps(store)));
  const score = await time(() => runScore(deps(store)));
  // Same data, scored again without the salience index: what maintaining that index costs.
  const side = new Database(join(dir, 'stages.db'));
  side.exec('drop index scores_salience_idx; delete from scores;');
  side.close();
  const scoreNoIndex = await time(() => runScore(deps(store)));
  await store.close();

  // The whole pipeline, fresh database.
  const whole = createKyselyStore({ path: join(dir, 'whole.db') }, clock);
  await whole.migrate();
  const pipeline = await time(() => runPipeline(deps(whole, [generatedSource(N, BATCH, NOW)]), { trigger: 'bench' }));
  await whole.close();
  clearInterval(sampler);
  sampleRss();
  const benchRssMb = Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1024 / 1024;
  const cli = await realCli();

  const rows: Array<[string, string, string, string]> = [
    [`ingest (upsert + cursor, one transaction per ${BATCH.toLocaleString('en')}-item batch)`, `${Math.round(N / ingest.s).toLocaleString('en')} items/s`, '≥ 50,000/s', `baseline raw better-sqlite3 insert: ${Math.round(rawInsertRate).toLocaleString('en')}/s`],
    ['analyze (heuristic, read + write)', `${Math.round(analyze.value.ok / analyze.s).toLocaleString('en')} items/s`, '≥ 10,000/s', `baseline analyzer alone: ${Math.round(pureRate).toLocaleString('en')}/s`],
    ['score (read + compute + write)', `${Math.round(score.value.ok / score.s).toLocaleString('en')} items/s`, '≥ 100,000/s', `same data without the salience index: ${Math.round(scoreNoIndex.value.ok / scoreNoIndex.s).toLocaleString('en')}/s`],
    [`whole pipeline, in process (${N.toLocaleString('en')} items)`, `${pipeline.s.toFixed(2)} s (${Math.round(N / pipeline.s).toLocaleString('en')} items/s)`, '< 30 s', `stages: fetch ${pipeline.value.fetch.durationMs} ms, analyze ${pipeline.value.analyze.durationMs} ms, score ${pipeline.value.score.durationMs} ms`],
    [`whole pipeline, \`harvest pipeline\` process (${N.toLocaleString('en')}-line corpus)`, `${cli.s.toFixed(2)} s`, '< 30 s', `fetched ${cli.result.fetch.inserted}, analysed ${cli.result.analyze.ok}, scored ${cli.result.score.ok}; includes process start and JSONL parsing`],
    ['peak RSS of that `harvest pipeline` process', `${cli.rssMb.toFixed(0)} MB`, '< 300 MB', `this bench process (tsx, all stages, baselines): ${benchRssMb.toFixed(0)} MB`],
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
      `Command: \`npm run bench:pipeline -- --items ${N} --batch ${BATCH}\` · measured ${new Date().toISOString().slice(0, 10)} · Node ${process.version} · ${process.platform}/${process.arch}, 2 cores (shared, noisy machine).`,
      '',
      '| what | measured | target | baseline / notes (same run) |',
      '|---|---|---|---|',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
      '',
      'Items are generated deterministically (bench/generate.ts) before the ingest clock starts; SQLite file in a temp directory, WAL, synchronous=NORMAL. The `harvest pipeline` row runs the compiled CLI in a fresh process over a JSONL corpus of the same items and reads its peak RSS at exit (bench/report-rss.mjs).',
      '',
    ].join('\n'),
  );
  console.log(`written to ${out}`);
  rmSync(dir, { recursive: true, force: true });
};

await main();
