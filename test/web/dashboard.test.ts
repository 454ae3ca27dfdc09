import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/api/app.js';
import { apiConfigSchema } from '../../src/config/schema.js';
import { silentLogger } from '../../src/observability/logger.js';
import type { PipelineDeps } from '../../src/pipeline/deps.js';
import { systemClock } from '../../src/platform/clock.js';
import type { Source } from '../../src/sources/source.port.js';
import type { Store } from '../../src/store/store.port.js';
import { demoStore } from '../helpers/demo-store.js';
import { heuristicProvenance } from '../helpers/factories.js';
import type { AnalysisResult } from '../../src/domain/analysis.js';
import { storeTargets } from '../helpers/stores.js';
import { chromiumAvailable, CHROMIUM, launchBrowser, type Browser } from './browser.js';

const ROOT = resolve(import.meta.dirname, '../..');
const WEB_ROOT = join(ROOT, 'web/dist');
const SHOTS = join(ROOT, 'test-results');
const ADMIN_KEY = 'browser-test-admin-key-0123456789';
const READ_KEY = 'browser-test-read-key-0123456789';

/** The dashboard must be built (global setup does it; a lone run of this file builds it here). */
const ensureBuilt = (): void => {
  if (existsSync(join(WEB_ROOT, 'index.html'))) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit', env: { ...process.env, NODE_ENV: 'production' } });
};

if (!chromiumAvailable()) {
  if (process.env.CI) throw new Error(`${CHROMIUM} is missing: .ci/run installs it with apt-get install -y chromium`);
  console.warn(`[web] ${CHROMIUM} not found: SKIPPING the browser tests (apt-get install -y chromium)`);
}

