import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEEDS_DIR, readSampleJson, startApiFake, type ApiFake } from '../fakes/api-fake.js';
import { HN_SAMPLE } from '../fakes/hackernews-fake.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const TOKEN = 'ghp_e2eSECRETtoken0123456789abcdefABCD';

describe('harvest sources / fetch --source (CLI against loopback fakes)', () => {
  let fake: ApiFake;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    fake = await startApiFake();
    fake.route('/api/v1/search_by_date', () => ({ body: { ...readSampleJson<object>(HN_SAMPLE), nbPages: 1 } }));
    fake.route('/search/issues', () => ({ status: 401, body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest' } }));
    const dir = tempDir('harvest-sources-');
    const config = join(dir, 'settings.yaml');
    writeFileSync(
      config,
      [
        'sources:',
        '  hackernews:',
        `    baseUrl: ${fake.url}`,
        '    queries: [{ name: self-hosted, query: self-hosted }]',
        '  github:',
        `    baseUrl: ${fake.url}`,
        '    maxRetries: 0',
        '    queries: [{ name: brand, kind: issues, query: brindlepost }]',
        '  rss:',
        `    feeds: [{ name: heise, url: "${pathToFileURL(join(FEEDS_DIR, 'heise.atom')).toString()}" }]`,
        '',
      ].join('\n'),
    );
    env = cleanEnv({ HARVEST_CONFIG: config, HARVEST_DB_PATH: join(dir, 'app.db'), GITHUB_TOKEN: TOKEN, HARVEST_NOW: '2026-04-13T00:00:00Z' });
  });
  afterAll(async () => {
    await fake.close();
  });

  it('before any run: every source listed, configured ones never_run, the rest disabled', async () => {
    const r = await runCli(['sources', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as { name: string; enabled: boolean; state: string }[];
    expect(rows.map((s) => [s.name, s.enabled, s.state])).toEqual([
      ['x', false, 'disabled'],
      ['reddit', false, 'disabled'],
      ['hackernews', true, 'never_run'],
      ['github', true, 'never_run'],
      ['arxiv', false, 'disabled'],
      ['rss', true, 'never_run'],
      ['demo', false, 'disabled'],
    ]);
  });

  it('a bad GitHub token fails only github; `sources` shows the error there and the logs name it, never the token', async () => {
    const f = await runCli(['fetch'], { env });
    expect(f.code).toBe(1);
    expect(f.stdout).toMatch(/fetched: 35 new, 0 updated, 1 sources failed/);
    expect(f.stderr).toContain('GitHub rejected the token (401 Unauthorized)');
    expect(f.stderr + f.stdout).not.toContain(TOKEN);

    const r = await runCli(['sources', '--json'], { env });
    expect(r.stdout).not.toContain(TOKEN);
    const rows = JSON.parse(r.stdout) as Record<string, unknown>[];
    const by = (name: string) => rows.find((s) => s.name === name);
    expect(by('github')).toMatchObject({ enabled: true, state: 'failing', consecutiveFailures: 1, lastError: 'UPSTREAM_REJECTED: GitHub rejected the token (401 Unauthorized); check github.token', lastErrorAt: '2026-04-13T00:00:00.000Z', itemsTotal: 0 });
    expect(by('hackernews')).toMatchObject({ state: 'ok', lastSuccessAt: '2026-04-13T00:00:00.000Z', lastFetchedCount: 20, itemsTotal: 20, consecutiveFailures: 0 });
    expect(by('rss')).toMatchObject({ state: 'ok', lastFetchedCount: 15, itemsTotal: 15 });

    const table = await runCli(['sources'], { env });
    expect(table.stdout).toMatch(/^github\s+yes\s+failing/m);
    expect(table.stdout).toMatch(/^reddit\s+no\s+disabled/m);
  });

  it('fetch --source runs that one source only', async () => {
    const before = fake.requests.length;
    const r = await runCli(['fetch', '--source', 'hackernews', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(Object.keys((JSON.parse(r.stdout) as { bySource: object }).bySource)).toEqual(['hackernews']);
    expect(fake.requests.slice(before).map((q) => q.path)).toEqual(['/api/v1/search_by_date']);
    expect(fake.requests.at(-1)?.params.get('numericFilters')).toMatch(/^created_at_i>=\d+$/);
  });
});
