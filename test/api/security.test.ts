import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type InjectOptions, type LightMyRequestResponse } from 'fastify';
import { Redis } from 'ioredis';
import { pino } from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { keyMatches, securityPlugin, type SecurityOptions } from '../../src/api/plugins/security.plugin.js';

const ADMIN = 'admin-key-5f1c7a9e2b4d6f80';
const READ = 'read-key-9a8b7c6d5e4f3a2b1c';
const WRONG = 'wrong-key-0000111122223333';
const ALLOWED_ORIGIN = 'https://dash.example.com';
const TEST_REDIS_URL = process.env.TEST_REDIS_URL;

const baseOptions: SecurityOptions = {
  adminKeys: [ADMIN],
  readKeys: [READ],
  openPaths: ['/health', '/health/', '/openapi.json'],
  rateLimit: { anonymousPerMinute: 100, keyedPerMinute: 1000 },
  corsOrigins: [ALLOWED_ORIGIN],
};

const apps: FastifyInstance[] = [];
afterAll(async () => {
  await Promise.all(apps.map((app) => app.close()));
});

/** A real Fastify app: the security plugin plus a few dummy routes. */
const buildApp = async (overrides: Partial<SecurityOptions> = {}, logLines?: string[]): Promise<FastifyInstance> => {
  const sink = new Writable({ write(chunk: Buffer, _encoding, done) { logLines?.push(chunk.toString('utf8')); done(); } });
  const logger: FastifyBaseLogger = pino({ level: logLines ? 'trace' : 'silent' }, sink);
  const app = Fastify({ loggerInstance: logger });
  apps.push(app);
  await app.register(securityPlugin, { ...baseOptions, ...overrides });
  app.get('/items', async (request) => ({ items: [], role: request.apiKeyRole }));
  app.post('/signals', async (request) => ({ ok: true, role: request.apiKeyRole }));
  app.get('/health/live', async () => ({ status: 'ok' }));
  app.get('/openapi.json', async (request) => ({ openapi: '3.1.0', role: request.apiKeyRole }));
  app.get('/stream', { config: { rateLimit: false } }, async () => ({ ok: true }));
  await app.ready();
  return app;
};

const call = (app: FastifyInstance, method: 'GET' | 'POST' | 'HEAD', url: string, key?: string, extra: Partial<InjectOptions> = {}): Promise<LightMyRequestResponse> =>
  app.inject({ method, url, headers: key === undefined ? {} : { 'x-api-key': key }, ...(method === 'POST' ? { payload: {} } : {}), ...extra });

describe('keyMatches (constant-time compare)', () => {
  const keys = ['first-key-aaaaaaaaaaaa', 'second-key-bbbbbbbbbbbb'];
  it.each([
    ['an exact match of the first key', 'first-key-aaaaaaaaaaaa', true],
    ['an exact match of the last key', 'second-key-bbbbbbbbbbbb', true],
    ['a prefix', 'first-key-aaaa', false],
    ['a longer string', 'first-key-aaaaaaaaaaaaX', false],
    ['the empty string', '', false],
    ['a different case', 'FIRST-KEY-AAAAAAAAAAAA', false],
    ['a non-ASCII string of another byte length', 'first-key-ääää', false],
  ])('%s → %s', (_name, presented, expected) => {
    expect(keyMatches(presented, keys)).toBe(expected);
  });

  it('compares hashes, so keys of any length never throw (timingSafeEqual alone would)', () => {
    expect(() => keyMatches('x', ['a much longer configured key than x'])).not.toThrow();
    expect(keyMatches('x'.repeat(10_000), ['x'])).toBe(false);
  });

  it('never matches with no keys or an empty configured key', () => {
    expect(keyMatches('anything-at-all-123', [])).toBe(false);
    expect(keyMatches('', [''])).toBe(false);
  });
});

