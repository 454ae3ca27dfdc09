import Database from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

/*
 * The demo corpus's outage wave (Mon 16 Nov 14:05, 95 posts, most in the first hour) is a real spike:
 * the demo records it, `harvest spikes` shows it, and it reaches Slack exactly once.
 */
describe('demo: the outage wave is a spike, shown and alerted once', () => {
  let slack: SlackFake;
  let dir: string;
  beforeAll(async () => {
    slack = await startSlackFake();
    dir = tempDir('harvest-spikes-demo-');
  });
  afterAll(async () => {
    await slack.close();
  });

  it('records, shows and alerts the wave', async () => {
    const db = join(dir, 'demo.db');
    const env = cleanEnv({ HARVEST_DB_PATH: db, SLACK_WEBHOOK_URL: slack.webhookUrl, SLACK_ALLOW_INSECURE_LOOPBACK: 'true' });
    const demo = await runCli(['demo', '--no-serve', '--json'], { env });
    expect(demo.code, demo.stderr).toBe(0);

    const rows = new Database(db, { readonly: true });
    // The corpus is shifted to end now: its first item marks 13 Nov 18:00, the wave is 2 days 20 h later.
    const first = rows.prepare("select min(created_at) as t from items where source = 'demo'").get() as { t: string };
    const wave = Date.parse(first.t) + (2 * 24 + 20) * 3_600_000;
    const outage = rows.prepare("select id, started_at, hour_count from spikes where series_key = 'category:outage' order by started_at").all() as Array<{ id: number; started_at: string; hour_count: number }>;
    const waveSpikes = outage.filter((s) => Math.abs(Date.parse(s.started_at) - wave) < 90 * 60_000);
    expect(waveSpikes, JSON.stringify(outage)).toHaveLength(1);
    expect(waveSpikes[0]!.hour_count).toBeGreaterThanOrEqual(10);
    const alerts = rows.prepare("select status, attempts from spike_alerts where spike_id = ?").all(waveSpikes[0]!.id) as Array<{ status: string; attempts: number }>;
    expect(alerts).toEqual([{ status: 'sent', attempts: 1 }]);
    rows.close();

    const spikeMessages = slack.messages.filter((m) => m.text.startsWith('Spike — category outage'));
    expect(spikeMessages.length).toBe(outage.length);
    expect(new Set(spikeMessages.map((m) => m.text)).size).toBe(spikeMessages.length);

    const shown = await runCli(['spikes', '--hours', '400', '--series', 'category:outage', '--json'], { env });
    expect(shown.code, shown.stderr).toBe(0);
    const listed = JSON.parse(shown.stdout) as Array<{ startedAt: string; explanation: string }>;
    expect(listed.map((s) => s.startedAt)).toContain(waveSpikes[0]!.started_at);
    expect(listed.find((s) => s.startedAt === waveSpikes[0]!.started_at)!.explanation).toMatch(/^category outage: \d+ mentions in the last hour, usually [\d.]+ ± [\d.]+ at this hour \(p [<=] [\d.]+\)$/);
  });
});
