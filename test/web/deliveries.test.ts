import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { AppError } from '../../src/domain/errors.js';
import type { Notifier } from '../../src/notify/notifier.port.js';
import { notifyChannel } from '../../src/notify/notify.service.js';
import { silentLogger } from '../../src/observability/logger.js';
import { systemClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { analysis, heuristicProvenance, newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';
import { chromiumAvailable, launchBrowser, type Browser } from './browser.js';

const ROOT = resolve(import.meta.dirname, '../..');
const WEB_ROOT = join(ROOT, 'web/dist');
const ADMIN_KEY = 'browser-test-admin-key-0123456789';

const ensureBuilt = (): void => {
  if (existsSync(join(WEB_ROOT, 'index.html'))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
};

describe.skipIf(!chromiumAvailable())('dashboard Deliveries page in headless Chromium', () => {
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    ensureBuilt();
    store = await storeTargets()[0]!.open(systemClock);
    await store.saveFetchBatch('demo', [newItem(1), newItem(2)]);
    const items = await store.pendingAnalysis(0, 10);
    const at = new Date().toISOString();
    await store.saveAnalyses(items.map((it) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis(), provenance: heuristicProvenance, analyzedAt: at })));
    await store.saveScores(items.map((it) => ({ itemId: it.id, salience: 90, breakdown: {} as never, scoredAt: at })));
    // one channel that rejects everything: two `failed` deliveries to redeliver
    const rejecting: Notifier = {
      channel: 'webhook:ops',
      settings: { threshold: 80, limit: 10, digestThreshold: 10 },
      async send() {
        throw new AppError('UPSTREAM_REJECTED', 'webhook ops rejected the message: 400 bad payload', { retryable: false, upstreamStatus: 400 });
      },
    };
    await notifyChannel({ outbox: store.outbox, clock: systemClock, log: silentLogger() }, rejecting);
    app = await buildApp({ store, clock: systemClock, log: silentLogger(), api: apiConfigSchema.parse({ keys: [ADMIN_KEY] }), version: 'test' }, { webRoot: WEB_ROOT });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  it('lists the deliveries the API has and re-queues one with the Redeliver button', async () => {
    await page.goto(`${base}/`);
    await page.evaluate(`localStorage.setItem('harvest.apiKey', ${JSON.stringify(ADMIN_KEY)})`);
    await page.goto(`${base}/#/deliveries`);
    await page.reload();
    problems.length = 0; // the first load, before the key was stored, answered 401
    const rows = page.locator('[data-testid="deliveries"] tbody tr');
    await expect.poll(() => rows.count(), { timeout: 20_000 }).toBe(2);
    const first = rows.first();
    expect(await first.getAttribute('data-outcome')).toBe('failed');
    expect(await first.textContent()).toContain('webhook:ops');
    expect(await first.textContent()).toContain('400 bad payload');
    const id = Number(await first.getAttribute('data-delivery'));
    await first.getByRole('button', { name: 'Redeliver' }).click();
    await expect.poll(() => page.locator('[data-testid="redeliver-status"]').textContent(), { timeout: 20_000 }).toContain('Re-queued 1 on webhook:ops');
    const rowsNow = await store.outbox.list('webhook:ops');
    const delivery = await store.outbox.delivery(id);
    expect(rowsNow.find((r) => r.batchId === delivery?.batchId)?.status).toBe('pending');
    expect(rowsNow.filter((r) => r.status === 'failed')).toHaveLength(1);
    expect(problems).toEqual([]);
  }, 90_000);
});
