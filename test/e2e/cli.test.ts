import { existsSync, readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { CATEGORIES, SENTIMENTS } from '../../src/domain/analysis.js';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { readXSample, startXFake, jsonResponse, type XFake } from '../fakes/x-fake.js';
import { BIN, cleanEnv, ROOT, runCli, type CliResult } from '../helpers/cli.js';
import { spawn } from 'node:child_process';
import { tempDir } from '../helpers/stores.js';


describe('harvest demo (the README quick start)', () => {
  let dir: string;
  /** One `demo --json` run into json.db: the JSON test reads its output, the fresh-database test runs again on its database. */
  let json: CliResult;
  const jsonEnv = () => cleanEnv({ HARVEST_DB_PATH: join(dir, 'json.db') });
  beforeAll(async () => {
    dir = tempDir('harvest-demo-');
    json = await runCli(['demo', '--no-serve', '--json'], { env: jsonEnv() });
  });

  it('prints a table of top signals with outage and security near the top, offline', async () => {
    const r = await runCli(['demo', '--no-serve'], { env: cleanEnv({ HARVEST_DB_PATH: join(dir, 'table.db') }) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/run #1 succeeded/);
    expect(r.stdout).toMatch(/fetch\s+2000 new/);
    // Every stage that ran has its line, the ones after notify included.
    expect(r.stdout).toMatch(/^ {2}topics {3}2000 assigned, \d+ discoveries, model trained {2}\(\d+(\.\d+)? ms\)$/m);
    expect(r.stdout).toMatch(/^ {2}entities 2000 scanned, \d+ linked, 0 merges {2}\(\d+(\.\d+)? ms\)$/m);
    expect(r.stdout).toMatch(/^ {2}spikes {3}\d+ counted, \d+ series scored, \d+ new spikes, 0 alerted {2}\(\d+(\.\d+)? ms\)$/m);
    const table = r.stdout.split('\n').filter((l) => /^\d+\s+\d+\.\d/.test(l));
    expect(table).toHaveLength(15);
    const top10 = table.slice(0, 10).join('\n');
    expect(top10).toMatch(/outage/);
    expect(top10).toMatch(/security/);
  });

  it('--json prints the top signals as a JSON array with the breakdown', async () => {
    const r = json;
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(15);
    for (const row of rows) {
      expect(row).toEqual(
        expect.objectContaining({
          id: expect.any(Number),
          source: 'demo',
          url: expect.stringMatching(/^https?:\/\//),
          text: expect.any(String),
          category: expect.any(String),
          sentiment: expect.stringMatching(/^(positive|neutral|negative)$/),
          urgency: expect.any(Number),
          salience: expect.any(Number),
          breakdown: expect.objectContaining({ raw: expect.any(Number), categoryBoost: expect.any(Number), recency: expect.any(Number) }),
        }),
      );
    }
    const saliences = rows.map((x) => x.salience as number);
    expect([...saliences].sort((a, b) => b - a)).toEqual(saliences);
    const categories = new Set(rows.slice(0, 10).map((x) => x.category));
    expect(categories.has('outage') && categories.has('security')).toBe(true);
  });

  it('export to a pipe whose reader stops early (`| head -1`) ends with exit 0 and no error', async () => {
    expect(json.code, json.stderr).toBe(0);
    const child = spawn(process.execPath, [BIN, 'export', '--format', 'ndjson', '--output', '-'], { cwd: ROOT, env: jsonEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    const first = await new Promise<string>((res) => child.stdout.once('data', (c: Buffer) => res(c.toString())));
    child.stdout.destroy();
    const code = await new Promise<number | null>((res) => child.on('close', res));
    expect(JSON.parse(first.split('\n')[0] as string)).toEqual(expect.objectContaining({ source: 'demo' }));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('starts from a fresh database every time', async () => {
    // json.db already holds one demo run (beforeAll): a second run fetches everything as new again.
    expect(existsSync(join(dir, 'json.db'))).toBe(true);
    const r = await runCli(['demo', '--no-serve'], { env: jsonEnv() });
    expect(r.stdout).toMatch(/fetch\s+2000 new, 0 updated/);
  });
});

describe('bad config, bad flags and malformed input: a clear error, exit 2, nothing written', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('harvest-bad-');
  });

  it('rejects an invalid settings file listing every problem, before opening the database', async () => {
    const cfg = join(dir, 'bad.yaml');
    writeFileSync(cfg, 'scoring:\n  weights:\n    likes: -2\nnotify:\n  slack:\n    limit: 0\n');
    const db = join(dir, 'never.db');
    const r = await runCli(['pipeline'], { env: cleanEnv({ HARVEST_CONFIG: cfg, HARVEST_DB_PATH: db }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid configuration/);
    expect(r.stderr).toMatch(/scoring\.weights\.likes/);
    expect(r.stderr).toMatch(/notify\.slack\.limit/);
    expect(existsSync(db)).toBe(false);
  });

  it('rejects a bad environment value naming the variable', async () => {
    const db = join(dir, 'never2.db');
    const r = await runCli(['demo', '--no-serve'], { env: cleanEnv({ HARVEST_DB_PATH: db, LOG_FORMAT: 'xml' }) });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/log\.format: .*\(from LOG_FORMAT\)/);
    expect(existsSync(db)).toBe(false);
  });

  it.each([
    [['top', '--limit', 'ten'], /--limit.*must be an integer between 1 and 200/],
    [['top', '--limit', '500'], /must be an integer between 1 and 200/],
    [['top', '--category', 'rumour'], /--category.*must be one of: outage/],
    [['export', '--format', 'xml', '--output', 'x.xml'], /--format.*must be one of: csv, json, ndjson/],
    [['export', '--format', 'csv'], /required option '--output <file>'/],
    [['daemon'], /required option '--interval <seconds>'/],
    [['pipeline', '--frobnicate'], /unknown option '--frobnicate'/],
    [['launch'], /unknown command 'launch'/],
  ])('harvest %j', async (args, message) => {
    const db = join(dir, `flags-${args.join('-')}.db`);
    const r = await runCli(args, { env: cleanEnv({ HARVEST_DB_PATH: db }), cwd: dir });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
    expect(existsSync(db)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('x.xml'))).toEqual([]);
  });

  it('classify rejects malformed JSONL naming every bad line, printing nothing', async () => {
    const input = join(dir, 'in.jsonl');
    writeFileSync(input, ['{"id":1,"text":"app is down"}', '{"id":2,"text":', '{"id":3}', '{"id":4,"text":42}', ''].join('\n'));
    const r = await runCli(['classify', '--input', input]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/malformed classify input: 3 problem/);
    expect(r.stderr).toMatch(/in\.jsonl:2: not valid JSON/);
    expect(r.stderr).toMatch(/in\.jsonl:3: text:/);
    expect(r.stderr).toMatch(/in\.jsonl:4: text:/);
  });

  it('classify names a missing input file', async () => {
    const r = await runCli(['classify', '--input', join(dir, 'nope.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read input file .*nope\.jsonl: ENOENT/);
  });

  it('a corpus with malformed lines: bad lines are named and skipped, good ones stored', async () => {
    const corpus = join(dir, 'corpus.jsonl');
    const good = readFileSync(new URL('../../data/demo/corpus.jsonl', import.meta.url), 'utf8').split('\n').slice(0, 3);
    writeFileSync(corpus, [good[0], '{"id":"broken"', good[1], '{"id":"x-1","text":"no author or time"}', good[2], ''].join('\n'));
    const cfg = join(dir, 'corpus.yaml');
    writeFileSync(cfg, `sources:\n  demo:\n    enabled: true\n    file: ${corpus}\n`);
    const db = join(dir, 'corpus.db');
    const r = await runCli(['fetch'], { env: cleanEnv({ HARVEST_CONFIG: cfg, HARVEST_DB_PATH: db }) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/fetched: 3 new/);
    expect(r.stderr).toMatch(/"lineNo":2/);
    expect(r.stderr).toMatch(/"lineNo":4/);
    const rows = new Database(db, { readonly: true }).prepare('select count(*) n from items').get() as { n: number };
    expect(rows.n).toBe(3);
  });
});

describe('harvest classify', () => {
  it('writes one JSONL analysis per input line, in order', async () => {
    const input = ['{"id":"a","text":"Is Brindlepost down? cannot log in, status page says nothing"}', '{"id":7,"title":"Idea","text":"please add dark mode"}'].join('\n');
    const r = await runCli(['classify'], { input });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id)).toEqual(['a', 7]);
    expect(lines[0]).toMatchObject({ category: 'outage', sentiment: 'negative' });
    expect(lines[1]).toMatchObject({ category: 'feature_request' });
    for (const l of lines) expect(Object.keys(l).sort()).toEqual(['category', 'confidence', 'id', 'reasoning', 'sentiment', 'sentimentScore', 'tags', 'urgency']);
  });

  it('answers bad-but-valid text with a valid analysis: empty, emoji-only, entities, RTL, mixed scripts, 50,000 characters', async () => {
    const texts = ['', '🔥🔥🔥', '&lt;b&gt;hi&lt;/b&gt; &amp;&#x1F600;', 'التطبيق لا يعمل', 'Brindlepost 宕机了 не работает', 'outage '.repeat(7_143)];
    const input = texts.map((text, i) => JSON.stringify({ id: i, text })).join('\n');
    const r = await runCli(['classify'], { input });
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: number; category: string; sentiment: string; urgency: number });
    expect(lines.map((l) => l.id)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(lines[0]).toMatchObject({ category: 'other', sentiment: 'neutral', urgency: 0 });
    for (const l of lines) {
      expect(CATEGORIES).toContain(l.category);
      expect(SENTIMENTS).toContain(l.sentiment);
    }
  });
});

describe('pipeline end to end against the X and Slack fakes', () => {
  let x: XFake;
  let slack: SlackFake;
  let dir: string;
  let env: NodeJS.ProcessEnv;
  const TOKEN = 'test-bearer-token-value';

  beforeAll(async () => {
    const recorded = readXSample<{ data: unknown[]; includes?: unknown; meta: unknown }>('sns-sdks_search_tweets_for_nyc.json');
    // The recorded page carries a next_token: the adapter follows it to an (empty) second page.
    x = await startXFake({ bearerToken: TOKEN, scripts: [jsonResponse(recorded), jsonResponse({ meta: { result_count: 0 } })] });
    slack = await startSlackFake();
    dir = tempDir('harvest-e2e-');
    const cfg = join(dir, 'settings.yaml');
    writeFileSync(cfg, ['sources:', '  x:', '    queries:', '      - name: nyc', '        query: nyc', 'notify:', '  slack:', '    threshold: 0', '    digestThreshold: 100', ''].join('\n'));
    env = cleanEnv({ HARVEST_CONFIG: cfg, HARVEST_DB_PATH: join(dir, 'app.db'), X_BEARER_TOKEN: TOKEN, X_API_BASE_URL: x.url, SLACK_WEBHOOK_URL: slack.webhookUrl, SLACK_ALLOW_INSECURE_LOOPBACK: 'true', HARVEST_NOW: '2020-06-25T00:00:00.000Z' });
  });
  afterAll(async () => {
    await x.close();
    await slack.close();
  });

  it('stores the recorded tweets, sends each once, and resumes from since_id', async () => {
    const first = await runCli(['pipeline', '--json'], { env });
    expect(first.code, first.stderr).toBe(0);
    const run = JSON.parse(first.stdout) as { fetch: { inserted: number }; notify: { ok: number } };
    const db = new Database(join(dir, 'app.db'), { readonly: true });
    const items = db.prepare("select external_id, author_handle from items where source = 'x' order by external_id").all() as Array<{ external_id: string; author_handle: string | null }>;
    expect(items.length).toBe(run.fetch.inserted);
    expect(items.length).toBeGreaterThan(0);
    expect(run.notify.ok).toBe(items.length);
    expect(slack.messages).toHaveLength(items.length);
    const cursor = db.prepare("select value from cursors where source = 'x' and key = 'nyc'").get() as { value: string };
    db.close();
    const sinceId = (JSON.parse(cursor.value) as { sinceId: string }).sinceId;
    expect(sinceId).toBe([...items.map((i) => BigInt(i.external_id))].sort((a, b) => (a < b ? 1 : -1))[0]?.toString());

    x.enqueue(jsonResponse({ meta: { result_count: 0 } }));
    const second = await runCli(['pipeline', '--json'], { env });
    expect(second.code, second.stderr).toBe(0);
    expect(x.requests[1]?.params.get('next_token')).toBe('b26v89c19zqg8o3fo7gesq314zlbjb2xlwutmy72r47lp');
    expect(x.requests[2]?.params.get('since_id')).toBe(sinceId);
    expect(slack.messages).toHaveLength(items.length);
    expect(x.problems).toEqual([]);
    expect(first.stderr + second.stderr).not.toContain(TOKEN);
  });

  it('top, stats and export read what the pipeline stored', async () => {
    const top = await runCli(['top', '--json', '--limit', '3'], { env });
    expect(JSON.parse(top.stdout)).toHaveLength(3);
    const stats = JSON.parse((await runCli(['stats', '--json'], { env })).stdout) as { bySource: Record<string, number>; notifications: Record<string, number> };
    expect(stats.bySource.x).toBeGreaterThan(0);
    expect(stats.notifications.sent).toBe(stats.bySource.x);
    for (const format of ['csv', 'json', 'ndjson'] as const) {
      const out = join(dir, `export.${format}`);
      const r = await runCli(['export', '--format', format, '--output', out], { env });
      expect(r.code, r.stderr).toBe(0);
      const text = readFileSync(out, 'utf8');
      if (format === 'json') expect(JSON.parse(text)).toHaveLength(stats.bySource.x ?? -1);
      if (format === 'ndjson') expect(text.trim().split('\n')).toHaveLength(stats.bySource.x ?? -1);
      if (format === 'csv') expect(text.split('\n')[0]).toMatch(/^id,source,externalId,url/);
    }
  });

  it('config check prints the effective config with secrets masked', async () => {
    const r = await runCli(['config', 'check'], { env });
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/configuration is valid/);
    expect(r.stdout).toMatch(/threshold: 0/);
    expect(r.stdout).not.toContain(TOKEN);
    expect(r.stdout).not.toContain('XXXXXXXXXXXX');
  });
});