describe('API keys', () => {
  it('open mode (no keys configured) lets every route and method through as anonymous', async () => {
    const app = await buildApp({ adminKeys: [], readKeys: [] });
    const get = await call(app, 'GET', '/items');
    const post = await call(app, 'POST', '/signals');
    expect([get.statusCode, post.statusCode]).toEqual([200, 200]);
    expect(post.json()).toEqual({ ok: true, role: 'anonymous' });
  });

  it('rejects a missing key with 401', async () => {
    const app = await buildApp();
    const res = await call(app, 'GET', '/items');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'missing X-API-Key header' } });
  });

  it('rejects a wrong key with 401', async () => {
    const app = await buildApp();
    const res = await call(app, 'GET', '/items', WRONG);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'UNAUTHENTICATED', message: 'invalid API key' } });
  });

  it('requires a key on unknown paths too (no route discovery)', async () => {
    const app = await buildApp();
    expect((await call(app, 'GET', '/nope')).statusCode).toBe(401);
    expect((await call(app, 'GET', '/nope', ADMIN)).statusCode).toBe(404);
  });

  it('lets an admin key write', async () => {
    const app = await buildApp();
    const res = await call(app, 'POST', '/signals', ADMIN);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true, role: 'admin' });
  });

  it('lets a read key GET and HEAD but not write (403)', async () => {
    const app = await buildApp();
    const get = await call(app, 'GET', '/items', READ);
    expect(get.statusCode).toBe(200);
    expect(get.json()).toEqual({ items: [], role: 'read' });
    expect((await call(app, 'HEAD', '/items', READ)).statusCode).toBe(200);
    const post = await call(app, 'POST', '/signals', READ);
    expect(post.statusCode).toBe(403);
    expect(post.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'this API key is read-only' } });
  });

  it('reads the header name case-insensitively', async () => {
    const app = await buildApp();
    const res = await app.inject({ method: 'GET', url: '/items', headers: { 'X-API-KEY': ADMIN } });
    expect(res.statusCode).toBe(200);
  });

  it('needs no key on open paths (exact and prefix) and still recognises a valid key there', async () => {
    const app = await buildApp();
    expect((await call(app, 'GET', '/health/live')).statusCode).toBe(200);
    expect((await call(app, 'GET', '/openapi.json?x=1')).statusCode).toBe(200);
    expect((await call(app, 'GET', '/openapi.json', WRONG)).json()).toMatchObject({ role: 'anonymous' });
    expect((await call(app, 'GET', '/openapi.json', READ)).json()).toMatchObject({ role: 'read' });
  });

  it('does not treat look-alike paths as open', async () => {
    const app = await buildApp();
    for (const url of ['/health/%2e%2e/items', '/health/../items', '//health/live', '/items?next=/health/']) {
      expect((await call(app, 'GET', url)).statusCode, url).toBe(401);
    }
  });

  it('refuses an empty configured key at startup', async () => {
    await expect(buildApp({ adminKeys: [''] })).rejects.toThrow(/empty key/);
  });

  it('never echoes or logs a presented key', async () => {
    const lines: string[] = [];
    const app = await buildApp({}, lines);
    const responses = [
      await call(app, 'POST', '/signals', ADMIN),
      await call(app, 'POST', '/signals', READ),
      await call(app, 'GET', '/items', WRONG),
      await call(app, 'GET', '/items', READ),
    ];
    expect(responses.map((r) => r.statusCode)).toEqual([200, 403, 401, 200]);
    expect(lines.length).toBeGreaterThan(0);
    const seen = [...lines, ...responses.map((r) => `${r.body}${JSON.stringify(r.headers)}`)].join('\n');
    for (const key of [ADMIN, READ, WRONG]) expect(seen).not.toContain(key);
  });
});

