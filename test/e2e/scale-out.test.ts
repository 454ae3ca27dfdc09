import { createHash, randomBytes } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIPELINE_BUSY_MESSAGE } from '../../src/pipeline/lock.js';
import { PIPELINE_LOCK_KEY } from '../../src/store/kysely/pipeline-lock.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { BIN, cleanEnv, runCli, type CliResult } from '../helpers/cli.js';
import { createPgDatabase, dropPgDatabase, tempDir, TEST_DATABASE_URL } from '../helpers/stores.js';

const TEST_REDIS_URL = process.env.TEST_REDIS_URL;
if (!TEST_DATABASE_URL || !TEST_REDIS_URL) {
  console.warn('[scale-out] TEST_DATABASE_URL and TEST_REDIS_URL are both needed: SKIPPING the two-API, two-worker scale-out test.');
}

interface Api {
  child: ChildProcess;
  url: string;
  closed: Promise<void>;
}

/**
 * `harvest serve --port 0` in its own process and its own working directory (a pod's own disk);
 * resolves once it prints its address.
 */
const startApi = (env: NodeJS.ProcessEnv): Promise<Api> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env, cwd: tempDir('harvest-pod-'), stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const closed = new Promise<void>((r) => child.on('close', () => r()));
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /serving the API on (http:\/\/\S+)/.exec(err);
      if (m?.[1]) resolve({ child, url: m[1], closed });
    });
    void closed.then(() => reject(new Error(`serve exited before serving: ${err}`)));
  });

/** Reads a server-sent-event stream to its end; returns the event names in order. */
const readEvents = async (res: Response): Promise<string[]> => {
  const text = await res.text();
  return [...text.matchAll(/^event: (\S+)$/gm)].map((m) => m[1] as string);
};