describe.skipIf(!chromiumAvailable())('web dashboard in headless Chromium on the demo data', () => {
  let store: Store;
  let app: FastifyInstance;
  let base: string;
  let browser: Browser;
  let page: Page;
  /** Problems seen in the browser: console errors, page errors, failed or rejected requests. */
  const problems: string[] = [];
  /** While true, 401s (and the console lines Chromium logs for them) are expected: the key prompt. */
  let expecting401 = false;
  let hold: Promise<void> | undefined;

  /** The API's own answer, with the admin key: what the page must show. */
  const api = async <T>(path: string): Promise<T> => {
    const r = await fetch(`${base}${path}`, { headers: { 'x-api-key': ADMIN_KEY } });
    expect(r.status, path).toBe(200);
    return (await r.json()) as T;
  };
  const shot = (name: string) => page.screenshot({ path: join(SHOTS, `dashboard-${name}.png`), fullPage: true });
  /** Retries until the page catches up (a loaded CI machine can be slow). */
  const poll = <T>(fn: () => Promise<T> | T, opts: { timeout?: number; message?: string } = {}) => expect.poll(fn, { timeout: 20_000, interval: 100, ...opts });
  /** Evaluates a browser expression (a string: this file is type-checked without the DOM library). */
  const inPage = <T>(expression: string): Promise<T> => page.evaluate<T>(expression);
  const go = async (hash: string) => {
    await inPage(`window.location.hash = ${JSON.stringify(hash)}`);
  };

  beforeAll(async () => {
    ensureBuilt();
    mkdirSync(SHOTS, { recursive: true });
    // A real server (listening on loopback) on a temporary SQLite database holding the demo data.
    store = await demoStore(storeTargets()[0]!, systemClock);
    // Bulk triage writes wait while `hold` is pending, so a job can be caught running and cancelled.
    const held: Store = { ...store, signals: { ...store.signals, setTriage: async (ids, triage) => (await hold, store.signals.setTriage(ids, triage)) } };
    // The demo source plus an rss source of two feeds, one of them an HTML page (issue 13 item 8: `degraded`).
    const sources: Source[] = [
      { name: 'demo', async *fetch() {} },
      { name: 'rss', parts: [{ key: 'guardian', target: 'https://example.org/guardian.rss?token=[redacted]' }, { key: 'moved', target: 'https://example.org/moved' }], async *fetch() {} },
    ];
    const at = new Date().toISOString();
    await store.sourceState.recordParts('rss', at, [
      { key: 'guardian', fetchedCount: 55, error: null },
      { key: 'moved', fetchedCount: 0, error: 'UPSTREAM_BAD_RESPONSE: feed "moved" could not be read: it is an HTML page ("Document Moved"), not a feed' },
    ]);
    await store.sourceState.recordPartial('rss', at, 55, 'UPSTREAM_BAD_RESPONSE: feed "moved" could not be read: it is an HTML page ("Document Moved"), not a feed');
    app = await buildApp(
      {
        store: held,
        clock: systemClock,
        log: silentLogger(),
        api: apiConfigSchema.parse({ keys: [ADMIN_KEY], readKeys: [READ_KEY], rateLimit: { anonymousPerMinute: 10_000, keyedPerMinute: 100_000 } }),
        version: 'test',
        pipelineDeps: () => ({ sources }) as unknown as PipelineDeps,
      },
      { webRoot: WEB_ROOT },
    );
    base = await app.listen({ host: '127.0.0.1', port: 0 });
    browser = await launchBrowser();
    page = browser.context.pages()[0] ?? (await browser.context.newPage());
    page.setDefaultTimeout(20_000);
    page.on('console', (m) => {
      if (m.type() !== 'error') return;
      if (expecting401 && /status of 401/.test(m.text())) return;
      problems.push(`console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('requestfailed', (r) => {
      // A read still in flight when a step navigates to another page is cancelled by the browser
      // (net::ERR_ABORTED, e.g. the signals page's GET /mutes): not a failure of the app. A cancelled
      // write, or any other network error, still counts.
      if (r.method() === 'GET' && r.failure()?.errorText === 'net::ERR_ABORTED') return;
      problems.push(`request failed: ${r.method()} ${r.url()} ${r.failure()?.errorText ?? ''}`);
    });
    page.on('response', (r) => {
      if (r.status() >= 400 && !(expecting401 && r.status() === 401)) problems.push(`HTTP ${r.status()}: ${r.request().method()} ${r.url()}`);
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await store?.close();
  });

  it('asks for a key on 401, rejects a wrong one, accepts the right one, then shows the overview', async () => {
    expecting401 = true;
    await page.goto(`${base}/`);
    const dialog = page.locator('dialog.key-dialog');
    await dialog.getByLabel('API key').waitFor();
    await dialog.getByLabel('API key').fill('wrong-key-wrong-key-0000');
    await dialog.getByRole('button', { name: 'Save key' }).click();
    await poll(() => dialog.getByRole('alert').textContent()).toContain('invalid API key');
    expect(await inPage<string | null>("localStorage.getItem('harvest.apiKey')")).toBeNull();
    await dialog.getByLabel('API key').fill(ADMIN_KEY);
    await dialog.getByRole('button', { name: 'Save key' }).click();
    await poll(() => dialog.getAttribute('open')).toBeNull();
    expect(await inPage<string | null>("localStorage.getItem('harvest.apiKey')")).toBe(ADMIN_KEY);
    await page.locator('[data-testid="triage-counts"]').waitFor();
    expecting401 = false;
  }, 90_000);

  it('overview: triage counts, top signals, pipeline and source health match the API; the chart renders; no card is stretched blank', async () => {
    const stats = await api<{ total: number; triage: Record<string, number> }>('/signals/stats');
    await poll(() => page.locator('[data-count="total"]').textContent()).toBe(stats.total.toLocaleString('en'));
    for (const k of ['new', 'acknowledged', 'resolved', 'ignored']) {
      await poll(() => page.locator(`[data-count="${k}"]`).textContent(), { message: k }).toBe((stats.triage[k] ?? -1).toLocaleString('en'));
    }
    expect(stats.triage.new).toBe(stats.total);
    await page.locator('[data-testid="stacked-chart"][data-ready="true"] canvas').waitFor();
    const volume = await api<{ series: Array<{ key: string; total: number }> }>('/dashboard/volume?window=24h');
    const legend = await page.locator('.legend').textContent();
    for (const s of volume.series) expect(legend).toContain(`${s.key.replace(/_/g, ' ')} ${s.total}`);
    const top = page.locator('[data-testid="top-signals"] li');
    await top.first().waitFor();
    const since = new Date(Date.now() - 24 * 3_600_000).toISOString();
    const apiTop = await api<{ items: Array<{ salience: number }> }>(`/signals?sort=salience&order=desc&pageSize=8&since=${since}`);
    expect(await top.count()).toBe(apiTop.items.length);
    expect(await top.first().locator('.salience').textContent()).toBe(apiTop.items[0]?.salience.toFixed(1));
    expect(await page.locator('[data-testid="runs"]').textContent()).toContain('succeeded');
    expect(await page.locator('.source-health').textContent()).toContain('Demo');
    expect(await page.locator('.source-health').textContent()).toContain('Hacker News');
    await page.locator('[data-testid="runs"]').waitFor();
    // Every card ends where its content does (the earlier grid stretched short cards to the tallest one's height).
    const blanks = await inPage<Array<{ card: string; blank: number }>>(`[...document.querySelectorAll('.overview .card')].map((c) => {
      const last = c.lastElementChild.getBoundingClientRect().bottom;
      return { card: c.getAttribute('aria-labelledby'), blank: Math.round(c.getBoundingClientRect().bottom - last) };
    })`);
    expect(blanks.length).toBe(6); // volume, spikes, top, triage, pipeline, sources
    for (const b of blanks) expect(b.blank, b.card ?? '').toBeLessThanOrEqual(24);
    // The 7-day window redraws the chart from its own data.
    await page.getByRole('button', { name: '7d' }).click();
    await poll(() => inPage<string>('window.location.hash')).toBe('#/?window=7d');
    const week = await api<{ series: Array<{ key: string; total: number }> }>('/dashboard/volume?window=7d');
    await poll(() => page.locator('.legend').textContent()).toContain(`${week.series[0]?.key.replace(/_/g, ' ')} ${week.series[0]?.total}`);
    await page.locator('[data-testid="stacked-chart"][data-ready="true"]').waitFor();
    await shot('overview');
  }, 90_000);

  it('signals: the table shows the API page, loudest first, with brand names and triage; a search narrows it and lives in the URL', async () => {
    await go('#/signals');
    const first = await api<{ total: number; items: Array<{ id: number; title: string | null; text: string; triage: string }> }>('/signals?pageSize=50&sort=salience');
    await poll(() => page.locator('[data-testid="page-info"]').textContent()).toContain(`${first.total.toLocaleString('en')} signals`);
    expect(await page.locator('tbody tr[data-id]').count()).toBe(50);
    expect(await page.locator('tbody tr[data-id]').first().getAttribute('data-id')).toBe(String(first.items[0]?.id));
    expect(await page.locator('th[aria-sort="descending"]').textContent()).toContain('Salience');
    const firstRow = page.locator('tbody tr[data-id]').first();
    expect(await firstRow.locator('td').nth(4).textContent()).toBe('Demo');
    expect(await firstRow.locator('.badge').textContent()).toBe(first.items[0]?.triage);
    expect(await page.locator('select[name="source"] option[value="hackernews"]').textContent()).toBe('Hacker News');
    expect(await page.locator('select[name="source"] option[value="github"]').textContent()).toBe('GitHub');

    await page.getByRole('searchbox').fill('outage');
    await poll(() => inPage<string>('window.location.hash')).toBe('#/signals?q=outage');
    const found = await api<{ total: number; items: Array<{ id: number }> }>('/signals?pageSize=50&search=outage&sort=salience');
    expect(found.total).toBeGreaterThan(0);
    expect(found.total).toBeLessThan(first.total);
    await poll(() => page.locator('[data-testid="page-info"]').textContent()).toContain(`${found.total.toLocaleString('en')} signals`);
    await poll(() => page.locator('tbody tr[data-id]').first().getAttribute('data-id')).toBe(String(found.items[0]?.id));
    // Filters and sort from the URL reach the API.
    await go('#/signals?category=security&sort=salience');
    const sec = await api<{ total: number; items: Array<{ id: number }> }>('/signals?pageSize=50&category=security&sort=salience');
    await poll(() => page.locator('tbody tr[data-id]').first().getAttribute('data-id')).toBe(String(sec.items[0]?.id));
    expect(await page.locator('select[name="category"]').inputValue()).toBe('security');
    await shot('signals');
  }, 90_000);

  it('signal detail: text, analysis and score breakdown match the API; triage set with keys on the list and the detail is saved', async () => {
    const row = page.locator('tbody tr[data-id]').first();
    const id = Number(await row.getAttribute('data-id'));
    // Keyboard: j/k move between rows, x selects, Enter opens.
    const second = await page.locator('tbody tr[data-id]').nth(1).getAttribute('data-id');
    const focused = () => inPage<string | null>("document.activeElement && document.activeElement.getAttribute('data-id')");
    await row.focus();
    await page.keyboard.press('j');
    expect(await focused()).toBe(second);
    await page.keyboard.press('k');
    expect(await focused()).toBe(String(id));
    await page.keyboard.press('x');
    await poll(() => page.locator('[data-testid="selection"]').textContent()).toContain('1 selected');
    expect(await row.getAttribute('aria-selected')).toBe('true');
    await page.keyboard.press('x');
    await poll(() => row.getAttribute('aria-selected')).toBe('false');
    // a acknowledges the focused row: saved through the API, shown in the row, focus kept.
    expect((await api<{ triage: string }>(`/signals/${id}`)).triage).toBe('new');
    await page.keyboard.press('a');
    await poll(async () => (await api<{ triage: string }>(`/signals/${id}`)).triage).toBe('acknowledged');
    await poll(() => page.locator(`tbody tr[data-id="${id}"]`).getAttribute('data-triage')).toBe('acknowledged');
    await poll(() => focused()).toBe(String(id));
    // ? shows every key.
    expect(await page.locator('[data-testid="key-help"]').textContent()).toContain('? for all');
    await page.keyboard.press('?');
    await poll(() => page.locator('[data-testid="key-help"]').textContent()).toContain('reopen it (new)');
    await page.keyboard.press('?');
    const listHash = await inPage<string>('window.location.hash');
    await page.keyboard.press('Enter');
    await poll(() => inPage<string>('window.location.hash')).toBe(`#/signals/${id}`);
    const signal = await api<{ text: string; status: string; salience: number }>(`/signals/${id}`);
    const analysis = await api<{ category: string; reasoning: string; provider: string }>(`/dashboard/signals/${id}/analysis`);
    await poll(() => page.locator('[data-testid="signal-text"]').textContent()).toBe(signal.text);
    expect(await page.locator('[data-testid="salience"]').textContent()).toBe(signal.salience.toFixed(1));
    await page.locator('[data-testid="analysis"]').waitFor();
    expect(await page.locator('[data-field="category"]').textContent()).toBe(analysis.category.replace(/_/g, ' '));
    expect(await page.locator('[data-field="reasoning"]').textContent()).toBe(analysis.reasoning);
    expect(await page.locator('[data-field="provider"]').textContent()).toContain(analysis.provider);
    expect(await page.locator('[data-testid="breakdown-chart"] rect').count()).toBe(7);
    // Issue 16: the LLM's topic beside the model's, once the store has one for this content.
    const item = await store.getItem(id);
    if (!item) throw new Error(`no item ${id}`);
    const current = await api<AnalysisResult & { provider: string }>(`/dashboard/signals/${id}/analysis`);
    const result: AnalysisResult = { category: current.category, sentiment: current.sentiment, sentimentScore: current.sentimentScore, urgency: current.urgency, confidence: current.confidence, tags: current.tags, entities: current.entities, reasoning: current.reasoning };
    await store.saveAnalyses([{ itemId: id, contentHash: item.contentHash, result, provenance: { ...heuristicProvenance, provider: 'openai' }, analyzedAt: new Date().toISOString(), llmTopic: 'quantum' }]);
    await page.reload();
    await poll(() => page.locator('[data-testid="signal-topics"]').textContent()).toContain('LLM: quantum');
    // Correcting the topic from the detail: PATCH /signals/{id} with topics, shown at once (issue 16).
    await page.locator('input[name="topic"]').fill('quantum');
    await page.getByRole('button', { name: 'Set topic' }).click();
    await poll(async () => (await api<{ topic: string | null }>(`/signals/${id}`)).topic).toBe('quantum');
    await poll(() => page.locator('[data-testid="signal-topics"]').textContent()).toContain('Topic: quantum');
    expect(await page.locator('[data-testid="topic-corrected"]').textContent()).toContain('next pipeline run');

    expect(signal.status).toBe('active');
    await poll(() => page.locator('[data-testid="signal-triage"]').textContent()).toBe('acknowledged');
    expect(await page.locator('.meta').first().textContent()).toContain('Demo');
    await page.keyboard.press('r');
    await poll(() => page.locator('[data-testid="signal-triage"]').textContent()).toBe('resolved');
    expect(await api<{ status: string; triage: string }>(`/signals/${id}`)).toMatchObject({ triage: 'resolved', status: 'active' });
    await page.getByRole('button', { name: 'Ignore' }).click();
    await poll(() => page.locator('[data-testid="signal-triage"]').textContent()).toBe('ignored');
    expect((await api<{ triage: string }>(`/signals/${id}`)).triage).toBe('ignored');
    expect(await page.getByRole('button', { name: 'Ignore' }).isDisabled()).toBe(true);
    await shot('signal-detail');
    // The list shows the LLM's topic in the row too (issue 16), from GET /signals.
    await go(listHash);
    await poll(() => page.locator(`tbody tr[data-id="${id}"] [data-testid="row-topics"]`).textContent()).toContain('LLM: quantum');
  }, 90_000);

  it('bulk: selects all matching signals, sets their triage state with live progress to 100 %', async () => {
    await go('#/signals?q=brindlepost&category=bug');
    const match = await api<{ total: number }>('/signals?pageSize=1&search=brindlepost&category=bug');
    expect(match.total).toBeGreaterThan(50);
    await poll(() => page.locator('[data-testid="page-info"]').textContent()).toContain(`${match.total.toLocaleString('en')} signals`);
    await page.getByLabel('Select every signal on this page').check();
    await page.getByRole('button', { name: /Select all .* matching/ }).click();
    await poll(() => page.locator('[data-testid="selection"]').textContent()).toContain(`${match.total.toLocaleString('en')} selected`);
    await page.locator('select[name="bulk-triage"]').selectOption('resolved');
    await page.getByRole('button', { name: 'Apply' }).click();
    const job = page.locator('[data-testid="bulk-job"]');
    await poll(() => job.locator('[data-testid="job-status"]').textContent(), { timeout: 60_000 }).toBe('succeeded');
    expect(await job.locator('[data-testid="job-percent"]').textContent()).toBe('100 %');
    expect(await job.locator('[data-testid="job-count"]').textContent()).toBe(`${match.total.toLocaleString('en')}/${match.total.toLocaleString('en')}`);
    const after = await api<{ total: number }>('/signals?pageSize=1&search=brindlepost&category=bug&triage=resolved');
    expect(after.total).toBe(match.total);
    // The triage filter shows them.
    await go('#/signals?q=brindlepost&category=bug&triage=resolved');
    await poll(() => page.locator('[data-testid="page-info"]').textContent()).toContain(`${match.total.toLocaleString('en')} signals`);
    expect(await page.locator('select[name="triage"]').inputValue()).toBe('resolved');
    await shot('bulk-job');
  }, 120_000);

  it('bulk: a running job is cancelled from the page; signals after the stop are untouched', async () => {
    await go('#/signals?triage=new');
    const active = await api<{ total: number }>('/signals?pageSize=1&triage=new');
    const errorsBefore = await api<{ total: number }>('/signals?pageSize=1&triage=ignored');
    expect(active.total).toBeGreaterThan(1000);
    await poll(() => page.locator('[data-testid="page-info"]').textContent()).toContain(`${active.total.toLocaleString('en')} signals`);
    await page.getByLabel('Select every signal on this page').check();
    await page.getByRole('button', { name: /Select all .* matching/ }).click();
    await page.locator('select[name="bulk-triage"]').selectOption('ignored');
    let release: () => void = () => undefined;
    hold = new Promise((r) => (release = r));
    await page.getByRole('button', { name: 'Apply' }).click();
    const job = page.locator('[data-testid="bulk-job"]');
    const cancelled = page.waitForResponse((r) => r.url().endsWith('/cancel'));
    await job.getByRole('button', { name: 'Cancel' }).click();
    expect((await cancelled).status()).toBe(202);
    hold = undefined;
    release();
    await poll(() => job.locator('[data-testid="job-status"]').textContent(), { timeout: 60_000 }).toBe('cancelled');
    const shown = /^([\d,]+)\/([\d,]+)$/.exec((await job.locator('[data-testid="job-count"]').textContent()) ?? '');
    const done = Number(shown?.[1]?.replace(/,/g, ''));
    expect(Number(shown?.[2]?.replace(/,/g, ''))).toBe(active.total);
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(active.total);
    // Exactly the chunks done before the stop changed.
    expect((await api<{ total: number }>('/signals?pageSize=1&triage=ignored')).total).toBe(errorsBefore.total + done);
    await shot('bulk-cancelled');
  }, 120_000);

  it('sources: each source with its health and item count from the API; a degraded source lists its feeds', async () => {
    await go('#/sources');
    const { sources } = await api<{ sources: Array<{ name: string; itemsTotal: number; state: string; parts: Array<{ key: string; state: string }> }> }>('/sources');
    await page.locator('[data-testid="sources"]').waitFor();
    for (const s of sources) {
      const card = page.locator(`[data-source="${s.name}"]`);
      expect(await card.locator('[data-testid="items-total"]').textContent()).toBe(s.itemsTotal.toLocaleString('en'));
      expect((await card.locator('h2 .badge').textContent())?.replace(/ /g, '_')).toBe(s.state);
      for (const p of s.parts) expect((await card.locator(`[data-part="${p.key}"] .badge`).textContent())?.replace(/ /g, '_')).toBe(p.state);
      // An empty chart says what would fill it.
      // (the volume query answers after the sources query: wait for it rather than read an empty card)
      if (s.itemsTotal === 0) await poll(() => card.locator('.spark').textContent(), { timeout: 15_000 }).toMatch(/No items in the last 7 days — .*harvest pipeline/);
    }
    const brands = await page.locator('.source-card h2').allTextContents();
    for (const brand of ['X', 'Hacker News', 'GitHub', 'arXiv', 'RSS']) expect(brands.some((b) => b.startsWith(brand))).toBe(true);
    expect(sources.find((s) => s.name === 'rss')?.state).toBe('degraded');
    const rss = page.locator('[data-source="rss"] [data-testid="parts"]');
    expect(await rss.locator('li').count()).toBe(2);
    expect(await rss.locator('[data-part="guardian"]').textContent()).toContain('https://example.org/guardian.rss?token=[redacted]');
    expect(await rss.locator('[data-part="moved"] .error-text').textContent()).toContain('it is an HTML page');
    await page.locator('.sparkbars').first().waitFor();
    await shot('sources');
  }, 60_000);

  it('a read-only key: write actions are disabled with a tooltip; keys do not write; nothing is sent that would 403', async () => {
    const tooltip = /write \(admin\) API key/;
    // Reloaded on the sources page, whose requests are done (a reload aborts requests in flight).
    await inPage(`localStorage.setItem('harvest.apiKey', ${JSON.stringify(READ_KEY)})`);
    await page.reload();
    await page.locator('[data-testid="sources"]').waitFor();
    await go('#/signals');
    await page.locator('tbody tr[data-id]').first().waitFor();
    await poll(() => page.locator('[data-testid="role"]').textContent()).toBe('read-only key');
    const apply = page.getByRole('button', { name: 'Apply' });
    const del = page.getByRole('button', { name: 'Delete' });
    await page.locator('tbody tr[data-id]').first().focus();
    await page.keyboard.press('x');
    await poll(() => page.locator('[data-testid="selection"]').textContent()).toContain('1 selected');
    for (const b of [apply, del]) {
      expect(await b.isDisabled()).toBe(true);
      expect(await b.getAttribute('title')).toMatch(tooltip);
    }
    expect(await page.locator('select[name="bulk-triage"]').isDisabled()).toBe(true);
    const id = Number(await page.locator('tbody tr[data-id]').first().getAttribute('data-id'));
    const before = (await api<{ triage: string }>(`/signals/${id}`)).triage;
    await page.keyboard.press('a');
    await poll(() => page.locator('[data-testid="notice"]').textContent()).toMatch(tooltip);
    await go(`#/signals/${id}`);
    await page.locator('[data-testid="signal-triage"]').waitFor();
    const buttons = page.getByRole('group', { name: 'Change triage' }).getByRole('button');
    expect(await buttons.count()).toBe(4);
    for (const b of await buttons.all()) {
      expect(await b.isDisabled()).toBe(true);
      expect(await b.getAttribute('title')).toMatch(tooltip);
    }
    await page.keyboard.press('r');
    await poll(() => page.locator('[data-testid="notice"]').textContent()).toMatch(tooltip);
    expect((await api<{ triage: string }>(`/signals/${id}`)).triage).toBe(before);
    await shot('read-only');
    await inPage(`localStorage.setItem('harvest.apiKey', ${JSON.stringify(ADMIN_KEY)})`);
    await go('#/settings');
    await page.locator('h1', { hasText: 'Settings' }).waitFor();
    await page.reload();
    await page.locator('h1', { hasText: 'Settings' }).waitFor();
    await go(`#/signals/${id}`);
    await page.locator('[data-testid="signal-triage"]').waitFor();
    await poll(() => page.getByRole('button', { name: before === 'resolved' ? 'Ignore' : 'Resolve' }).isDisabled()).toBe(false);
  }, 60_000);

  it('settings: the theme switches to dark and is kept; the page fits a phone-width screen', async () => {
    await go('#/settings');
    await page.getByLabel('dark').check();
    expect(await inPage<string | undefined>('document.documentElement.dataset.theme')).toBe('dark');
    await page.reload();
    await page.locator('h1', { hasText: 'Settings' }).waitFor();
    expect(await inPage<string | undefined>('document.documentElement.dataset.theme')).toBe('dark');
    await shot('settings-dark');
    await page.setViewportSize({ width: 390, height: 844 });
    await go('#/signals');
    await page.locator('tbody tr[data-id]').first().waitFor();
    expect(await inPage<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    // The table itself fits too: no sideways scrolling to reach the status column.
    expect(await inPage<boolean>("document.querySelector('.table-wrap').scrollWidth <= document.querySelector('.table-wrap').clientWidth")).toBe(true);
    await shot('signals-phone');
    await go('#/');
    await page.locator('[data-testid="stacked-chart"][data-ready="true"]').waitFor();
    expect(await inPage<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(390);
    await shot('overview-phone');
  }, 60_000);

  it('an empty database: the overview says what would fill each empty chart and list', async () => {
    const empty = await storeTargets()[0]!.open(systemClock);
    const bare = await buildApp({ store: empty, clock: systemClock, log: silentLogger(), api: apiConfigSchema.parse({}), version: 'test' }, { webRoot: WEB_ROOT });
    try {
      const url = await bare.listen({ host: '127.0.0.1', port: 0 });
      await page.goto(`${url}/#/`);
      const volume = page.locator('section[aria-labelledby="volume-h"] .state.empty');
      await poll(() => volume.textContent()).toMatch(/No signals in the last 24 h: .*harvest pipeline.*harvest demo/);
      expect(await page.locator('section[aria-labelledby="top-h"] .state.empty').textContent()).toMatch(/No signals in the last 24 h — run harvest pipeline/);
      await poll(() => page.locator('section[aria-labelledby="pipeline-h"] .state.empty').textContent()).toMatch(/not run yet: run harvest pipeline/);
      await shot('overview-empty');
    } finally {
      await bare.close();
      await empty.close();
    }
  }, 60_000);

  it('saw no console error, page error or failed request', () => {
    expect(problems).toEqual([]);
  });
});
