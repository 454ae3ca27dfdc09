/*
 * The dashboard's stories in headless Chromium on a real server with the demo data (ADR 0023): the
 * Stories page lists what GET /stories answers, a story opens with its timeline and members, and the
 * signals table grouped by story shows collapsed rows (members and sources) that open on demand.
 */
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import { systemClock } from '../../src/platform/clock.js';
import type { StoryDetail, StoryRow } from '../../src/store/stories.port.js';
import type { Store } from '../../src/store/store.port.js';
import { demoStore } from '../helpers/demo-store.js';
import { storeTargets } from '../helpers/stores.js';
import { chromiumAvailable, CHROMIUM, launchBrowser, type Browser } from './browser.js';

const WEB_ROOT = join(resolve(import.meta.dirname, '../..'), 'web/dist');

if (!chromiumAvailable()) console.warn(`[web] ${CHROMIUM} not found: SKIPPING the stories browser test`);

describe.skipIf(!chromiumAvailable())('dashboard stories in headless Chromium', () => {
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 20_000, interval: 100 });
  const api = async <T>(path: string): Promise<T> => (await (await fetch(`${base}${path}`)).json()) as T;

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

  it('lists stories, opens one and shows its timeline and members', async () => {
    const listed = await api<{ items: StoryRow[] }>('/stories?minSize=2&page=1&pageSize=30');
    const top = listed.items[0];
    if (!top) throw new Error('the demo data has no story');
    await page.goto(`${base}/#/stories`);
    const rows = page.locator('[data-testid="stories"] tbody tr');
    await rows.first().waitFor();
    expect(await rows.count()).toBe(listed.items.length);
    expect(await rows.first().getAttribute('data-story')).toBe(String(top.id));
    expect(await rows.first().locator('[data-testid="story-size"]').textContent()).toBe(top.size.toLocaleString('en'));

    await rows.first().getByRole('link').click();
    await poll(() => page.evaluate<string>('window.location.hash')).toBe(`#/stories/${top.id}`);
    const detail = await api<StoryDetail>(`/stories/${top.id}?members=200`);
    await poll(() => page.locator('[data-testid="story-title"]').textContent()).toBe(detail.title);
    expect(await page.locator('[data-testid="story-members-count"]').textContent()).toBe(detail.size.toLocaleString('en'));
    const members = page.locator('[data-testid="story-members"] tbody tr');
    expect(await members.count()).toBe(detail.members.length);
    expect(await members.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-item'))))).toEqual(detail.members.map((m) => m.itemId));
    expect(await page.locator('[data-testid="timeline"] .timeline-bar').count()).toBe(detail.timeline.length);

    // A member opens its signal.
    await members.first().getByRole('link').click();
    await poll(() => page.evaluate<string>('window.location.hash')).toBe(`#/signals/${detail.members[0]?.itemId}`);
    expect(problems).toEqual([]);
  }, 90_000);

  it('groups the signals table by story: collapsed rows with members and sources, opened on demand', async () => {
    await page.goto(`${base}/#/signals?group=story`);
    const groups = page.locator('[data-testid="story-groups"] tbody tr[data-story]');
    await groups.first().waitFor();
    const listed = await api<{ items: StoryRow[] }>('/stories?page=1&pageSize=50');
    expect(await groups.count()).toBe(listed.items.length);
    const big = listed.items.findIndex((s) => s.size > 1);
    const story = listed.items[big] as StoryRow;
    const row = groups.nth(big);
    expect(await row.locator('[data-testid="group-size"]').textContent()).toBe(`${story.size} signals`);
    expect(await page.locator('[data-testid="group-members"]').count()).toBe(0);
    await row.getByRole('button').click();
    const items = page.locator('[data-testid="group-members"] li');
    await items.first().waitFor();
    expect(await items.count()).toBe(Math.min(story.size, 50) + (story.size > 50 ? 1 : 0));
    expect(problems).toEqual([]);
  }, 90_000);
});
