/**
 * `npm run bench:web [-- --items N] [--runs R] [--json]`: the dashboard's weight and speed.
 *
 * Measures: the production build (`web/dist`, built by `npm run build`): initial JS and CSS,
 * gzip -9, against the 250 KB target; then, in headless Debian Chromium (playwright-core) against a
 * real `harvest serve` on a database the real `harvest pipeline` built from N generated items
 * (default 100,000): time from navigation start to the signals table rendered (target ≤ 1 s) and
 * to the overview's volume chart rendered, each R times (default 5) with an empty browser cache
 * (cold) and R times with the cache warm. Prints a table (`--json`: one JSON object), writes
 * docs/bench/web.md, asserts nothing: exits 0 when targets are missed, 1 when it cannot run.
 */
import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { chromiumAvailable, CHROMIUM, launchBrowser } from '../test/web/browser.js';
import { positiveIntArg } from './args.js';
import { startServer, stopChild, type Served } from './api.procs.js';
import { writeCorpus } from './corpus.js';

const ROOT = resolve(import.meta.dirname, '..');
const DIST = join(ROOT, 'web/dist');
const ITEMS = positiveIntArg('items', 100_000);
const RUNS = positiveIntArg('runs', 5);
const JSON_OUT = process.argv.includes('--json');
const TARGETS = { initialJsGzipKb: 250, signalsMs: 1000 };

const say = (msg: string): void => void process.stderr.write(`${msg}\n`);
const fmt = (n: number, digits = 0): string => n.toLocaleString('en', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const kb = (bytes: number): string => `${fmt(bytes / 1024, 1)} KB`;
const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

interface BuildSize {
  initialJs: { file: string; bytes: number; gzip: number }[];
  css: { file: string; bytes: number; gzip: number }[];
  initialJsGzip: number;
  distBytes: number;
}

/** What index.html loads before anything renders: its module script, modulepreloads and stylesheets. */
const buildSize = (): BuildSize => {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const refs = (re: RegExp) => [...html.matchAll(re)].map((m) => m[1] as string);
  const measure = (path: string) => {
    const body = readFileSync(join(DIST, path));
    return { file: path, bytes: body.length, gzip: gzipSync(body, { level: 9 }).length };
  };
  const initialJs = [...refs(/<script[^>]+src="\/([^"]+\.js)"/g), ...refs(/<link[^>]+rel="modulepreload"[^>]+href="\/([^"]+)"/g)].map(measure);
  const css = refs(/<link[^>]+rel="stylesheet"[^>]+href="\/([^"]+)"/g).map(measure);
  const walk = (dir: string): number => readdirSync(dir).reduce((n, f) => n + (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : statSync(join(dir, f)).size), 0);
  return { initialJs, css, initialJsGzip: initialJs.reduce((n, f) => n + f.gzip, 0), distBytes: walk(DIST) };
};

