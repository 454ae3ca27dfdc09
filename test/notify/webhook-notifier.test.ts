import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { isAppError, type AppError } from '../../src/domain/errors.js';
import { fixedClock, systemClock, type Clock } from '../../src/platform/clock.js';
import { webhookConfigSchema } from '../../src/notify/webhook/webhook.config.js';
import { createWebhookNotifier } from '../../src/notify/webhook/webhook.notifier.js';
import type { Notifier, NotifyAlert } from '../../src/notify/notifier.port.js';
import { startFakeServer, type FakeServer } from '../fakes/loopback-server.js';
import { startWebhookReceiver, type WebhookReceiver } from '../fakes/webhook-receiver.js';
import { signalRow } from '../helpers/factories.js';
import { loopbackHttp } from '../helpers/http.js';

const newSecret = (): string => `whsec_${randomBytes(24).toString('base64')}`;
const single: NotifyAlert = { kind: 'single', item: signalRow(1, { category: 'security', text: 'token leak in the public repo' }), threshold: 70 };
const digest: NotifyAlert = { kind: 'digest', items: [signalRow(1), signalRow(2)], total: 7, threshold: 70, dashboardUrl: 'https://harvest.example/' };

const servers: FakeServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const receiver = async (secret: string, status?: () => number): Promise<WebhookReceiver> => {
  const r = await startWebhookReceiver(secret, status);
  servers.push(r);
  return r;
};

const notifier = (over: Record<string, unknown>, clock: Clock = systemClock, env: NodeJS.ProcessEnv = {}): Notifier =>
  createWebhookNotifier(webhookConfigSchema.parse({ name: 'ops', allowInsecureLoopback: true, ...over }), {
    http: loopbackHttp(),
    clock: systemClock,
    signingClock: clock,
    sleep: async () => undefined,
    env,
  });

const sendError = async (n: Notifier, alert: NotifyAlert = single): Promise<AppError> => {
  const err: unknown = await n.send(alert, undefined, 'batch-err').then(
    () => new Error('expected send to reject'),
    (e: unknown) => e,
  );
  if (!isAppError(err)) throw err;
  return err;
};

describe('Standard Webhooks channel', () => {
  it('signs {type, timestamp, data} so the standardwebhooks package verifies it; webhook-id is the outbox batch id', async () => {
    const secret = newSecret();
    const r = await receiver(secret);
    const n = notifier({ url: r.hookUrl, secret });
    expect(n.channel).toBe('webhook:ops');
    await expect(n.send(single, undefined, 'batch-1')).resolves.toEqual({ statusCode: 204 });
    await n.send(digest, undefined, 'batch-2');
    expect(r.refused).toEqual([]);
    expect(r.verified.map((e) => [e.id, e.type])).toEqual([
      ['batch-1', 'signal.alert'],
      ['batch-2', 'digest'],
    ]);
    const [s, d] = r.verified;
    expect((s?.data.signal as { category: string; text: string }).category).toBe('security');
    expect((s?.data.signal as { text: string }).text).toBe('token leak in the public repo');
    expect(d?.data.total).toBe(7);
    expect((d?.data.items as unknown[]).length).toBe(2);
    expect(Date.parse(String(s?.timestamp))).not.toBeNaN();
    const headers = r.requests[0]?.headers ?? {};
    expect(headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/=]+$/);
    expect(headers['webhook-timestamp']).toMatch(/^\d+$/);
  });

  it('the receiver rejects a tampered body and an old timestamp', async () => {
    const secret = newSecret();
    const r = await receiver(secret);
    await notifier({ url: r.hookUrl, secret }).send(single, undefined, 'b1');
    const sent = r.requests[0];
    if (!sent) throw new Error('nothing received');
    const tampered = sent.body.replace('token leak', 'all good');
    const pick = (h: string): string => String(sent.headers[h]);
    const headers = { 'content-type': 'application/json', 'webhook-id': pick('webhook-id'), 'webhook-timestamp': pick('webhook-timestamp'), 'webhook-signature': pick('webhook-signature') };
    const replay = await fetch(r.hookUrl, { method: 'POST', headers, body: tampered });
    expect(replay.status).toBe(401);
    expect(r.refused.at(-1)?.reason).toMatch(/signature/i);

    // a sender whose clock is an hour behind: the timestamp is outside the 5-minute tolerance
    const old = notifier({ url: r.hookUrl, secret }, fixedClock(new Date(Date.now() - 3_600_000)));
    const err = await sendError(old);
    expect(err.code).toBe('UPSTREAM_REJECTED');
    expect(err.upstreamStatus).toBe(401);
    expect(r.refused.at(-1)?.reason).toMatch(/timestamp/i);
    expect(r.verified).toHaveLength(1);
  });

  it('during a rotation both secrets sign: receivers on the old and on the new secret both verify', async () => {
    const oldSecret = newSecret();
    const nextSecret = newSecret();
    const onOld = await receiver(oldSecret);
    const onNew = await receiver(nextSecret);
    for (const r of [onOld, onNew]) {
      await notifier({ url: r.hookUrl, secretEnv: 'OPS_WEBHOOK_SECRET', previousSecret: oldSecret }, systemClock, { OPS_WEBHOOK_SECRET: nextSecret }).send(single, undefined, 'rot');
      expect(r.verified.map((e) => e.id)).toEqual(['rot']);
      expect(String(r.requests[0]?.headers['webhook-signature']).split(' ')).toHaveLength(2);
    }
    // after the rollover, the old secret alone no longer verifies
    const afterRollover = await receiver(oldSecret);
    await sendError(notifier({ url: afterRollover.hookUrl, secret: nextSecret }));
    expect(afterRollover.refused).toHaveLength(1);
  });

  it('the documented verification snippet verifies a delivery', async () => {
    const secret = newSecret();
    const r = await receiver(secret);
    await notifier({ url: r.hookUrl, secret }).send(single, undefined, 'doc');
    const req = r.requests[0];
    if (!req) throw new Error('nothing received');
    // README "Verifying webhooks": new Webhook(secret).verify(rawBody, headers)
    const event = new Webhook(secret).verify(req.body, req.headers as Record<string, string>) as { type: string };
    expect(event.type).toBe('signal.alert');
  });
});

