import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';
import { chromiumAvailable, launchBrowser } from './browser.js';

/** `harvest demo` (what `npm run demo` runs) ends serving the dashboard on the demo data. */
describe.skipIf(!chromiumAvailable())('harvest demo serves the dashboard', () => {
  let child: ChildProcess | undefined;
  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child?.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('prints the dashboard address, and the page there shows the demo data', async () => {
    const db = join(tempDir('harvest-demo-web-'), 'demo.db');
    child = spawn(process.execPath, [BIN, 'demo', '--port', '0', '--limit', '3'], { cwd: ROOT, env: cleanEnv({ HARVEST_DB_PATH: db }), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout?.resume();
    const deadline = Date.now() + 90_000;
    let dashboard: string | undefined;
    while (dashboard === undefined) {
      if (child.exitCode !== null) throw new Error(`harvest demo exited ${child.exitCode}: ${stderr}`);
      if (Date.now() > deadline) throw new Error(`no dashboard address printed; stderr: ${stderr}`);
      dashboard = /dashboard: (http:\/\/\S+\/)[,\s]/.exec(stderr)?.[1];
      await new Promise((r) => setTimeout(r, 100));
    }
    const stats = (await (await fetch(new URL('/signals/stats', dashboard))).json()) as { total: number };
    expect(stats.total).toBeGreaterThan(1000);

    const browser = await launchBrowser();
    const problems: string[] = [];
    try {
      const page = browser.context.pages()[0] ?? (await browser.context.newPage());
      page.on('console', (m) => void (m.type() === 'error' && problems.push(m.text())));
      page.on('requestfailed', (r) => problems.push(`${r.url()} ${r.failure()?.errorText ?? ''}`));
      await page.goto(dashboard);
      await expect.poll(() => page.locator('[data-count="total"]').textContent(), { timeout: 30_000 }).toBe(stats.total.toLocaleString('en'));
      await page.locator('[data-testid="stacked-chart"][data-ready="true"]').waitFor({ timeout: 30_000 });
      // Spikes (ADR 0025): over the corpus week the outage waves are listed and marked on the volume chart.
      await page.getByRole('button', { name: '7d' }).click();
      await expect.poll(() => page.locator('[data-testid="spike-list"]').textContent(), { timeout: 30_000 }).toMatch(/category outage: \d+ mentions in the last hour, usually/);
      await expect.poll(async () => Number(await page.locator('[data-testid="stacked-chart"][data-ready="true"]').getAttribute('data-markers')), { timeout: 30_000 }).toBeGreaterThanOrEqual(1);
      await page.screenshot({ path: join(ROOT, 'test-results', 'demo-overview.png'), fullPage: true });
    } finally {
      await browser.close();
    }
    expect(problems).toEqual([]);
  }, 150_000);
});
