import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { entitiesConfigSchema } from '../../src/entities/entities.config.js';
import { silentLogger } from '../../src/observability/logger.js';
import { runEntities } from '../../src/pipeline/entities.stage.js';
import { systemClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { newItem } from '../helpers/factories.js';
import { storeTargets } from '../helpers/stores.js';
import { chromiumAvailable, launchBrowser, type Browser } from './browser.js';

const ROOT = resolve(import.meta.dirname, '../..');
const WEB_ROOT = join(ROOT, 'web/dist');
const KEY = 'browser-entities-admin-key-0123456789';

describe.skipIf(!chromiumAvailable())('dashboard entity page in headless Chromium', () => {
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(join(WEB_ROOT, 'index.html'))) execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
    store = await storeTargets()[0]!.open(systemClock);
    const ago = (h: number): string => new Date(Date.now() - h * 3_600_000).toISOString();
    await store.saveFetchBatch('demo', [
      newItem(1, { text: 'Kestrelboard import from Brindlepost took 6 minutes', createdAt: ago(3) }),
      newItem(2, { text: 'the Kestrelboard pricing page is so much clearer', createdAt: ago(2) }),
      newItem(3, { text: 'nothing to see here', createdAt: ago(1) }),
    ]);
    await runEntities({ store, clock: systemClock, log: silentLogger(), entities: entitiesConfigSchema.parse({}) });
    app = await buildApp({ store, clock: systemClock, log: silentLogger(), api: apiConfigSchema.parse({ keys: [KEY] }), version: 'test' }, { webRoot: WEB_ROOT });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  it('from a signal, click an entity and see its items', async () => {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(30_000);
    await page.goto(`${base}/`);
    await page.evaluate(`localStorage.setItem(${JSON.stringify('harvest.apiKey')}, ${JSON.stringify(KEY)})`);
    await page.goto(`${base}/#/signals/1`);
    // A reload, so the key prompt the first (keyless) load opened is gone.
    await page.reload();
    const link = page.locator('[data-testid="signal-entities"] a', { hasText: 'Kestrelboard' });
    await link.waitFor();
    await link.click();
    await page.locator('[data-testid="entity-name"]').waitFor();
    expect(await page.locator('[data-testid="entity-name"]').textContent()).toBe('Kestrelboard');
    const rows = page.locator('[data-testid="entity-items"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('pricing page');
  }, 120_000);
});
