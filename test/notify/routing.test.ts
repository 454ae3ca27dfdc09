import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/output.js';
import type { Category } from '../../src/domain/analysis.js';
import { buildNotifiers, notifyConfigSchema } from '../../src/notify/registry.js';
import { createRouter, matches, type RouteRule } from '../../src/notify/routing.js';
import { notifyChannel } from '../../src/notify/notify.service.js';
import { silentLogger } from '../../src/observability/logger.js';
import { fixedClock, systemClock } from '../../src/platform/clock.js';
import type { Store } from '../../src/store/store.port.js';
import { startFakeServer, type FakeServer } from '../fakes/loopback-server.js';
import { startWebhookReceiver } from '../fakes/webhook-receiver.js';
import { ROOT } from '../helpers/cli.js';
import { analysis, heuristicProvenance, newItem } from '../helpers/factories.js';
import { loopbackHttp } from '../helpers/http.js';
import { storeTargets, tempDir } from '../helpers/stores.js';

const AT = '2026-11-20T12:00:00.000Z';

/** Items with these categories (and tags), all loud enough to notify; returns their ids in order. */
const seed = async (store: Store, cats: Array<[Category, string[]]>): Promise<number[]> => {
  await store.saveFetchBatch('demo', cats.map((_, i) => newItem(i + 1)));
  const items = await store.pendingAnalysis(0, 100);
  const byExt = new Map(items.map((it) => [it.externalId, it]));
  const ordered = cats.map((_, i) => byExt.get(`ext-${i + 1}`)).filter((it) => it !== undefined);
  await store.saveAnalyses(ordered.map((it, i) => ({ itemId: it.id, contentHash: it.contentHash, result: analysis({ category: cats[i]?.[0], tags: cats[i]?.[1] }), provenance: heuristicProvenance, analyzedAt: AT })));
  await store.saveScores(ordered.map((it, i) => ({ itemId: it.id, salience: 95 - i, breakdown: {} as never, scoredAt: AT })));
  return ordered.map((it) => it.id);
};

const ROUTES = [
  { name: 'security', match: { categories: ['security'] }, channels: ['slack:security'] },
  { name: 'outages', match: { categories: ['outage'] }, channels: ['slack:oncall'] },
  { name: 'research digest', match: { tags: ['paper'] }, channels: ['webhook:research'] },
];

describe('routing rules (pure)', () => {
  const rules: RouteRule[] = notifyConfigSchema.parse({ slack: { webhooks: [{ name: 'a', url: 'https://hooks.slack.com/services/a' }] }, routes: [{ name: 'r', match: { minScore: 50, sources: ['x'] }, channels: ['slack:a'] }] }).routes;
  it('ANDs the keys of a rule, ORs a list, first rule wins, default route otherwise', () => {
    expect(matches({ categories: ['bug', 'outage'], minScore: 80 }, { kind: 'signal', category: 'outage', tags: [], source: 'x', score: 81 })).toBe(true);
    expect(matches({ categories: ['bug', 'outage'], minScore: 80 }, { kind: 'signal', category: 'outage', tags: [], source: 'x', score: 79 })).toBe(false);
    expect(matches({ tags: ['Checkout'] }, { kind: 'signal', category: 'bug', tags: ['checkout'], source: 'x', score: 1 })).toBe(true);
    expect(matches({ minStorySize: 3 }, { kind: 'signal', category: 'bug', tags: [], source: 'x', score: 90 })).toBe(false);
    expect(matches({ minStorySize: 3 }, { kind: 'story', category: 'bug', tags: [], sources: ['x'], score: 90, size: 4 })).toBe(true);
    expect(matches({ spikeSeries: ['category:outage'] }, { kind: 'spike', series: 'category:outage', score: 90 })).toBe(true);
    expect(matches({ spikeSeries: ['category:outage'] }, { kind: 'signal', category: 'outage', tags: [], source: 'x', score: 90 })).toBe(false);
    const router = createRouter(
      [
        { name: 'first', match: { categories: ['outage'] }, channels: ['a'] },
        { name: 'second', match: { minScore: 0 }, channels: ['b'] },
      ],
      ['c'],
    );
    expect(router.route({ kind: 'signal', category: 'outage', tags: [], source: 'x', score: 5 })).toEqual({ rule: 'first', channels: ['a'] });
    expect(router.route({ kind: 'spike', series: 's', score: 5 }).rule).toBe('second');
    expect(createRouter([], undefined).route({ kind: 'spike', series: 's', score: 5 })).toEqual({ rule: 'all', channels: null });
    expect(rules[0]?.name).toBe('r');
  });

  it('refuses a route naming a channel that is not configured', () => {
    const r = notifyConfigSchema.safeParse({ routes: [{ name: 'x', match: {}, channels: ['slack:nope'] }], defaultRoute: ['email:nope'] });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.message).join('\n')).toMatch(/"slack:nope", which is not configured[\s\S]*defaultRoute names channel "email:nope"/);
  });
});