/** ms from navigation start until `selector` exists, read in the page on the frame it appears. */
const timeTo = async (page: Page, url: string, selector: string): Promise<number> => {
  await page.goto(url, { waitUntil: 'commit' });
  // A function, not a string: the page's CSP forbids eval, which string predicates need.
  const found = (sel: string) => (globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(sel) !== null && performance.now();
  const handle = await page.waitForFunction(found, selector, { polling: 'raf', timeout: 60_000 });
  return (await handle.jsonValue()) as number;
};

/** How long the API call behind a page took, from the browser's resource timing. */
const apiMs = async (page: Page, path: string): Promise<number> =>
  (await page.evaluate(`(performance.getEntriesByType('resource').find((e) => e.name.includes(${JSON.stringify(path)}))?.duration) ?? NaN`)) as number;

interface Timings {
  signalsCold: number[];
  signalsWarm: number[];
  overviewCold: number[];
  overviewWarm: number[];
  signalsApi: number[];
  volumeApi: number[];
}

const measurePages = async (base: string): Promise<Timings> => {
  const browser = await launchBrowser();
  const t: Timings = { signalsCold: [], signalsWarm: [], overviewCold: [], overviewWarm: [], signalsApi: [], volumeApi: [] };
  try {
    const page = browser.context.pages()[0] ?? (await browser.context.newPage());
    const cdp = await browser.context.newCDPSession(page);
    await cdp.send('Network.enable');
    const pages = [
      { name: 'signals', url: `${base}/#/signals`, selector: 'tbody tr[data-id]', api: '/signals?', cold: t.signalsCold, warm: t.signalsWarm, apiTimes: t.signalsApi },
      { name: 'overview', url: `${base}/#/`, selector: '[data-testid="stacked-chart"][data-ready="true"] canvas', api: '/dashboard/volume', cold: t.overviewCold, warm: t.overviewWarm, apiTimes: t.volumeApi },
    ];
    // One unrecorded load first: the server's first queries warm SQLite's page cache.
    await timeTo(page, `${base}/#/signals`, pages[0]!.selector);
    for (let r = 0; r < RUNS; r += 1) {
      for (const p of pages) {
        await page.goto('about:blank');
        await cdp.send('Network.clearBrowserCache');
        p.cold.push(await timeTo(page, p.url, p.selector));
        p.apiTimes.push(await apiMs(page, p.api));
        await page.goto('about:blank');
        p.warm.push(await timeTo(page, p.url, p.selector));
      }
      say(`  run ${r + 1}/${RUNS}: signals ${fmt(t.signalsCold.at(-1) ?? NaN)} ms cold / ${fmt(t.signalsWarm.at(-1) ?? NaN)} ms warm, overview ${fmt(t.overviewCold.at(-1) ?? NaN)} / ${fmt(t.overviewWarm.at(-1) ?? NaN)} ms`);
    }
  } finally {
    await browser.close();
  }
  return t;
};

const main = async (): Promise<number> => {
  if (!chromiumAvailable()) {
    console.error(`${CHROMIUM} is missing (apt-get install -y chromium)`);
    return 1;
  }
  const size = buildSize();
  const command = `npm run bench:web${ITEMS === 100_000 ? '' : ` -- --items ${ITEMS}`}${RUNS === 5 ? '' : ` --runs ${RUNS}`}`;
  const dir = mkdtempSync(join(tmpdir(), 'harvest-bench-web-'));
  const children: ChildProcess[] = [];
  const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  try {
    const load = loadavg()[0] ?? NaN;
    say(`bench:web — ${fmt(ITEMS)} generated items, ${RUNS} runs, Node ${process.version}, load average ${load.toFixed(1)}, temp dir ${dir}`);
    const cfg = join(dir, 'settings.yaml');
    writeFileSync(
      cfg,
      ['sources:', '  demo:', '    enabled: true', `    file: ${join(dir, 'corpus.jsonl')}`, '    batchSize: 5000', 'pipeline:', '  batchSize: 5000', 'api:', '  rateLimit:', '    anonymousPerMinute: 100000000', ''].join('\n'),
    );
    const env = { PATH: process.env.PATH, HARVEST_CONFIG: cfg, HARVEST_DB_PATH: join(dir, 'bench.db'), LOG_LEVEL: 'warn' };
    say('building the database with `harvest pipeline`…');
    await writeCorpus(join(dir, 'corpus.jsonl'), ITEMS, now);
    const t0 = performance.now();
    const built = spawnSync(process.execPath, [join(ROOT, 'bin/harvest.js'), 'pipeline', '--json'], { cwd: ROOT, env: { ...env, HARVEST_NOW: now.toISOString() }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (built.status !== 0) throw new Error(`harvest pipeline failed: ${built.stderr.slice(-3000)}`);
    say(`  built in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    let served: Served;
    served = await startServer([join(ROOT, 'bin/harvest.js'), 'serve', '--port', '0'], { cwd: ROOT, env });
    children.push(served.child);
    const stats = (await (await fetch(`${served.url}/signals/stats`)).json()) as { total: number };
    say(`serving ${fmt(stats.total)} signals at ${served.url}; measuring in ${CHROMIUM}…`);
    const t = await measurePages(served.url);
    await stopChild(served.child);
    served = undefined as unknown as Served;

    const result = {
      items: stats.total,
      runs: RUNS,
      build: { initialJsGzipKb: size.initialJsGzip / 1024, initialJs: size.initialJs, css: size.css, distKb: size.distBytes / 1024 },
      signalsMs: { coldMedian: median(t.signalsCold), coldMax: Math.max(...t.signalsCold), warmMedian: median(t.signalsWarm), apiMedian: median(t.signalsApi) },
      overviewMs: { coldMedian: median(t.overviewCold), coldMax: Math.max(...t.overviewCold), warmMedian: median(t.overviewWarm), volumeApiMedian: median(t.volumeApi) },
      targets: TARGETS,
    };
    const mark = (ok: boolean) => (ok ? 'met' : '**missed**');
    const rows = [
      ['initial JS (gzip -9)', kb(size.initialJsGzip), `≤ ${TARGETS.initialJsGzipKb} KB`, mark(size.initialJsGzip / 1024 <= TARGETS.initialJsGzipKb), `${size.initialJs.map((f) => `${f.file} ${kb(f.bytes)} raw`).join(', ')}; CSS ${kb(size.css.reduce((n, f) => n + f.gzip, 0))} gzip; all of web/dist ${kb(size.distBytes)} raw`],
      ['navigation → signals table rendered, cold cache (median of runs)', `${fmt(result.signalsMs.coldMedian)} ms`, `≤ ${fmt(TARGETS.signalsMs)} ms`, mark(result.signalsMs.coldMedian <= TARGETS.signalsMs), `max ${fmt(result.signalsMs.coldMax)} ms; warm cache median ${fmt(result.signalsMs.warmMedian)} ms; its GET /signals ${fmt(result.signalsMs.apiMedian)} ms (median)`],
      ['navigation → overview chart rendered, cold cache (median of runs)', `${fmt(result.overviewMs.coldMedian)} ms`, '—', 'reported', `max ${fmt(result.overviewMs.coldMax)} ms; warm cache median ${fmt(result.overviewMs.warmMedian)} ms; its GET /dashboard/volume ${fmt(result.overviewMs.volumeApiMedian)} ms (median)`],
    ];
    const table = ['| measure | result | target | | notes |', '|---|---|---|---|---|', ...rows.map((r) => `| ${r.join(' | ')} |`)].join('\n');
    const doc = [
      '# Dashboard figures (`npm run bench:web`)',
      '',
      `Produced by \`${command}\` on ${new Date().toISOString().slice(0, 10)} (Node ${process.version}, ${CHROMIUM}, ${fmt(stats.total)} signals, 1-minute load average ${load.toFixed(1)} at the start on this shared 2-core machine: timings swing with it). Re-run it to refresh this file.`,
      '',
      table,
      '',
      '## Method',
      '',
      '- **Build**: `npm run build` (Vite production build of `web/` into `web/dist`). "Initial JS" is every script `index.html` loads before the app renders (its module script and any modulepreload), gzipped at level 9 here.',
      `- **Data**: ${fmt(ITEMS)} items generated deterministically (bench/generate.ts), written as a demo-format corpus (bench/corpus.ts) and loaded by the compiled CLI, \`harvest pipeline\`, into a SQLite file; served by \`harvest serve --port 0\` (no API keys, rate limit raised) in its own process.`,
      `- **Browser**: headless Debian Chromium driven by playwright-core, the flags of test/web/browser.ts, a fresh profile, 1280×900. One unrecorded load warms the server, then ${RUNS} runs; each run loads \`/#/signals\` and \`/#/\` from \`about:blank\` once with the browser cache cleared (CDP \`Network.clearBrowserCache\`: cold) and once with it warm.`,
      '- **Timing**: `performance.now()` in the page (milliseconds since navigation start) on the first animation frame where the signals table has a row, or where the overview\'s uPlot chart has drawn its canvas (its data arrived and it rendered). The API times are the browser\'s resource timing of the request behind each page (`GET /signals?sort=salience&order=desc&page=1&pageSize=50`, salience first by default, `GET /dashboard/volume?window=24h&by=category`).',
      '- The bench asserts nothing; a missed target is marked **missed** above.',
      '',
    ].join('\n');
    mkdirSync(join(ROOT, 'docs/bench'), { recursive: true });
    writeFileSync(join(ROOT, 'docs/bench/web.md'), doc);
    if (JSON_OUT) console.log(JSON.stringify(result, null, 2));
    else console.log(`\n${table}\n\n(written to docs/bench/web.md)`);
    return 0;
  } finally {
    for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
};

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
