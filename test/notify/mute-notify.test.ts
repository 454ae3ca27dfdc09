/*
 * Mute rules stop notifications (ADR 0029): after `harvest mute --author X`, `harvest notify` sends a
 * Slack message (to the loopback fake) for every loud unmuted signal and none for X's, which stay
 * stored and scored. In process (the CLI's `run`), on a temp SQLite store.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/output.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { ROOT } from '../helpers/cli.js';
import { loopbackHttp } from '../helpers/http.js';
import { tempDir } from '../helpers/stores.js';

interface Row {
  id: number;
  author: string | null;
  url: string | null;
  salience: number;
}

describe('a muted author is never notified; an unmuted one is', () => {
  let slack: SlackFake;
  let env: NodeJS.ProcessEnv;
  const cli = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> => {
    let out = '';
    let err = '';
    const io: Io = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), isTty: false, columns: 120, stdin: process.stdin };
    const code = await run(args, { io, env: { ...env, ...extraEnv }, cwd: ROOT, compose: { http: loopbackHttp() } });
    return { code, out, err };
  };

  beforeAll(async () => {
    slack = await startSlackFake();
    const dir = tempDir('harvest-mute-notify-');
    const corpus = join(dir, 'corpus.jsonl');
    writeFileSync(corpus, readFileSync(join(ROOT, 'data/demo/corpus.jsonl'), 'utf8').split('\n').slice(0, 40).join('\n') + '\n');
    const cfg = join(dir, 'settings.yaml');
    writeFileSync(cfg, ['sources:', '  demo:', '    enabled: true', `    file: ${JSON.stringify(corpus)}`, 'notify:', '  slack:', '    digestThreshold: 1000',
      // No story messages, so no item is folded into one (ADR 0023): every unmuted signal is an item message here.
      'scoring:', '  stories:', '    notifyMinMembers: 100', ''].join('\n'));
    env = { HARVEST_CONFIG: cfg, HARVEST_DB_PATH: join(dir, 'app.db'), LOG_LEVEL: 'silent', HARVEST_NOW: '2026-11-20T12:00:00.000Z' };
  });
  afterAll(async () => {
    await slack.close();
  });

  it('sends the loud unmuted signals and nothing of the muted author', async () => {
    expect((await cli(['pipeline'])).code).toBe(0);
    const all = JSON.parse((await cli(['top', '--limit', '200', '--json'])).out) as Row[];
    const loudest = all[0]!;
    expect(loudest.author).toBeTruthy();
    const muted = await cli(['mute', '--author', loudest.author!]);
    expect(muted.code, muted.err).toBe(0);
    const mutedIds = new Set((JSON.parse((await cli(['top', '--limit', '200', '--json', '--muted', 'only'])).out) as Row[]).map((r) => r.id));
    expect(mutedIds.has(loudest.id)).toBe(true);
    const unmuted = all.filter((r) => !mutedIds.has(r.id));
    expect(unmuted.length).toBeGreaterThan(0);

    const sent = await cli(['notify', '--threshold', '0', '--limit', '200', '--json'], { SLACK_WEBHOOK_URL: slack.webhookUrl, SLACK_ALLOW_INSECURE_LOOPBACK: 'true' });
    expect(sent.code, sent.err).toBe(0);
    expect(JSON.parse(sent.out)).toMatchObject({ ok: unmuted.length, failed: 0 });
    // Story messages (ADR 0023) go through the story outbox; the item messages are counted here.
    const items = slack.messages.filter((m) => !/^(🧵 New story|📈 Story update)/u.test(m.text));
    expect(items).toHaveLength(unmuted.length);
    const bodies = items.map((m) => JSON.stringify(m));
    for (const r of all.filter((x) => mutedIds.has(x.id) && x.url)) expect(bodies.some((b) => b.includes(r.url!))).toBe(false);
    for (const r of unmuted.filter((x) => x.url)) expect(bodies.some((b) => b.includes(r.url!))).toBe(true);
    const stored = JSON.parse((await cli(['top', '--limit', '1', '--json', '--muted', 'include'])).out) as Row[];
    expect(stored[0]).toMatchObject({ id: loudest.id, salience: loudest.salience });
  });
});
