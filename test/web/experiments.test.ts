import { execFileSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { backtestStore } from '../../src/feedback/backtest.service.js';
import { feedbackConfigSchema } from '../../src/feedback/feedback.config.js';
import { silentLogger } from '../../src/observability/logger.js';
import { systemClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { analysis, heuristicProvenance, newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';
import { chromiumAvailable, launchBrowser, type Browser } from './browser.js';

const ROOT = resolve(import.meta.dirname, '../..');
const WEB_ROOT = join(ROOT, 'web/dist');
const READ_KEY = 'browser-test-read-key-0123456789ab';
const ADMIN_KEY = 'browser-test-admin-key-0123456789';

describe.skipIf(!chromiumAvailable())('dashboard Experiments page in headless Chromium', () => {
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let page: Page;
  let ids: number[];
  const problems: string[] = [];

  beforeAll(async () => {
    // always rebuild: the page is new, an older web/dist would not have it
    execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
    store = await storeTargets()[0]!.open(systemClock);
    const now = Date.now();
    // bugs (relevant) are quiet, praise (irrelevant) is loud: the category boosts decide the order
    await store.saveFetchBatch('demo', Array.from({ length: 12 }, (_, i) => newItem(i + 1, { createdAt: new Date(now - (i + 1) * 3_600_000).toISOString(), metrics: { likes: i % 2 === 0 ? 3 : 30, reposts: 0, replies: 0, quotes: 0, views: 0 } })));
    const items = await store.pendingAnalysis(0, 20);
    const at = new Date(now).toISOString();
    await store.saveAnalyses(items.map((it, i) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis(i % 2 === 0 ? { category: 'bug', urgency: 5 } : { category: 'praise', sentiment: 'positive', urgency: 0 }), provenance: heuristicProvenance, analyzedAt: at })));
    for (const [i, it] of items.entries()) await store.labels.set({ itemId: it.id, label: i % 2 === 0 ? 'relevant' : 'irrelevant', actor: 'test', at });
    const feedback = feedbackConfigSchema.parse({});
    const configs = [
      { name: 'boosted.yaml', scoring: scoringConfigSchema.parse({}), feedback, threshold: 10 },
      { name: 'flat.yaml', scoring: scoringConfigSchema.parse({ weights: { urgency: 0 }, categoryBoosts: { bug: 1, praise: 1 } }), feedback, threshold: 10 },
    ];
    ids = [];
    for (const k of [3, 5]) ids.push((await backtestStore(store, { configs, k, withModel: false, now: new Date(now) })).experiment.id);
    app = await buildApp({ store, clock: systemClock, log: silentLogger(), api: apiConfigSchema.parse({ keys: [ADMIN_KEY], readKeys: [READ_KEY] }), version: 'test' }, { webRoot: WEB_ROOT });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
    });
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  it('compares the configs of the newest backtest side by side, the winner marked; another run is one click away', async () => {
    await page.goto(`${base}/`);
    await page.evaluate(`localStorage.setItem('harvest.apiKey', ${JSON.stringify(READ_KEY)})`);
    await page.goto(`${base}/#/experiments`);
    await page.reload();
    problems.length = 0; // the first load, before the key was stored, answered 401
    const comparison = page.locator('[data-testid="experiment-comparison"]');
    await expect.poll(() => comparison.getAttribute('data-experiment'), { timeout: 20_000 }).toBe(String(ids[1]));
    const header = await comparison.locator('thead th').allTextContents();
    expect(header.slice(1).map((h) => h.replace(' ★', ''))).toEqual(['boosted.yaml', 'flat.yaml']);
    expect(await comparison.locator('tbody th').allTextContents()).toContain('nDCG@5');
    const api = (await (await app.inject({ method: 'GET', url: `/experiments/${ids[1]}`, headers: { 'x-api-key': READ_KEY } })).json()) as { winner: string };
    expect(await comparison.locator('th[data-winner="true"]').textContent()).toContain(api.winner);
    expect(await page.locator('[data-testid="experiment-winner"]').textContent()).toBe(`Winner: ${api.winner} (highest nDCG@5)`);
    expect(await page.locator('[data-testid="experiments"] tbody tr').count()).toBe(2);
    await page.locator(`[data-testid="experiments"] tr[data-experiment="${ids[0]}"] button`).click();
    await expect.poll(() => comparison.getAttribute('data-experiment')).toBe(String(ids[0]));
    expect(await comparison.locator('tbody th').allTextContents()).toContain('nDCG@3');
    expect(problems).toEqual([]);
  }, 90_000);
});
