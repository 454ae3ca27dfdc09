import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeServer, type FakeServer } from '../fakes/loopback-server.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const NOW = '2026-11-20T18:30:00.000Z';
/** Independent crash sequences; each kills runs at random until one completes. */
const ROUNDS = Number(process.env.CRASH_TEST_ROUNDS ?? 6);

/** A config that runs the bundled demo corpus and notifies every high item as its own message. */
const writeConfig = (dir: string): string => {
  const file = join(dir, 'settings.yaml');
  writeFileSync(
    file,
    ['sources:', '  demo:', '    enabled: true', '    batchSize: 100', 'pipeline:', '  batchSize: 100', 'notify:', '  slack:', '    threshold: 40', '    limit: 1000', '    digestThreshold: 1000', ''].join('\n'),
  );
  return file;
};

interface Snapshot {
  items: unknown[];
  analyses: unknown[];
  scores: unknown[];
  outbox: Array<{ external_id: string; status: string; batch_id: string }>;
  /** Each item's story, named by the external id of the story's first item (ids may differ between databases). */
  stories: unknown[];
  storyOutbox: Array<{ story: string; milestone: string; status: string }>;
}

const snapshot = (dbPath: string): Snapshot => {
  const db = new Database(dbPath, { readonly: true });
  try {
    return {
      items: db.prepare('select source, external_id, content_hash, created_at, likes, reposts, replies, quotes, views, queries from items order by source, external_id').all(),
      analyses: db
        .prepare('select i.external_id, a.category, a.sentiment, a.sentiment_score, a.urgency, a.confidence, a.tags, a.reasoning from analyses a join items i on i.id = a.item_id order by i.external_id')
        .all(),
      scores: db.prepare('select i.external_id, s.salience, s.breakdown from scores s join items i on i.id = s.item_id order by i.external_id').all(),
      outbox: db.prepare('select i.external_id, n.status, n.batch_id from notifications n join items i on i.id = n.item_id order by i.external_id').all() as Snapshot['outbox'],
      stories: db
        .prepare('select i.external_id, s.external_id as story, m.via from story_members m join items i on i.id = m.item_id join items s on s.id = m.story_id order by i.external_id')
        .all(),
      storyOutbox: db
        .prepare('select s.external_id as story, n.milestone, n.status from story_notifications n join items s on s.id = n.story_id order by s.external_id, n.milestone')
        .all() as Snapshot['storyOutbox'],
    };
  } finally {
    db.close();
  }
};

