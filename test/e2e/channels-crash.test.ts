import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { startFakeServer, type FakeServer } from '../fakes/loopback-server.js';
import { BIN, cleanEnv, ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const NOW = '2026-11-20T18:30:00.000Z';

/**
 * ADR 0004 extended to every channel (ADR 0027): the real `harvest notify` is SIGKILLed after a
 * webhook receiver got a message and before the process could record it. The re-run must not send
 * that message again (it becomes `unknown`), and must deliver every other one exactly once.
 */
describe('kill between send and commit: a webhook channel never gets the same alert twice', () => {
  const servers: FakeServer[] = [];
  afterAll(async () => {
    for (const s of servers) await s.close();
  });

  it('the in-flight batch becomes unknown, is not re-sent; the rest are sent once', { timeout: 120_000 }, async () => {
    const dir = tempDir('harvest-chcrash-');
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const verifier = new Webhook(secret);
    const ids: string[] = [];
    let killAt = 3;
    let kill: (() => void) | undefined;
    const receiver = await startFakeServer(async (req, res) => {
      verifier.verify(req.body, req.headers as Record<string, string>);
      ids.push(String(req.headers['webhook-id']));
      if (ids.length === killAt) {
        kill?.(); // received, but the sender dies before it can record the answer
        await new Promise((r) => setTimeout(r, 2_000));
      }
      res.statusCode = 204;
      res.end();
    });
    servers.push(receiver);
    const cfg = join(dir, 'settings.yaml');
    writeFileSync(
      cfg,
      [
        'sources:',
        '  demo:',
        '    enabled: true',
        'notify:',
        '  webhooks:',
        `    - { name: ops, url: "${receiver.url}/hook", secret: "${secret}", allowInsecureLoopback: true, threshold: 40, limit: 1000, digestThreshold: 1000 }`,
        '',
      ].join('\n'),
    );
    const env = cleanEnv({ HARVEST_CONFIG: cfg, HARVEST_DB_PATH: join(dir, 'app.db'), HARVEST_NOW: NOW });
    for (const step of ['fetch', 'analyze', 'score']) expect((await runCli([step], { env })).code).toBe(0);

    const killed = await new Promise<{ signal: NodeJS.Signals | null }>((resolve, reject) => {
      const child = spawn(process.execPath, [BIN, 'notify'], { cwd: ROOT, env, stdio: 'ignore' });
      kill = () => child.kill('SIGKILL');
      child.on('error', reject);
      child.on('close', (_code, signal) => resolve({ signal }));
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(ids).toHaveLength(3);
    const inFlight = ids[2];
    killAt = Number.POSITIVE_INFINITY;

    const rerun = await runCli(['notify', '--json'], { env });
    expect(rerun.code, rerun.stderr).toBe(0);
    expect(JSON.parse(rerun.stdout)).toMatchObject({ unknown: 1, failed: 0 });
    expect(new Set(ids).size).toBe(ids.length); // no webhook-id twice
    expect(ids.filter((id) => id === inFlight)).toHaveLength(1);

    const db = new Database(join(dir, 'app.db'), { readonly: true });
    try {
      const rows = db.prepare("select batch_id, status from notifications where channel = 'webhook:ops'").all() as Array<{ batch_id: string; status: string }>;
      expect(rows.length).toBeGreaterThan(5);
      expect(rows.filter((r) => r.status === 'unknown').map((r) => r.batch_id)).toEqual([inFlight]);
      expect(rows.filter((r) => r.status === 'sent')).toHaveLength(rows.length - 1);
      expect(rows.filter((r) => r.status === 'sent').length).toBe(ids.length - 1);
      const logged = db.prepare("select count(*) as n from deliveries where channel = 'webhook:ops' and outcome = 'sent'").get() as { n: number };
      expect(logged.n).toBe(ids.length - 1);
    } finally {
      db.close();
    }
  });
});