describe.each(storeTargets())('routing through the outbox on $name', (target) => {
  let store: Store;
  const servers: FakeServer[] = [];
  beforeEach(async () => {
    store = await target.open(fixedClock(new Date(AT)));
  });
  afterEach(async () => {
    await store.close();
    for (const s of servers.splice(0)) await s.close();
  });

  it('a security item goes only to the security channel, an outage only to on-call, the rest to the default route', async () => {
    const ok = async (): Promise<FakeServer> => {
      const s = await startFakeServer((_r, res) => {
        res.end('ok');
      });
      servers.push(s);
      return s;
    };
    const security = await ok();
    const oncall = await ok();
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const research = await startWebhookReceiver(secret);
    const general = await startWebhookReceiver(secret);
    servers.push(research, general);
    const cfg = notifyConfigSchema.parse({
      slack: {
        webhooks: [
          { name: 'security', url: `${security.url}/s`, allowInsecureLoopback: true, threshold: 0 },
          { name: 'oncall', url: `${oncall.url}/o`, allowInsecureLoopback: true, threshold: 0 },
        ],
      },
      webhooks: [
        { name: 'research', url: research.hookUrl, secret, allowInsecureLoopback: true, threshold: 0 },
        { name: 'general', url: general.hookUrl, secret, allowInsecureLoopback: true, threshold: 0 },
      ],
      routes: ROUTES,
      defaultRoute: ['webhook:general'],
    });
    const ids = await seed(store, [
      ['security', ['auth']],
      ['outage', ['checkout']],
      ['research', ['paper']],
      ['praise', ['ui']],
    ]);
    const notifiers = buildNotifiers(cfg, { http: loopbackHttp(), clock: systemClock, sleep: async () => undefined });
    for (const n of notifiers) await notifyChannel({ outbox: store.outbox, clock: systemClock, log: silentLogger() }, n);
    const slackIds = (s: FakeServer): string[] => s.requests.map((r) => (JSON.parse(r.body) as { text: string }).text);
    expect(security.requests).toHaveLength(1);
    expect(slackIds(security)[0]).toMatch(/security/i);
    expect(oncall.requests).toHaveLength(1);
    expect(slackIds(oncall)[0]).toMatch(/outage/i);
    expect(research.verified.map((e) => (e.data.signal as { id: number }).id)).toEqual([ids[2]]);
    expect(general.verified.map((e) => (e.data.signal as { id: number }).id)).toEqual([ids[3]]);
    // a second pass sends nothing more anywhere
    for (const n of notifiers) await notifyChannel({ outbox: store.outbox, clock: systemClock, log: silentLogger() }, n);
    expect(security.requests.length + oncall.requests.length + research.requests.length + general.requests.length).toBe(4);
  });
});

describe('harvest notify --dry-run and config check show the rule each top item takes', () => {
  it('prints one line per item with its rule and channels, and sends nothing', async () => {
    const dir = tempDir('harvest-routes-');
    const cfgFile = join(dir, 'settings.yaml');
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    writeFileSync(
      cfgFile,
      [
        'sources:',
        '  demo:',
        '    enabled: true',
        `    file: ${JSON.stringify(join(ROOT, 'data/demo/corpus.jsonl'))}`,
        'notify:',
        '  slack:',
        '    webhooks:',
        '      - { name: security, url: "https://hooks.slack.com/services/T/B/securitytoken" }',
        '      - { name: oncall, url: "https://hooks.slack.com/services/T/B/oncalltoken" }',
        '  webhooks:',
        `    - { name: general, url: "https://example.com/hook", secret: "${secret}" }`,
        '  routes:',
        '    - { name: security, match: { categories: [security] }, channels: ["slack:security"] }',
        '    - { name: outages, match: { categories: [outage] }, channels: ["slack:oncall"] }',
        '  defaultRoute: ["webhook:general"]',
        '',
      ].join('\n'),
    );
    const env = { HARVEST_CONFIG: cfgFile, HARVEST_DB_PATH: join(dir, 'app.db'), LOG_LEVEL: 'silent', HARVEST_NOW: '2026-11-20T12:00:00.000Z' };
    const cli = async (args: string[]): Promise<{ code: number; out: string; err: string }> => {
      let out = '';
      let err = '';
      const io: Io = { out: (t) => void (out += `${t}\n`), err: (t) => void (err += `${t}\n`), isTty: false, columns: 120, stdin: process.stdin };
      // any real send would leave loopback and fail the allow-list: dry-run must not send
      const code = await run(args, { io, env, cwd: ROOT, compose: { http: loopbackHttp() } });
      return { code, out, err };
    };
    for (const step of [['fetch'], ['analyze'], ['score']]) expect((await cli(step)).code).toBe(0);
    const dry = await cli(['notify', '--dry-run', '--limit', '30', '--json']);
    expect(dry.code, dry.err).toBe(0);
    const lines = JSON.parse(dry.out) as Array<{ category: string; rule: string; channels: string[] }>;
    expect(lines.length).toBeGreaterThan(5);
    for (const l of lines) {
      if (l.category === 'security') expect(l).toMatchObject({ rule: 'security', channels: ['slack:security'] });
      else if (l.category === 'outage') expect(l).toMatchObject({ rule: 'outages', channels: ['slack:oncall'] });
      else expect(l).toMatchObject({ rule: 'default', channels: ['webhook:general'] });
    }
    expect(lines.some((l) => l.category === 'outage')).toBe(true);
    const text = await cli(['notify', '--dry-run']);
    expect(text.out).toMatch(/^#\d+ {2}\w+ {2}demo {2}[\d.]+ {2}rule "[^"]+" → /m);

    const check = await cli(['config', 'check']);
    expect(check.code, check.err).toBe(0);
    expect(check.err).toMatch(/routes of the current top 10 items:\n#\d+/);
    expect(check.out + check.err).not.toContain('securitytoken');
    expect(check.out + check.err).not.toContain(secret);
  });
});
