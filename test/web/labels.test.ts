/*
 * Labels and mutes in the dashboard, in headless Chromium on a real server with the demo data
 * (issue 18, ADR 0029): a signal labelled with the button, another with the keyboard (focused row),
 * both still shown after a reload and stored (read back through the API); the detail pages label a
 * signal and a story, mute an author, and Settings lists the rule and removes it.
 */
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import { systemClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { demoStore } from '../helpers/demo-store.js';
import { storeTargets } from '../helpers/stores.js';
import { chromiumAvailable, CHROMIUM, launchBrowser, type Browser } from './browser.js';

const WEB_ROOT = join(resolve(import.meta.dirname, '../..'), 'web/dist');

if (!chromiumAvailable()) console.warn(`[web] ${CHROMIUM} not found: SKIPPING the labels browser test`);

describe.skipIf(!chromiumAvailable())('dashboard labels and mutes in headless Chromium', () => {
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });
  const api = async <T>(path: string): Promise<T> => (await (await fetch(`${base}${path}`)).json()) as T;
  const labelOf = async (what: 'signals' | 'stories', id: number) => (await api<{ label: string | null }>(`/${what}/${id}/label`)).label;

  beforeAll(async () => {
    store = await demoStore(storeTargets()[0]!, systemClock);
    app = await buildApp({ store, clock: systemClock, log: silentLogger(), api: apiConfigSchema.parse({ rateLimit: { anonymousPerMinute: 100_000 } }), version: 'test' }, { webRoot: WEB_ROOT });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console error: ${m.text()}`)));
    page.on('response', (r) => void (r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`)));
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  it('labels one signal with the button and another with the keyboard; after a reload both show and are stored', async () => {
    await page.goto(`${base}/#/signals`);
    const rows = page.locator('tr[data-id]');
    await rows.nth(1).waitFor();
    const first = Number(await rows.nth(0).getAttribute('data-id'));
    const second = Number(await rows.nth(1).getAttribute('data-id'));
    await rows.nth(0).getByRole('button', { name: /^Relevant/ }).click();
    await poll(() => labelOf('signals', first)).toBe('relevant');
    await rows.nth(1).focus();
    await page.keyboard.press('-');
    await poll(() => labelOf('signals', second)).toBe('irrelevant');

    await page.reload();
    await page.locator(`tr[data-id="${second}"]`).waitFor();
    await poll(() => page.locator(`tr[data-id="${first}"] [data-testid="label"]`).getAttribute('data-label')).toBe('relevant');
    await poll(() => page.locator(`tr[data-id="${second}"] [data-testid="label"]`).getAttribute('data-label')).toBe('irrelevant');
    expect(await page.locator(`tr[data-id="${second}"] button[aria-pressed="true"]`).textContent()).toMatch(/Not relevant/);
    expect(await store.labels.of([first, second])).toMatchObject([
      { itemId: Math.min(first, second), label: first < second ? 'relevant' : 'irrelevant' },
      { itemId: Math.max(first, second), label: first < second ? 'irrelevant' : 'relevant' },
    ]);
    expect(problems).toEqual([]);
  }, 90_000);

  it('labels on the detail pages (key and button), mutes an author there and unmutes it in Settings', async () => {
    const candidates = (await api<{ items: Array<{ id: number; author: string | null }> }>('/signals?pageSize=20&sort=salience')).items.filter((s) => s.author);
    const labelled = new Set((await store.labels.of(candidates.map((s) => s.id))).map((l) => l.itemId));
    const top = candidates.find((s) => !labelled.has(s.id));
    await page.goto(`${base}/#/signals/${top!.id}`);
    await page.locator('[data-testid="label"]').waitFor();
    await poll(() => page.locator('[data-testid="label"]').getAttribute('data-label')).toBe('none');
    await page.keyboard.press('+');
    await poll(() => labelOf('signals', top!.id)).toBe('relevant');
    await poll(() => page.locator('[data-testid="label"]').getAttribute('data-label')).toBe('relevant');

    await page.locator('button[data-mute="author"]').click();
    await poll(async () => (await api<{ mutes: Array<{ kind: string; value: string }> }>('/mutes')).mutes).toEqual([expect.objectContaining({ kind: 'author', value: top!.author!.toLowerCase() })]);
    const shown = (await api<{ items: Array<{ id: number }> }>('/signals?pageSize=100&sort=salience')).items.map((s) => s.id);
    expect(shown).not.toContain(top!.id);

    const [story] = (await api<{ items: Array<{ id: number }> }>('/stories?minSize=2&pageSize=1')).items;
    await page.goto(`${base}/#/stories/${story!.id}`);
    await page.locator('[data-testid="label"]').getByRole('button', { name: /^Not relevant/ }).click();
    await poll(() => labelOf('stories', story!.id)).toBe('irrelevant');

    await page.goto(`${base}/#/settings`);
    const mutes = page.locator('[data-testid="mutes"] tbody tr');
    await mutes.first().waitFor();
    expect(await mutes.count()).toBe(1);
    await mutes.first().getByRole('button', { name: 'Unmute' }).click();
    await poll(async () => (await api<{ mutes: unknown[] }>('/mutes')).mutes).toEqual([]);
    expect(problems).toEqual([]);
  }, 90_000);
});
