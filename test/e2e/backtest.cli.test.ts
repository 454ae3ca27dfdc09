import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixedClock } from '../../src/platform/clock.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import { cleanEnv, ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

/*
 * Done when (issue 18): `harvest backtest` compares two configs on the demo corpus with labels
 * derived from its ground truth. The generator plants four incident bursts (the `incident` field of
 * data/demo/corpus.jsonl): their posts are labelled relevant, every other post irrelevant, each label
 * given an hour after its post (so the no-look-ahead model has a history to learn from).
 */
interface CorpusLine {
  id: string;
  incident?: string;
}

interface Report {
  experimentId: number;
  signals: number;
  labelled: number;
  relevant: number;
  days: number;
  withModel: boolean;
  winner: string | null;
  configs: Array<{ name: string; precisionAtK: number; recallAtK: number; ndcgAtK: number; thresholdPrecision: number; thresholdRecall: number; notified: number; modelDays: number }>;
}

describe('harvest backtest on the demo corpus', () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;
  let relevantCount = 0;
  beforeAll(async () => {
    dir = tempDir('harvest-backtest-');
    const db = join(dir, 'demo.db');
    env = cleanEnv({ HARVEST_DB_PATH: db });
    // the demo's own `--label-ground-truth` gives the labels (what a user trying backtest runs)
    const demo = await runCli(['demo', '--no-serve', '--label-ground-truth'], { env });
    expect(demo.code, demo.stderr).toBe(0);
    const corpus = readFileSync(join(ROOT, 'data/demo/corpus.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as CorpusLine);
    relevantCount = corpus.filter((line) => line.incident).length;
    expect(demo.stdout).toContain(`Labelled from the corpus's ground truth: ${relevantCount} relevant, ${corpus.length - relevantCount} irrelevant`);
    const store = createKyselyStore({ path: db }, fixedClock(new Date()));
    try {
      // each label an hour after its post (at most now), by `ground-truth`
      const incident = corpus.find((line) => line.incident)!;
      const item = (await store.findItem('demo', incident.id))!;
      const history = (await store.labels.get(item.id))!.history;
      expect(history.map((h) => [h.label, h.actor])).toEqual([['relevant', 'ground-truth']]);
      expect(Date.parse(history[0]!.at)).toBeLessThanOrEqual(Date.parse(item.createdAt) + 3_600_000);
      expect(Date.parse(history[0]!.at)).toBeGreaterThan(Date.parse(item.createdAt));
    } finally {
      await store.close();
    }
    writeFileSync(join(dir, 'default.yaml'), 'scoring: {}\n');
    writeFileSync(join(dir, 'flat.yaml'), ['scoring:', '  weights: { urgency: 0 }', '  categoryBoosts: { outage: 1, security: 1, churn_risk: 1, bug: 1, complaint: 1, competitor: 1, feature_request: 1, praise: 1 }', ''].join('\n'));
  }, 180_000);

  it('compares two configs side by side, names the winner and stores the run as an experiment', async () => {
    const r = await runCli(['backtest', '--config', join(dir, 'default.yaml'), '--config', join(dir, 'flat.yaml'), '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.configs.map((c) => c.name)).toEqual([join(dir, 'default.yaml'), join(dir, 'flat.yaml')]);
    expect(report.relevant).toBe(relevantCount);
    expect(report.labelled).toBe(report.signals);
    expect(report.days).toBeGreaterThan(0);
    for (const c of report.configs) {
      for (const v of [c.precisionAtK, c.recallAtK, c.ndcgAtK, c.thresholdPrecision, c.thresholdRecall]) expect(v).toBeGreaterThanOrEqual(0);
      for (const v of [c.precisionAtK, c.recallAtK, c.ndcgAtK, c.thresholdPrecision, c.thresholdRecall]) expect(v).toBeLessThanOrEqual(1);
    }
    // the two configs rank differently, and the winner is the one with the higher nDCG@k
    const [a, b] = report.configs;
    expect(a!.ndcgAtK).not.toBe(b!.ndcgAtK);
    expect(report.winner).toBe(a!.ndcgAtK > b!.ndcgAtK ? a!.name : b!.name);
    process.stdout.write(`backtest demo figures: ${JSON.stringify(report.configs)}\n`);

    const text = await runCli(['backtest', '--config', join(dir, 'default.yaml'), '--config', join(dir, 'flat.yaml'), '--k', '5'], { env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/nDCG@5/);
    expect(text.stdout).toMatch(/winner: .*(default|flat)\.yaml \(highest nDCG@5\)/);
    expect(text.stdout).toMatch(new RegExp(`stored as experiment ${report.experimentId + 1}`));
  }, 120_000);

  it('--relevance replays the model trained only on labels older than each day', async () => {
    const r = await runCli(['backtest', '--config', join(dir, 'default.yaml'), '--relevance', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as Report;
    expect(report.withModel).toBe(true);
    const c = report.configs[0]!;
    // no model on the first days (too few labels given before them), one on the later days
    expect(c.modelDays).toBeGreaterThan(0);
    expect(c.modelDays).toBeLessThan(8);
    process.stdout.write(`backtest demo with the model: ${JSON.stringify(report.configs)}\n`);
  }, 120_000);

  it('bad input: a clear error, exit 2, nothing stored', async () => {
    const order = await runCli(['backtest', '--from', '2026-11-20', '--to', '2026-11-14'], { env });
    expect(order.code).toBe(2);
    expect(order.stderr).toMatch(/--from .* must be before --to/);
    const missing = await runCli(['backtest', '--config', join(dir, 'nope.yaml')], { env });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/nope\.yaml/);
    const date = await runCli(['backtest', '--from', 'yesterday'], { env });
    expect(date.code).toBe(2);
    expect(date.stderr).toMatch(/must be an ISO date/);
  }, 60_000);
});