describe('rate limits (in-process store)', () => {
  const limits = { anonymousPerMinute: 3, keyedPerMinute: 5 };

  it('answers the 4th anonymous request in a minute with 429, Retry-After and X-RateLimit-*', async () => {
    const app = await buildApp({ rateLimit: limits });
    const first = [];
    for (let i = 0; i < 3; i += 1) first.push(await call(app, 'GET', '/openapi.json'));
    expect(first.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect(first.map((r) => r.headers['x-ratelimit-remaining'])).toEqual(['2', '1', '0']);
    const res = await call(app, 'GET', '/openapi.json');
    expect(res.statusCode).toBe(429);
    expect(res.json()).toEqual({ error: { code: 'RATE_LIMITED', message: expect.stringMatching(/retry in \d+ seconds/) } });
    expect(res.headers['x-ratelimit-limit']).toBe('3');
    expect(res.headers['x-ratelimit-remaining']).toBe('0');
    expect(Number(res.headers['x-ratelimit-reset'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(Number(res.headers['retry-after'])).toBeLessThanOrEqual(60);
  });

  it('gives a keyed client its own, larger bucket (same IP), and other IPs their own', async () => {
    const app = await buildApp({ rateLimit: limits });
    for (let i = 0; i < 4; i += 1) await call(app, 'GET', '/openapi.json');
    expect((await call(app, 'GET', '/openapi.json')).statusCode).toBe(429);
    const keyed = await call(app, 'GET', '/items', ADMIN);
    expect(keyed.statusCode).toBe(200);
    expect(keyed.headers['x-ratelimit-limit']).toBe('5');
    expect(keyed.headers['x-ratelimit-remaining']).toBe('4');
    const otherIp = await call(app, 'GET', '/openapi.json', undefined, { remoteAddress: '10.9.8.7' });
    expect(otherIp.statusCode).toBe(200);
  });

  it('counts failed key attempts against the IP, so guessing keys is limited', async () => {
    const app = await buildApp({ rateLimit: limits });
    const statuses = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await call(app, 'GET', '/items', `${WRONG}${i}`)).statusCode);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });

  it('fails open (and warns) when the Redis store is unreachable', async () => {
    // Never connects: every command fails at once, as during a Redis outage.
    const redis = new Redis({ host: '127.0.0.1', port: 1, lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 0 });
    const lines: string[] = [];
    try {
      const app = await buildApp({ redis, rateLimit: limits }, lines);
      for (let i = 0; i < 5; i += 1) {
        const res = await call(app, 'GET', '/items', ADMIN);
        expect(res.statusCode).toBe(200);
        expect(res.headers['x-ratelimit-limit']).toBeUndefined();
      }
      expect(lines.filter((line) => line.includes('rate-limit store unavailable'))).toHaveLength(1);
    } finally {
      redis.disconnect();
    }
  });

  it('exempts health probes and routes with config.rateLimit false', async () => {
    const app = await buildApp({ rateLimit: limits, adminKeys: [], readKeys: [] });
    for (let i = 0; i < 10; i += 1) {
      const res = await call(app, 'GET', '/health/live');
      expect(res.statusCode).toBe(200);
      expect(res.headers['x-ratelimit-limit']).toBeUndefined();
    }
    for (let i = 0; i < 5; i += 1) expect((await call(app, 'GET', '/stream')).statusCode).toBe(200);
    expect((await call(app, 'GET', '/items')).headers['x-ratelimit-remaining']).toBe('2');
  });
});

describe('CORS and security headers', () => {
  it('reflects an allowed origin, also on a 401 so the browser can read it', async () => {
    const app = await buildApp();
    const ok = await call(app, 'GET', '/items', ADMIN, { headers: { origin: ALLOWED_ORIGIN, 'x-api-key': ADMIN } });
    expect(ok.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(String(ok.headers['access-control-expose-headers'])).toContain('Retry-After');
    const denied = await call(app, 'GET', '/items', undefined, { headers: { origin: ALLOWED_ORIGIN } });
    expect(denied.statusCode).toBe(401);
    expect(denied.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
  });

  it('sends no Access-Control-Allow-Origin to a disallowed origin, nor to any origin when the list is empty', async () => {
    const app = await buildApp({ corsOrigins: [ALLOWED_ORIGIN, '*'] });
    const res = await call(app, 'GET', '/items', undefined, { headers: { origin: 'https://evil.example', 'x-api-key': ADMIN } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const closed = await buildApp({ corsOrigins: [] });
    const none = await call(closed, 'GET', '/items', undefined, { headers: { origin: ALLOWED_ORIGIN, 'x-api-key': ADMIN } });
    expect(none.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers an allowed preflight without a key, listing X-API-Key and the methods', async () => {
    const app = await buildApp();
    const res = await app.inject({
      method: 'OPTIONS',
      url: '/signals',
      headers: { origin: ALLOWED_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-api-key,content-type' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED_ORIGIN);
    expect(res.headers['access-control-allow-methods']).toBe('GET, POST, PATCH, DELETE');
    expect(res.headers['access-control-allow-headers']).toBe('X-API-Key, Content-Type');
  });

  it('sets helmet headers on every response, including errors', async () => {
    const app = await buildApp();
    for (const res of [await call(app, 'GET', '/items', ADMIN), await call(app, 'GET', '/items')]) {
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("style-src 'self' 'unsafe-inline'");
      expect(csp).not.toContain('upgrade-insecure-requests');
    }
  });
});

if (!TEST_REDIS_URL) {
  console.warn('[security suite] TEST_REDIS_URL is not set: SKIPPING the shared Redis rate-limit test (two instances, one limit).');
}

describe.skipIf(!TEST_REDIS_URL)('rate limits shared through Redis', () => {
  const nameSpace = `sh-test:security:${process.pid}:${randomBytes(4).toString('hex')}:`;
  const clients: Redis[] = [];

  afterAll(async () => {
    const [client] = clients;
    if (client) {
      const keys = await client.keys(`${nameSpace}*`);
      if (keys.length > 0) await client.del(...keys);
    }
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('two instances on two ports share one limit', async () => {
    const urls: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const redis = new Redis(TEST_REDIS_URL as string, { maxRetriesPerRequest: 1 });
      clients.push(redis);
      const app = await buildApp({ redis, redisNamespace: nameSpace, rateLimit: { anonymousPerMinute: 3, keyedPerMinute: 3 } });
      urls.push(await app.listen({ port: 0, host: '127.0.0.1' }));
    }
    const [a, b] = urls as [string, string];
    const get = (base: string): Promise<Response> => fetch(`${base}/items`, { headers: { 'x-api-key': ADMIN } });

    const first = [await get(a), await get(b), await get(a)];
    expect(first.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(first.map((r) => r.headers.get('x-ratelimit-remaining'))).toEqual(['2', '1', '0']);
    for (const base of [b, a]) {
      const res = await get(base);
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(await res.json()).toMatchObject({ error: { code: 'RATE_LIMITED' } });
    }

    // Counters are keyed by a hash prefix of the key, never the key itself.
    const stored = await (clients[0] as Redis).keys(`${nameSpace}*`);
    expect(stored).toEqual([expect.stringMatching(new RegExp(`^${nameSpace}key:[0-9a-f]{16}$`))]);
    expect(stored.join()).not.toContain(ADMIN);
  });
});
