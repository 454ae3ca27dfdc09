import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { maskSecrets } from '../../src/config/mask.js';
import { configSchema } from '../../src/config/schema.js';
import { isAppError } from '../../src/domain/errors.js';
import { systemClock } from '../../src/platform/clock.js';
import type { NotifyAlert } from '../../src/notify/notifier.port.js';
import { buildNotifiers, notifyConfigSchema } from '../../src/notify/registry.js';
import { DISCORD_LIMITS } from '../../src/notify/discord/discord.format.js';
import { startFakeServer, type FakeServer, type RecordedRequest } from '../fakes/loopback-server.js';
import { signalRow } from '../helpers/factories.js';
import { loopbackHttp } from '../helpers/http.js';

const single: NotifyAlert = {
  kind: 'single',
  item: signalRow(1, { category: 'security', text: 'Leaked key <script>alert(1)</script> @everyone *bold*', title: 'API key leaked', tags: ['auth'] }),
  threshold: 70,
};
const digest: NotifyAlert = { kind: 'digest', items: Array.from({ length: 12 }, (_, i) => signalRow(i + 1)), total: 30, threshold: 70, dashboardUrl: 'https://harvest.example/' };

const servers: FakeServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const fake = async (status = 204): Promise<FakeServer> => {
  const s = await startFakeServer((_req, res) => {
    res.statusCode = status;
    res.end();
  });
  servers.push(s);
  return s;
};

const deps = { http: loopbackHttp(), clock: systemClock, sleep: async (): Promise<void> => undefined };
const json = (r: RecordedRequest | undefined): Record<string, unknown> => JSON.parse(r?.body ?? 'null') as Record<string, unknown>;

