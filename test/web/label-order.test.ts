/*
 * Issue 18's "Done when" in a browser (ADR 0029, ADR 0030): on a real server with the demo data, a
 * user labels signals in the signals table with the buttons and the keys only (low-ranked ones
 * relevant, top ones not relevant, past a small `feedback.minLabels`), the next run is started with
 * POST /refresh and the admin key (the dashboard has no run control: the test calls the same API a
 * user's script would), and after a reload the order moved with the labels; an unlabelled signal's
 * detail view names the relevance part ("like N signals you marked relevant").
 */
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHeuristicAnalyzer } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { feedbackConfigSchema } from '../../src/feedback/feedback.config.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createDemoSource } from '../../src/sources/demo/demo.source.js';
import type { Store } from '../../src/store/store.port.js';
import { DEMO_NOW, demoStore } from '../helpers/demo-store.js';
import { storeTargets } from '../helpers/stores.js';
import { chromiumAvailable, CHROMIUM, launchBrowser, type Browser } from './browser.js';

const WEB_ROOT = join(resolve(import.meta.dirname, '../..'), 'web/dist');
const KEY = 'label-order-admin-key-0123456789abcdef';
const clock = fixedClock(DEMO_NOW);

if (!chromiumAvailable()) console.warn(`[web] ${CHROMIUM} not found: SKIPPING the label-order browser test`);

describe.skipIf(!chromiumAvailable())('labels in the dashboard change the order after the next run (headless Chromium)', () => {
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let page: Page;
  const problems: string[] = [];
  const poll = <T>(fn: () => Promise<T> | T) => expect.poll(fn, { timeout: 60_000, interval: 200 });
  const call = async <T>(method: string, path: string): Promise<T> => (await (await fetch(`${base}${path}`, { method, headers: { 'x-api-key': KEY } })).json()) as T;
  const pipelineDeps = (): PipelineDeps => ({
    store,
    sources: [createDemoSource({ batchSize: 1000 })],
    analyzer: createHeuristicAnalyzer({ products: ['Brindlepost'], competitors: ['Kestrelboard', 'Ferncircle', 'Taskmoth'] }),
    notifiers: [],
    clock,
    log: silentLogger(),
    scoring: scoringConfigSchema.parse({}),
    feedback: feedbackConfigSchema.parse({ minLabels: 4 }),
    batchSize: 1000,
  });
  /** The ids of the signals table's first page, in the order shown. */
  const shownOrder = async (): Promise<number[]> => {
    const rows = page.locator('tr[data-id]');
    await rows.nth(30).waitFor();
    return (await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')))).map(Number);
  };
  const labelShown = (id: number) => page.locator(`tr[data-id="${id}"] [data-testid="label"]`).getAttribute('data-label');

  beforeAll(async () => {
    store = await demoStore(storeTargets()[0]!, clock);
    const api = apiConfigSchema.parse({ keys: [KEY], rateLimit: { anonymousPerMinute: 100_000, keyedPerMinute: 100_000 } });
    app = await buildApp({ store, clock, log: silentLogger(), api, version: 'test', pipelineDeps }, { webRoot: WEB_ROOT });
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    await page.addInitScript(`localStorage.setItem('harvest.apiKey', ${JSON.stringify(KEY)})`);
    page.setDefaultTimeout(60_000);
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('console', (m) => void (m.type() === 'error' && problems.push(`console error: ${m.text()}`)));
    page.on('response', (r) => void (r.status() >= 400 && problems.push(`HTTP ${r.status()}: ${r.url()}`)));
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  it('relevant-labelled low signals move up, not-relevant top ones move down, and the breakdown says why', async () => {
    await page.goto(`${base}/#/signals`);
    const before = await shownOrder();
    const low = before.slice(-3);
    const high = before.slice(0, 2);
    for (const id of low) {
      await page.locator(`tr[data-id="${id}"]`).getByRole('button', { name: /^Relevant/ }).click();
      await poll(() => labelShown(id)).toBe('relevant');
    }
    for (const id of high) {
      await page.locator(`tr[data-id="${id}"]`).focus();
      await page.keyboard.press('-');
      await poll(() => labelShown(id)).toBe('irrelevant');
    }
    expect((await store.labels.current()).length).toBe(5);

    const { jobId } = await call<{ jobId: string }>('POST', '/refresh');
    await poll(async () => (await call<{ status: string }>('GET', `/bulk-jobs/${jobId}`)).status).toBe('succeeded');
    expect((await store.relevance.active())?.model).toBeTruthy();

    await page.reload();
    const after = await shownOrder();
    expect(after).not.toEqual(before);
    // a signal not on the first page any more ranks below all of it
    const rank = (id: number): number => (after.includes(id) ? after.indexOf(id) : Infinity);
    for (const id of low) expect(rank(id), `relevant ${id} was #${before.indexOf(id)}`).toBeLessThan(before.indexOf(id));
    for (const id of high) expect(rank(id), `not relevant ${id} was #${before.indexOf(id)}`).toBeGreaterThan(before.indexOf(id));

    // an unlabelled signal like the relevant ones: its detail view names the relevance part and why
    const labelled = new Set([...low, ...high]);
    const alike = (await store.top({ limit: 500 })).find((x) => !labelled.has(x.id) && (x.breakdown.relevancePart ?? 0) > 0 && /^like [1-3] /.test(x.breakdown.relevanceNote ?? ''));
    expect(alike, 'an unlabelled signal like the relevant ones').toBeDefined();
    await page.goto(`${base}/#/signals/${alike!.id}`);
    const details = page.locator('.bd-details');
    await poll(() => details.textContent()).toMatch(/Relevance: \+\d+\.\d \(like [1-3] signals? you marked relevant: "/);
    expect(problems).toEqual([]);
  }, 180_000);
});
