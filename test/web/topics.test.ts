import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { topicsConfigSchema } from '../../src/config/topics.config.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { runTopics } from '../../src/pipeline/topics.stage.js';
import { systemClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';
import { chromiumAvailable, launchBrowser, type Browser } from './browser.js';

const ROOT = resolve(import.meta.dirname, '../..');
const WEB_ROOT = join(ROOT, 'web/dist');
const KEY = 'browser-topics-admin-key-0123456789';

describe.skipIf(!chromiumAvailable())('dashboard Topics page in headless Chromium', () => {
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  const topics = topicsConfigSchema.parse({});

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, 'index.html'))) execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    store = await storeTargets()[0]!.open(systemClock);
    const ago = (h: number): string => new Date(Date.now() - h * 3_600_000).toISOString();
    await store.saveFetchBatch('demo', [newItem(1, { title: 'Perovskite solar cells set an efficiency record', createdAt: ago(30) })]);
    await store.saveFetchBatch('arxiv', [
      newItem(2, { source: 'arxiv', title: 'Logical qubits on a trapped-ion quantum computer', text: 'qubits', createdAt: ago(2) }),
      newItem(3, { source: 'arxiv', title: 'Surface code error correction with superconducting qubits', text: 'qubits', createdAt: ago(5) }),
    ]);
    await runTopics({ store, clock: systemClock, log: silentLogger(), topics });
    app = await buildApp(
      { store, clock: systemClock, log: silentLogger(), api: apiConfigSchema.parse({ keys: [KEY] }), version: 'test', pipelineDeps: () => ({ topics }) as unknown as PipelineDeps },
      { webRoot: WEB_ROOT },
    );
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  it('the Topics page shows the trending topics, their volume chart and growth ranking; the Discoveries page a discovery\'s breakdown', async () => {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(30_000);
    await page.goto(`${base}/`);
    await page.evaluate(`localStorage.setItem(${JSON.stringify('harvest.apiKey')}, ${JSON.stringify(KEY)})`);
    await page.goto(`${base}/#/topics`);
    const quantum = page.locator('[data-testid="trending"] tr[data-topic="quantum"]');
    await quantum.waitFor();
    expect(await quantum.locator('[data-testid="count"]').textContent()).toBe('2');
    expect(await quantum.locator('[data-testid="growth"]').textContent()).toBe('×3');
    // Every taxonomy topic is listed, the busiest growth first.
    expect(await page.locator('[data-testid="trending"] tbody tr').count()).toBe(12);
    expect(await page.locator('[data-testid="trending"] tbody tr').first().getAttribute('data-topic')).toBe('quantum');

    // Volume over time per topic: the uPlot chart is drawn, with a series for each topic with items.
    await page.locator('[data-testid="stacked-chart"][data-ready="true"]').waitFor();
    expect(await page.locator('.legend-item').allTextContents()).toEqual(expect.arrayContaining(['quantum 2']));
    expect(await quantum.locator('[data-testid="rank"]').textContent()).toBe('1');

    // The Discoveries page: each discovery with its breakdown.
    await page.goto(`${base}/#/discoveries`);
    const api = (await (await fetch(`${base}/discoveries?hours=720&limit=20`, { headers: { 'x-api-key': KEY } })).json()) as { items: Array<{ id: number; breakdown: Record<string, number> }> };
    expect(api.items.length).toBe(2);
    const first = api.items[0]!;
    const row = page.locator(`[data-testid="discoveries"] tr[data-discovery="${first.id}"]`);
    await row.waitFor();
    for (const part of ['novelty', 'emergence', 'echo', 'obscurity', 'recency']) {
      expect(await row.locator(`[data-part="${part}"]`).textContent()).toBe(String(Math.round(first.breakdown[part] ?? -1)));
    }
  }, 120_000);
});