describe.skipIf(!TEST_DATABASE_URL || !TEST_REDIS_URL)('scale-out on PostgreSQL and Redis: two API processes, two pipeline workers', () => {
  // Fresh API keys per run give this test its own rate-limit counters in the shared Redis.
  const apiKey = randomBytes(24).toString('hex');
  const bulkKey = randomBytes(24).toString('hex');
  const snapshotKey = randomBytes(24).toString('hex');
  const dir = tempDir('harvest-scale-');
  let dbUrl = '';
  let slack: SlackFake;
  let env: NodeJS.ProcessEnv;
  let db: pg.Client;
  const apis: Api[] = [];

  beforeAll(async () => {
    dbUrl = await createPgDatabase(TEST_DATABASE_URL as string);
    slack = await startSlackFake();
    const settings = join(dir, 'settings.yaml');
    writeFileSync(
      settings,
      [
        'sources:',
        '  demo:',
        '    enabled: true',
        'api:',
        '  rateLimit:',
        '    keyedPerMinute: 10',
        'notify:',
        '  slack:',
        // Threshold 0: every item qualifies whatever the date (runs use the real clock, so the runs'
        // start and finish times can be compared), four single messages per run.
        '    threshold: 0',
        '    limit: 4',
        '    digestThreshold: 100000',
        '',
      ].join('\n'),
    );
    env = cleanEnv({ DATABASE_URL: dbUrl, REDIS_URL: TEST_REDIS_URL as string, HARVEST_CONFIG: settings, HARVEST_API_KEYS: `${apiKey},${bulkKey},${snapshotKey}`, SLACK_WEBHOOK_URL: slack.webhookUrl, SLACK_ALLOW_INSECURE_LOOPBACK: 'true' });
    const init = await runCli(['init-db'], { env });
    expect(init.code, init.stderr).toBe(0);
    apis.push(await startApi(env), await startApi(env));
    db = new pg.Client({ connectionString: dbUrl });
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    for (const a of apis) {
      a.child.kill('SIGTERM');
      await a.closed;
    }
    await db?.end();
    await slack?.close();
    if (dbUrl) await dropPgDatabase(TEST_DATABASE_URL as string, dbUrl);
  });

  it('a pipeline or notify run started while another process holds the pipeline lock is refused and records nothing', async () => {
    const holder = new pg.Client({ connectionString: dbUrl });
    await holder.connect();
    try {
      await holder.query('select pg_advisory_lock($1)', [PIPELINE_LOCK_KEY]);
      const r = await runCli(['pipeline'], { env });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(PIPELINE_BUSY_MESSAGE);
      expect((await db.query('select count(*)::int as n from pipeline_runs')).rows[0].n).toBe(0);
      expect((await db.query('select count(*)::int as n from items')).rows[0].n).toBe(0);
      // `harvest notify` recovers interrupted outbox rows, so it takes the same lock.
      const notify = await runCli(['notify'], { env });
      expect(notify.code).toBe(1);
      expect(notify.stderr).toContain(PIPELINE_BUSY_MESSAGE);
    } finally {
      await holder.end();
    }
  }, 60_000);

  it('concurrent pipeline runs of two workers never overlap; no item is stored twice; no Slack message is sent twice', async () => {
    // Two workers, each running the pipeline three times back to back, both started together.
    const worker = async (): Promise<CliResult[]> => {
      const out: CliResult[] = [];
      for (let i = 0; i < 3; i++) out.push(await runCli(['pipeline', '--json'], { env }));
      return out;
    };
    const results = (await Promise.all([worker(), worker()])).flat();
    const ok = results.filter((r) => r.code === 0);
    const busy = results.filter((r) => r.code === 1 && r.stderr.includes(PIPELINE_BUSY_MESSAGE));
    expect(ok.length + busy.length, results.map((r) => r.stderr).join('\n')).toBe(6);
    expect(ok.length).toBeGreaterThanOrEqual(2);

    // Every recorded run finished, and no two runs' [start, finish] intervals intersect.
    const runs = (await db.query<{ started_at: string; finished_at: string; status: string }>('select started_at, finished_at, status from pipeline_runs order by started_at')).rows;
    expect(runs).toHaveLength(ok.length);
    expect(runs.every((r) => r.status === 'succeeded' && r.finished_at !== null)).toBe(true);
    for (let i = 1; i < runs.length; i++) expect((runs[i] as { started_at: string }).started_at >= (runs[i - 1] as { finished_at: string }).finished_at).toBe(true);

    // Items: the demo corpus once, however many runs fetched it.
    const dupes = await db.query('select source, external_id from items group by source, external_id having count(*) > 1');
    expect(dupes.rows).toEqual([]);
    expect((await db.query('select count(*)::int as n from items')).rows[0].n).toBe(2000);

    // Slack: every message once; the outbox agrees with what the fake received.
    // Item messages (limit 4 a run) and story messages (ADR 0023: one per story and milestone), each once.
    const texts = slack.messages.map((m) => m.text);
    const isStory = (t: string) => /^(🧵 New story|📈 Story update)/u.test(t);
    const isDiscovery = (t: string) => t.startsWith('🔭 Discovery');
    const itemTexts = texts.filter((t) => !isStory(t) && !isDiscovery(t));
    const storyTexts = texts.filter(isStory);
    expect(itemTexts.length).toBe(4 * ok.length);
    expect(new Set(texts).size).toBe(texts.length);
    const outbox = (await db.query<{ status: string; n: number; batches: number }>("select status, count(*)::int as n, count(distinct batch_id)::int as batches from notifications where status <> 'folded' group by status")).rows;
    expect(outbox).toEqual([{ status: 'sent', n: itemTexts.length, batches: itemTexts.length }]);
    // Items folded into an announced story (ADR 0023, amended): each folded row names the story's
    // `new` message, and that message was sent.
    const folded = (await db.query<{ batch_id: string; sent: number }>("select n.batch_id, count(distinct s.story_id)::int as sent from notifications n left join story_notifications s on n.batch_id = 'story_' || s.story_id || '_new' and s.milestone = 'new' and s.status = 'sent' where n.status = 'folded' group by n.batch_id")).rows;
    expect(folded.every((f) => f.sent === 1)).toBe(true);
    const storyOutbox = (await db.query<{ status: string; n: number }>('select status, count(*)::int as n from story_notifications group by status')).rows;
    expect(storyOutbox).toEqual(storyTexts.length === 0 ? [] : [{ status: 'sent', n: storyTexts.length }]);
    expect(slack.requests.length).toBe(texts.length);
  }, 240_000);

  it('shares the rate limit: requests to either API process count against one budget in Redis', async () => {
    const [a, b] = apis as [Api, Api];
    const statuses: number[] = [];
    for (const url of [a.url, a.url, a.url, a.url, a.url, a.url, b.url, b.url, b.url, b.url, b.url, b.url]) {
      const r = await fetch(`${url}/top?limit=1`, { headers: { 'x-api-key': apiKey } });
      await r.arrayBuffer();
      statuses.push(r.status);
    }
    // Limit 10 per minute for this key: the first 10 (six on A, four on B) pass, then B refuses.
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 429, 429]);
  }, 30_000);

  it('a bulk job started on one API process is visible and streamable on the other', async () => {
    const [a, b] = apis as [Api, Api];
    const ids = (await db.query<{ id: number }>('select id from items order by id limit 300')).rows.map((r) => Number(r.id));
    // Another key: the rate-limit test above spent the first key's ten requests for this minute.
    const keyed = { 'x-api-key': bulkKey, 'content-type': 'application/json' };
    const started = await fetch(`${a.url}/signals/bulk/status`, { method: 'POST', headers: keyed, body: JSON.stringify({ ids, status: 'paused' }) });
    expect(started.status).toBe(202);
    const { jobId } = (await started.json()) as { jobId: string };
    const seen = await fetch(`${b.url}/bulk-jobs/${jobId}`, { headers: keyed });
    expect(seen.status).toBe(200);
    expect(((await seen.json()) as { id: string }).id).toBe(jobId);
    const stream = await fetch(`${b.url}/bulk-jobs/${jobId}/stream`, { headers: keyed });
    expect(stream.headers.get('content-type')).toMatch(/text\/event-stream/);
    const events = await readEvents(stream);
    expect(events.at(-1)).toBe('succeeded');
    const paused = await db.query("select count(*)::int as n from items where status = 'paused'");
    expect(paused.rows[0].n).toBe(300);
  }, 60_000);

  it('a snapshot taken on one API process is downloaded from the other, and deleted there for both', async () => {
    const [a, b] = apis as [Api, Api];
    const keyed = { 'x-api-key': snapshotKey, 'content-type': 'application/json' };
    const taken = await fetch(`${a.url}/snapshots`, { method: 'POST', headers: keyed, body: JSON.stringify({ format: 'ndjson' }) });
    expect(taken.status).toBe(201);
    const s = (await taken.json()) as { id: string; rows: number; sha256: string };
    expect(s.rows).toBe(2000);
    const d = await fetch(`${b.url}/snapshots/${s.id}/download`, { headers: keyed });
    expect(d.status).toBe(200);
    const body = Buffer.from(await d.arrayBuffer());
    expect(createHash('sha256').update(body).digest('hex')).toBe(s.sha256);
    expect(d.headers.get('x-checksum-sha256')).toBe(s.sha256);
    expect((await fetch(`${b.url}/snapshots/${s.id}`, { method: 'DELETE', headers: { 'x-api-key': snapshotKey } })).status).toBe(204);
    expect((await fetch(`${a.url}/snapshots/${s.id}`, { headers: keyed })).status).toBe(404);
  }, 60_000);
});