describe('crash safety: SIGKILL at random points, then re-run', () => {
  let slack: FakeServer;
  let reference: Snapshot;
  let referenceMessages: number;
  let referenceMs: number;
  const received: string[] = [];

  beforeAll(async () => {
    // A Slack fake that answers after a short delay, widening the window in which a kill lands mid-send.
    slack = await startFakeServer(async (req, res) => {
      received.push(req.body);
      await new Promise((r) => setTimeout(r, 25));
      res.end('ok');
    });
    const dir = tempDir('harvest-ref-');
    const env = cleanEnv({ HARVEST_CONFIG: writeConfig(dir), HARVEST_DB_PATH: join(dir, 'app.db'), HARVEST_NOW: NOW, SLACK_WEBHOOK_URL: `${slack.url}/services/T/B/ref`, SLACK_ALLOW_INSECURE_LOOPBACK: 'true' });
    const t0 = Date.now();
    const r = await runCli(['pipeline'], { env });
    referenceMs = Date.now() - t0;
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    reference = snapshot(join(dir, 'app.db'));
    referenceMessages = received.length;
    received.length = 0;
  }, 120_000);

  afterAll(async () => {
    await slack.close();
  });

  it(`ends with the same items, analyses, stories and scores after kills in ${ROUNDS} rounds, with no duplicate item and no message sent twice`, async () => {
    expect(reference.items.length).toBeGreaterThan(1000);
    expect(referenceMessages).toBeGreaterThan(5);
    let kills = 0;
    for (let round = 1; round <= ROUNDS; round++) {
      received.length = 0;
      const dir = tempDir('harvest-crash-');
      const db = join(dir, 'app.db');
      const env = cleanEnv({ HARVEST_CONFIG: writeConfig(dir), HARVEST_DB_PATH: db, HARVEST_NOW: NOW, SLACK_WEBHOOK_URL: `${slack.url}/services/T/B/crash${round}`, SLACK_ALLOW_INSECURE_LOOPBACK: 'true' });
      // Kill at a random instant within an uninterrupted run's duration (start-up, fetch, analyze,
      // score, notify) until a run completes; every killed run must leave a state the next resumes.
      let roundKills = 0;
      for (let attempt = 0; attempt < 40; attempt++) {
        const delay = 250 + Math.floor(Math.random() * referenceMs * 0.6);
        const r = await runCli(['pipeline'], { env, killAfterMs: delay });
        if (r.signal !== 'SIGKILL') {
          expect(r.code, r.stderr).toBe(0);
          break;
        }
        roundKills += 1;
      }
      kills += roundKills;
      const final = await runCli(['pipeline'], { env });
      expect(final.code, final.stderr).toBe(0);

      const after = snapshot(db);
      expect(after.items).toEqual(reference.items);
      expect(after.analyses).toEqual(reference.analyses);
      expect(after.scores).toEqual(reference.scores);
      // Every item in one story, and the same stories as the uninterrupted run (ADR 0023).
      expect(after.stories).toHaveLength(reference.items.length);
      expect(after.stories).toEqual(reference.stories);
      // Every item the reference notified is in the outbox once; none is left pending or sending.
      expect(after.outbox.map((o) => o.external_id)).toEqual(reference.outbox.map((o) => o.external_id));
      expect(after.outbox.filter((o) => o.status === 'pending' || o.status === 'sending')).toEqual([]);
      // No message twice: every body received is distinct, and no more arrived than batches claimed.
      expect(new Set(received).size).toBe(received.length);
      // Story messages: the same stories and milestones queued; none left pending or sending.
      expect(after.storyOutbox.map((o) => [o.story, o.milestone])).toEqual(reference.storyOutbox.map((o) => [o.story, o.milestone]));
      expect(after.storyOutbox.filter((o) => o.status === 'pending' || o.status === 'sending')).toEqual([]);
      const storySent = after.storyOutbox.filter((o) => o.status === 'sent').length;
      const storyUnknown = after.storyOutbox.filter((o) => o.status === 'unknown').length;
      // Discovery alerts (issue 16) have their own outbox, once per (item, channel).
      const discovery = new Database(db, { readonly: true }).prepare('select status, count(*) n from discovery_notifications group by status').all() as Array<{ status: string; n: number }>;
      const discoveryOf = (status: string): number => discovery.find((d) => d.status === status)?.n ?? 0;
      const sent = new Set(after.outbox.filter((o) => o.status === 'sent').map((o) => o.batch_id)).size + storySent + discoveryOf('sent');
      const unknown = new Set(after.outbox.filter((o) => o.status === 'unknown').map((o) => o.batch_id)).size + storyUnknown + discoveryOf('unknown');
      expect(received.length).toBeGreaterThanOrEqual(sent);
      expect(received.length).toBeLessThanOrEqual(sent + unknown);
      const runs = new Database(db, { readonly: true }).prepare('select status, count(*) n from pipeline_runs group by status').all();
      console.log(`[crash test] round ${round}: ${roundKills} kills; runs ${JSON.stringify(runs)}; ${received.length} Slack messages for ${sent} sent + ${unknown} unknown batches (reference ${referenceMessages})`);
    }
    console.log(`[crash test] ${kills} SIGKILLs in ${ROUNDS} rounds`);
    expect(kills).toBeGreaterThanOrEqual(ROUNDS);
  }, 600_000);
});