describe('webhook safety', () => {
  const secret = newSecret();

  it('refuses http to a non-loopback host, and http to loopback without allowInsecureLoopback', () => {
    const parse = (o: Record<string, unknown>): string => {
      const r = webhookConfigSchema.safeParse({ name: 'x', secret, ...o });
      return r.success ? 'ok' : r.error.issues.map((i) => i.message).join('; ');
    };
    expect(parse({ url: 'http://example.com/hook', allowInsecureLoopback: true })).toMatch(/https/);
    expect(parse({ url: 'http://127.0.0.1:9000/hook' })).toMatch(/allowInsecureLoopback/);
    expect(parse({ url: 'http://127.0.0.1:9000/hook', allowInsecureLoopback: true })).toBe('ok');
    expect(parse({ url: 'https://example.com/hook' })).toBe('ok');
    expect(parse({ url: 'ftp://example.com/hook' })).toMatch(/https/);
    expect(parse({ url: 'https://example.com/hook', secret: undefined })).toMatch(/secret or secretEnv/);
    expect(parse({ url: 'https://example.com/hook', secret: 'hunter2' })).toMatch(/whsec_/);
    expect(webhookConfigSchema.safeParse({ name: 'Ops', url: 'https://example.com/h', secret }).success).toBe(false);
  });

  it('does not follow a redirect to another origin', async () => {
    const target = await receiver(secret);
    const redirector = await startFakeServer((_req, res) => {
      res.statusCode = 307;
      res.setHeader('location', target.hookUrl.replace('127.0.0.1', 'localhost'));
      res.end();
    });
    servers.push(redirector);
    const err = await sendError(notifier({ url: `${redirector.url}/hook`, secret }));
    expect(err.code).toBe('UPSTREAM_REJECTED');
    expect(err.retryable).toBe(false);
    expect(err.message).toMatch(/another origin/);
    expect(target.requests).toHaveLength(0);
  });

  it('caps the response body it reads', async () => {
    const big = await startFakeServer((_req, res) => {
      res.statusCode = 200;
      res.end('x'.repeat(1024 * 1024));
    });
    servers.push(big);
    const err = await sendError(notifier({ url: `${big.url}/hook`, secret }));
    expect(err.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(err.message).toMatch(/size cap/);
  });

  it('410 Gone fails with GONE (the notify pass disables the channel); 503 is retried then left retryable', async () => {
    const goneR = await receiver(secret, () => 410);
    const g = await sendError(notifier({ url: goneR.hookUrl, secret }));
    expect(g.code).toBe('GONE');
    expect(g.retryable).toBe(false);
    expect(goneR.requests).toHaveLength(1);

    const down = await receiver(secret, () => 503);
    const d = await sendError(notifier({ url: down.hookUrl, secret, maxAttempts: 3 }));
    expect(d.retryable).toBe(true);
    expect(d.upstreamStatus).toBe(503);
    expect(down.requests).toHaveLength(3);
  });

  it('never puts the secret in an error', async () => {
    const down = await receiver(newSecret());
    const err = await sendError(notifier({ url: down.hookUrl, secret }));
    expect([err.message, JSON.stringify(err), ...err.details].join('\n')).not.toContain(secret.slice(6));
    expect(() => notifier({ url: down.hookUrl, secretEnv: 'MISSING_SECRET_VAR' })).toThrow(/MISSING_SECRET_VAR is not set/);
  });
});