describe('Discord', () => {
  it('posts an embed within Discord limits, mentions disabled, markdown escaped', async () => {
    const s = await fake(204);
    const [n] = buildNotifiers(notifyConfigSchema.parse({ discord: [{ name: 'community', url: `${s.url}/api/webhooks/1/tok`, allowInsecureLoopback: true }] }), deps);
    expect(n?.channel).toBe('discord:community');
    await n?.send(single);
    await n?.send(digest);
    for (const r of s.requests) {
      const body = json(r) as { content: string; embeds: Array<{ title: string; description: string; fields: Array<{ name: string; value: string; inline: boolean }>; color: number; footer?: { text: string } }>; allowed_mentions: { parse: unknown[] } };
      expect(r.headers['content-type']).toBe('application/json');
      expect(body.allowed_mentions).toEqual({ parse: [] });
      expect(body.content.length).toBeLessThanOrEqual(DISCORD_LIMITS.content);
      expect(body.embeds).toHaveLength(1);
      const e = body.embeds[0];
      if (!e) throw new Error('no embed');
      expect(e.title.length).toBeLessThanOrEqual(DISCORD_LIMITS.title);
      expect(e.description.length).toBeLessThanOrEqual(DISCORD_LIMITS.description);
      expect(e.fields.length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
      expect(Number.isInteger(e.color)).toBe(true);
      const total = e.title.length + e.description.length + e.fields.reduce((a, f) => a + f.name.length + f.value.length, 0) + (e.footer?.text.length ?? 0);
      expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    }
    const first = json(s.requests[0]) as { embeds: Array<{ description: string; url: string }> };
    expect(first.embeds[0]?.description).toContain('\\*bold\\*');
    expect(first.embeds[0]?.url).toBe('https://example.invalid/p/1');
  });
});

describe('Teams', () => {
  it('posts a message carrying one Adaptive Card (Workflows shape)', async () => {
    const s = await fake(202);
    const [n] = buildNotifiers(notifyConfigSchema.parse({ teams: [{ name: 'oncall', url: `${s.url}/workflows/abc`, allowInsecureLoopback: true }] }), deps);
    expect(n?.channel).toBe('teams:oncall');
    await expect(n?.send(single)).resolves.toEqual({ statusCode: 202 });
    await n?.send(digest);
    for (const r of s.requests) {
      const body = json(r) as { type: string; attachments: Array<{ contentType: string; contentUrl: null; content: { type: string; version: string; $schema: string; body: Array<{ type: string }>; actions: Array<{ type: string; url: string }> } }> };
      expect(body.type).toBe('message');
      expect(body.attachments).toHaveLength(1);
      const a = body.attachments[0];
      expect(a?.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(a?.contentUrl).toBeNull();
      expect(a?.content.type).toBe('AdaptiveCard');
      expect(a?.content.$schema).toBe('http://adaptivecards.io/schemas/adaptive-card.json');
      expect(a?.content.version).toBe('1.4');
      for (const el of a?.content.body ?? []) expect(['TextBlock', 'FactSet']).toContain(el.type);
      for (const act of a?.content.actions ?? []) expect(act.type).toBe('Action.OpenUrl');
    }
    const card = (json(s.requests[0]) as { attachments: Array<{ content: { body: Array<{ type: string; facts?: Array<{ title: string }> }> } }> }).attachments[0]?.content;
    expect(card?.body.find((b) => b.type === 'FactSet')?.facts?.map((f) => f.title)).toContain('Salience');
  });
});

describe('several Slack webhooks', () => {
  it('each is the channel slack:<name>, posting Block Kit to its own URL; the single Slack webhook stays', async () => {
    const security = await fake(200);
    const oncall = await fake(200);
    const legacy = await fake(200);
    const cfg = notifyConfigSchema.parse({
      slack: {
        webhookUrl: `${legacy.url}/services/T/B/x`,
        allowInsecureLoopback: true,
        webhooks: [
          { name: 'security', url: `${security.url}/services/T/B/s`, allowInsecureLoopback: true },
          { name: 'oncall', url: `${oncall.url}/services/T/B/o`, allowInsecureLoopback: true, threshold: 90 },
        ],
      },
    });
    const notifiers = buildNotifiers(cfg, deps);
    expect(notifiers.map((n) => n.channel)).toEqual(['default', 'slack:security', 'slack:oncall']);
    expect(notifiers[2]?.settings.threshold).toBe(90);
    await notifiers[1]?.send(single);
    expect(security.requests).toHaveLength(1);
    expect(oncall.requests).toHaveLength(0);
    const body = json(security.requests[0]) as { text: string; blocks: unknown[] };
    expect(body.text).toContain('API key leaked');
    expect(body.blocks.length).toBeGreaterThan(0);
  });

  it('refuses a plain-http Slack URL that is not loopback, and a name that collides', () => {
    expect(notifyConfigSchema.safeParse({ slack: { webhooks: [{ name: 'a', url: 'http://hooks.slack.com/services/x' }] } }).success).toBe(false);
    const twice = notifyConfigSchema.parse({ discord: [{ name: 'a', url: 'https://discord.com/api/webhooks/1/x' }, { name: 'a', url: 'https://discord.com/api/webhooks/2/y' }] });
    expect(() => buildNotifiers(twice, deps)).toThrow(/share the outbox key "discord:a"/);
  });
});

describe('e-mail over SMTP', () => {
  it('a real local SMTP server receives plain text and HTML, with the outbox batch as Message-ID and HTML escaped', async () => {
    const received: Array<{ from: string; to: string[]; raw: string }> = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onAuth: (auth, _session, cb) => (auth.username === 'harvest' && auth.password === 'pa55word' ? cb(null, { user: 'harvest' }) : cb(new Error('bad credentials'))),
      allowInsecureAuth: true,
      onData: (stream, session, cb) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          received.push({
            from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
            to: session.envelope.rcptTo.map((r) => r.address),
            raw: Buffer.concat(chunks).toString('utf8'),
          });
          cb();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.server.address() as AddressInfo).port;
    try {
      const cfg = notifyConfigSchema.parse({
        email: [
          {
            name: 'research',
            from: 'harvest@example.com',
            to: ['team@example.com', 'lead@example.com'],
            smtp: { host: '127.0.0.1', port, user: 'harvest', passwordEnv: 'SMTP_PW', allowInsecureLoopback: true },
          },
        ],
      });
      const [n] = buildNotifiers(cfg, { ...deps, env: { SMTP_PW: 'pa55word' } });
      expect(n?.channel).toBe('email:research');
      await expect(n?.send(single, undefined, 'batch-42')).resolves.toEqual({ statusCode: 250 });
      await n?.send(digest, undefined, 'batch-43');
      expect(received).toHaveLength(2);
      const [m] = received;
      expect(m?.from).toBe('harvest@example.com');
      expect(m?.to).toEqual(['team@example.com', 'lead@example.com']);
      const raw = (m?.raw ?? '').replace(/=\r?\n/g, '');
      expect(m?.raw).toMatch(/^Message-ID: <batch-42@signal-harvester>\r?$/m);
      expect(m?.raw).toMatch(/^Subject: =\?UTF-8\?Q\?=5BSignal_Harvester=5D/m);
      expect(raw).toMatch(/Content-Type: multipart\/alternative/);
      expect(raw).toMatch(/Content-Type: text\/plain/);
      expect(raw).toMatch(/Content-Type: text\/html/);
      const html = raw.slice(raw.indexOf('Content-Type: text/html'));
      expect(html).toContain('&lt;script&gt;');
      expect(html).not.toMatch(/<script>alert/);

      // wrong password: a permanent, clear error that does not show the password
      const bad = buildNotifiers(cfg, { ...deps, env: { SMTP_PW: 'wrong-secret' } })[0];
      const err: unknown = await bad?.send(single).then(() => null, (e: unknown) => e);
      expect(isAppError(err) && err.code).toBe('UPSTREAM_REJECTED');
      expect(String((err as Error).message)).not.toContain('wrong-secret');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('requires TLS unless the SMTP host is loopback with allowInsecureLoopback', () => {
    const r = notifyConfigSchema.safeParse({ email: [{ name: 'x', from: 'a@b.c', to: ['d@e.f'], smtp: { host: 'smtp.example.com', allowInsecureLoopback: true } }] });
    expect(r.success).toBe(false);
  });
});

describe('config check masks channel secrets', () => {
  it('never shows webhook secrets, chat webhook URLs or SMTP passwords', () => {
    const secret = 'whsec_c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0';
    const config = configSchema.parse({
      notify: {
        slack: { webhooks: [{ name: 'security', url: 'https://hooks.slack.com/services/T0/B0/slacktoken123' }] },
        webhooks: [{ name: 'ops', url: 'https://example.com/hook', secret, previousSecret: secret.replace('c2', 'd2') }],
        discord: [{ name: 'c', url: 'https://discord.com/api/webhooks/1/discordtoken123' }],
        teams: [{ name: 't', url: 'https://prod.westeurope.logic.azure.com/workflows/teamstoken123' }],
        email: [{ name: 'r', from: 'a@b.c', to: ['d@e.f'], smtp: { host: 'smtp.example.com', user: 'u', password: 'smtppassword123' } }],
      },
    });
    const text = JSON.stringify(maskSecrets(config));
    for (const s of [secret, secret.replace('c2', 'd2'), 'slacktoken123', 'discordtoken123', 'teamstoken123', 'smtppassword123']) expect(text).not.toContain(s);
    expect(text).toContain('https://example.com/hook');
  });
});
