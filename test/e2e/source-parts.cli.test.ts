import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDS_DIR, startApiFake, type ApiFake } from '../fakes/api-fake.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const TOKEN = 'feedTOKENs3cr3t0123456789';
const feed = (file: string, type: string) => () => ({ body: readFileSync(join(FEEDS_DIR, file)), headers: { 'content-type': type } });

interface PartRow {
  key: string;
  target: string | null;
  state: string;
  lastSuccessAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  lastFetchedCount: number | null;
}

/** Issue 13 item 8: one bad feed (an HTML page, a 401) must not mark all of rss failing, nor stop the other feeds. */
describe('harvest fetch / sources with one bad feed among several (CLI against a loopback feed server)', () => {
  let fake: ApiFake;
  let dir: string;
  let dbEnv: Record<string, string>;
  const config = (feeds: string[]): string => {
    const file = join(tempDir('harvest-parts-cfg-'), 'settings.yaml');
    writeFileSync(file, ['sources:', '  rss:', '    maxRetries: 0', '    feeds:', ...feeds.map((f) => `      - ${f}`), ''].join('\n'));
    return file;
  };
  const env = (cfg: string) => cleanEnv({ ...dbEnv, HARVEST_CONFIG: cfg, HARVEST_NOW: '2026-04-13T00:00:00Z' });
  const sources = async (cfg: string) => {
    const r = await runCli(['sources', '--json'], { env: env(cfg) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain(TOKEN);
    const rss = (JSON.parse(r.stdout) as { name: string; state: string; lastSuccessAt: string | null; lastFetchedCount: number | null; itemsTotal: number; parts: PartRow[] }[]).find((s) => s.name === 'rss');
    return rss;
  };

  beforeAll(async () => {
    fake = await startApiFake();
    fake.route('/private.xml', () => ({ status: 401, body: 'Unauthorized', headers: { 'content-type': 'text/plain' } }));
    fake.route('/guardian', feed('guardian.rss', 'application/rss+xml'));
    fake.route('/heise', feed('heise.atom', 'application/atom+xml'));
    fake.route('/moved', feed('unrecognized.rss', 'text/html'));
    dir = tempDir('harvest-parts-');
    dbEnv = { HARVEST_DB_PATH: join(dir, 'app.db') };
  });
  afterAll(async () => {
    await fake.close();
  });

  const privateFeed = () => `{ name: private, url: "${fake.url}/private.xml?token=${TOKEN}&format=rss" }`;

  it('a 401 on the first feed and an HTML page: the other feeds are stored, rss is degraded with its last success set, fetch exits 1', async () => {
    const cfg = config([privateFeed(), `{ name: guardian, url: "${fake.url}/guardian" }`, `{ name: heise, url: "${fake.url}/heise" }`, `{ name: moved, url: "${fake.url}/moved" }`]);
    const f = await runCli(['fetch'], { env: env(cfg) });
    expect(f.code, f.stderr).toBe(1);
    expect(f.stdout).toMatch(/fetched: 70 new, 0 updated, 1 sources failed \(1 degraded\)/);
    expect(f.stdout + f.stderr).not.toContain(TOKEN);
    expect(fake.requests.map((q) => q.path)).toEqual(['/private.xml', '/guardian', '/heise', '/moved']);

    const rss = await sources(cfg);
    expect(rss).toMatchObject({ state: 'degraded', lastSuccessAt: '2026-04-13T00:00:00.000Z', lastFetchedCount: 70, itemsTotal: 70 });
    expect(rss?.parts.map((p) => [p.key, p.state, p.lastFetchedCount, p.consecutiveFailures])).toEqual([
      ['private', 'failing', null, 1],
      ['guardian', 'ok', 55, 0],
      ['heise', 'ok', 15, 0],
      ['moved', 'failing', null, 1],
    ]);
    expect(rss?.parts[0]?.target).toBe(`${fake.url}/private.xml?token=[redacted]&format=[redacted]`);
    expect(rss?.parts[0]?.lastError).toMatch(/^UPSTREAM_REJECTED: feed "private" .*401 Unauthorized/);
    expect(rss?.parts[3]?.lastError).toMatch(/HTML page/);

    const table = await runCli(['sources'], { env: env(cfg) });
    expect(table.stdout).toMatch(/^rss\s+yes\s+degraded/m);
    expect(table.stdout).toMatch(/^ {2}└ guardian\s+ok/m);
    expect(table.stdout).toMatch(/^ {2}└ moved\s+failing/m);
    expect(table.stdout).not.toContain(TOKEN);
  });

  it('when every configured feed fails rss is failing; feeds removed from the configuration are no longer shown', async () => {
    const cfg = config([privateFeed(), `{ name: moved, url: "${fake.url}/moved" }`]);
    const f = await runCli(['fetch'], { env: env(cfg) });
    expect(f.code).toBe(1);
    expect(f.stdout).toMatch(/1 sources failed \([\d.]+ ms\)/);
    const rss = await sources(cfg);
    expect(rss).toMatchObject({ state: 'failing', lastSuccessAt: '2026-04-13T00:00:00.000Z', itemsTotal: 70 });
    expect(rss?.parts.map((p) => [p.key, p.state, p.consecutiveFailures])).toEqual([
      ['private', 'failing', 2],
      ['moved', 'failing', 2],
    ]);
  });
});
