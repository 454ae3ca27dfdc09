import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runExitCode } from '../../src/cli/commands/pipeline.commands.js';
import type { PipelineResult } from '../../src/pipeline/run.js';
import { FEEDS_DIR } from '../fakes/api-fake.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { demoCorpusHead } from '../helpers/demo-store.js';
import { createPgDatabase, dropPgDatabase, tempDir, TEST_DATABASE_URL } from '../helpers/stores.js';

const stage = { ok: 1, skipped: 0, failed: 0, durationMs: 1 };
const result = (over: { status?: 'succeeded' | 'failed'; analyzeFailed?: number; scoreFailed?: number } = {}): PipelineResult =>
  ({
    runId: 1,
    status: over.status ?? 'succeeded',
    fetch: { ...stage, inserted: 1, updated: 0, bySource: {} },
    analyze: { ...stage, failed: over.analyzeFailed ?? 0, fallback: 0 },
    score: { ...stage, failed: over.scoreFailed ?? 0 },
    notify: { ...stage, queued: 0, digests: 0, unknown: 0 },
    durationMs: 1,
  }) as PipelineResult;

describe('runExitCode', () => {
  it('0 for a clean run; 1 for a failed run or any item that could not be analysed or scored', () => {
    expect(runExitCode(result())).toBe(0);
    expect(runExitCode(result({ status: 'failed' }))).toBe(1);
    expect(runExitCode(result({ analyzeFailed: 3 }))).toBe(1);
    expect(runExitCode(result({ scoreFailed: 1 }))).toBe(1);
  });
});

/**
 * The demo source on the first 200 posts of the bundled corpus: an exit code needs a source that
 * stores items, not all 2,000 (a whole-corpus `harvest pipeline` costs ~7 s of CPU, half of it
 * scoring the spike series; `harvest demo` in cli.test.ts runs the whole corpus).
 */
const CORPUS_POSTS = 200;
let corpus = '';

/** A webhook that always answers 500 (Slack unreachable in effect), and a page that is not a feed. */
let server: Server;
let base = '';
beforeAll(async () => {
  corpus = demoCorpusHead(CORPUS_POSTS);
  server = createServer((req, res) => {
    if (req.url === '/hook') return void res.writeHead(500, { 'content-type': 'text/plain' }).end('rollup_error');
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Document moved</body></html>');
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const stores: Array<{ name: string; env: () => Promise<{ env: Record<string, string>; done: () => Promise<void> }> }> = [
  { name: 'sqlite', env: async () => ({ env: { HARVEST_DB_PATH: join(tempDir('harvest-exit-'), 'h.db') }, done: async () => undefined }) },
];
if (TEST_DATABASE_URL) {
  const pgBase = TEST_DATABASE_URL;
  stores.push({
    name: 'postgres',
    env: async () => {
      const url = await createPgDatabase(pgBase);
      return { env: { DATABASE_URL: url }, done: () => dropPgDatabase(pgBase, url) };
    },
  });
} else {
  console.warn('[exit codes] TEST_DATABASE_URL is not set: SKIPPING the PostgreSQL runs');
}

describe.each(stores)('harvest pipeline exit codes on $name', (store) => {
  const config = (body: string): string => {
    const file = join(tempDir('harvest-exit-cfg-'), 'settings.yaml');
    writeFileSync(file, body);
    return file;
  };
  const demo = (): string => `sources:\n  demo:\n    enabled: true\n    file: ${JSON.stringify(corpus)}\n`;
  /** `harvest pipeline` on a fresh database of this store, with `extra` in the environment. */
  const pipeline = async (extra: Record<string, string>) => {
    const s = await store.env();
    try {
      return await runCli(['pipeline'], { env: cleanEnv({ ...s.env, ...extra }) });
    } finally {
      await s.done();
    }
  };

  it('0 when every stage succeeded', async () => {
    const r = await pipeline({ HARVEST_CONFIG: config(demo()) });
    expect(r.stdout).toMatch(/run #1 succeeded/);
    expect(r.code).toBe(0);
  }, 60_000);

  it('1 when one source failed while the others were stored (partial failure)', async () => {
    const cfg = config(`${demo()}  rss:\n    feeds:\n      - name: broken\n        url: ${base}/feed.xml\n    maxRetries: 0\n`);
    const r = await pipeline({ HARVEST_CONFIG: cfg });
    expect(r.stdout).toMatch(/run #1 failed/);
    expect(r.stdout).toMatch(/fetch\s+200 new, 0 updated, 1 sources failed/);
    expect(r.code).toBe(1);
  }, 60_000);

  it('1 when a source is degraded (one feed of two failed, the other was stored): a partial failure', async () => {
    const heise = pathToFileURL(join(FEEDS_DIR, 'heise.atom')).toString();
    const cfg = config(`${demo()}  rss:\n    feeds:\n      - name: heise\n        url: ${heise}\n      - name: broken\n        url: ${base}/feed.xml\n    maxRetries: 0\n`);
    const r = await pipeline({ HARVEST_CONFIG: cfg });
    expect(r.stdout).toMatch(/run #1 failed/);
    expect(r.stdout).toMatch(/fetch\s+215 new, 0 updated, 1 sources failed \(1 degraded\)/);
    expect(r.code).toBe(1);
  }, 60_000);

  it('1 when the notification channel cannot be reached', async () => {
    const cfg = config(`${demo()}notify:\n  slack:\n    threshold: 0\n    limit: 1\n    maxAttempts: 1\n`);
    const r = await pipeline({ HARVEST_CONFIG: cfg, SLACK_WEBHOOK_URL: `${base}/hook`, SLACK_ALLOW_INSECURE_LOOPBACK: 'true' });
    expect(r.stdout).toMatch(/run #1 failed/);
    expect(r.code).toBe(1);
  }, 60_000);
});
