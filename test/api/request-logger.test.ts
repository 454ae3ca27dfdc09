import Fastify, { type FastifyBaseLogger } from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { lazyChildLoggerFactory } from '../../src/api/request-logger.js';
import { createLogger } from '../../src/observability/logger.js';

const capture = (level: string) => {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger({ level, format: 'json', destination: { write: (l: string) => void lines.push(JSON.parse(l) as Record<string, unknown>) } });
  return { log, lines };
};

const appWith = (level: string) => {
  const { log, lines } = capture(level);
  const app = Fastify({ loggerInstance: log as unknown as FastifyBaseLogger, childLoggerFactory: lazyChildLoggerFactory, genReqId: () => 'req-1' });
  app.get('/warn', async (req) => {
    req.log.warn({ thing: 1 }, 'something to see');
    return { ok: true };
  });
  app.get('/quiet', async () => ({ ok: true }));
  return { app, log, lines };
};

describe('the lazy request logger', () => {
  it('creates no child for a request that logs nothing at an enabled level', async () => {
    const { app, log, lines } = appWith('warn');
    const child = vi.spyOn(log, 'child');
    const res = await app.inject({ method: 'GET', url: '/quiet' });
    expect(res.statusCode).toBe(200);
    expect(child).not.toHaveBeenCalled();
    expect(lines).toEqual([]);
  });

  it('writes the lines that are enabled with the request id, as a plain child would', async () => {
    const { app, lines } = appWith('warn');
    await app.inject({ method: 'GET', url: '/warn' });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, reqId: 'req-1', thing: 1, msg: 'something to see' });
  });

  it("keeps Fastify's own request logging when info is enabled", async () => {
    const { app, lines } = appWith('info');
    await app.inject({ method: 'GET', url: '/quiet' });
    const msgs = lines.filter((l) => l.reqId === 'req-1').map((l) => l.msg);
    expect(msgs).toEqual(['incoming request', 'request completed']);
  });

  it('redacts credentials in logged query strings (apiKey, token, key), keeping the rest', async () => {
    const { app, lines } = appWith('info');
    await app.inject({ method: 'GET', url: '/quiet?apiKey=supersecret-123&x=1&token=tok-456&api_key=k3&search=outage' });
    const text = lines.map((l) => JSON.stringify(l)).join('\n');
    expect(text).not.toMatch(/supersecret-123|tok-456|k3&/);
    const incoming = lines.find((l) => l.msg === 'incoming request') as { req: { url: string; method: string } };
    expect(incoming.req).toMatchObject({ method: 'GET', url: '/quiet?apiKey=[redacted]&x=1&token=[redacted]&api_key=[redacted]&search=outage' });
  });
});
