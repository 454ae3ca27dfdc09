import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/output.js';
import { startSlackFake, type SlackFake } from '../fakes/slack-fake.js';
import { ROOT } from '../helpers/cli.js';
import { loopbackHttp } from '../helpers/http.js';
import { tempDir } from '../helpers/stores.js';

/** `harvest notify` in process (the CLI's `run`), against the Slack fake and a temp SQLite store. */
describe('harvest notify: --threshold/--limit override every channel for one run', () => {
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
    const dir = tempDir('harvest-notify-');
    const corpus = join(dir, 'corpus.jsonl');
    writeFileSync(corpus, readFileSync(join(ROOT, 'data/demo/corpus.jsonl'), 'utf8').split('\n').slice(0, 30).join('\n') + '\n');
    const cfg = join(dir, 'settings.yaml');
    writeFileSync(cfg, ['sources:', '  demo:', '    enabled: true', `    file: ${JSON.stringify(corpus)}`, 'notify:', '  slack:', '    digestThreshold: 1000', ''].join('\n'));
    env = { HARVEST_CONFIG: cfg, HARVEST_DB_PATH: join(dir, 'app.db'), LOG_LEVEL: 'silent', HARVEST_NOW: '2026-11-20T12:00:00.000Z' };
  });
  afterAll(async () => {
    await slack.close();
  });

  it('skips without a channel, then sends exactly what the overrides allow', async () => {
    const first = await cli(['pipeline', '--json']);
    expect(first.code, first.err).toBe(0);
    expect((JSON.parse(first.out) as { notify: { reason?: string } }).notify.reason).toMatch(/^Slack is not configured \(set SLACK_WEBHOOK_URL or notify.slack.webhookUrl\)/);

    const withSlack = { SLACK_WEBHOOK_URL: slack.webhookUrl, SLACK_ALLOW_INSECURE_LOOPBACK: 'true' };
    const two = await cli(['notify', '--threshold', '0', '--limit', '2', '--json'], withSlack);
    expect(two.code, two.err).toBe(0);
    expect(JSON.parse(two.out)).toMatchObject({ ok: 2, queued: 2, digests: 0, failed: 0 });
    const three = await cli(['notify', '--threshold', '0', '--limit', '3', '--resend-unknown'], withSlack);
    expect(three.code, three.err).toBe(0);
    expect(three.out).toBe('sent 3 items (0 digests), 0 failed, 0 of unknown delivery\n');
    expect(three.err).toBe('re-queued 0 notifications of unknown delivery\n');
    expect(slack.messages).toHaveLength(5);
  });
});
