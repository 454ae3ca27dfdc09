import { afterEach, describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.js';
import { createFetchHttpClient } from '../../src/platform/http.js';
import { startApiFake, type ApiFake } from '../fakes/api-fake.js';

let fake: ApiFake | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const client = (opts: Parameters<typeof createFetchHttpClient>[0] = {}) => createFetchHttpClient({ allowHosts: ['127.0.0.1', 'localhost'], defaultTimeoutMs: 2000, ...opts });
const failure = async (p: Promise<unknown>): Promise<AppError> => {
  try {
    await p;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected a failure');
};

describe('the shared HTTP client (src/platform/http.ts)', () => {
  it('caps the response size, by Content-Length or while streaming', async () => {
    fake = await startApiFake();
    fake.route('/big', () => ({ body: 'x'.repeat(5000) }));
    const err = await failure(client({ maxBytes: 1024 }).request({ url: `${fake.url}/big` }));
    expect(err.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(err.message).toMatch(/more than 1024 bytes \(response-size cap\)/);
    const ok = await client().request({ url: `${fake.url}/big`, maxBytes: 10_000 });
    expect(ok.body).toHaveLength(5000);
    expect(ok.bytes?.byteLength).toBe(5000);
  });

  it('follows redirects up to the bound, re-checking each host and dropping credentials across origins', async () => {
    fake = await startApiFake();
    const other = await startApiFake();
    try {
      fake.route('/loop', (req) => ({ status: 302, headers: { location: `/loop?n=${Number(req.params.get('n') ?? 0) + 1}` } }));
      const err = await failure(client({ maxRedirects: 3 }).request({ url: `${fake.url}/loop` }));
      expect(err.message).toMatch(/redirected more than 3 times/);
      expect(fake.requests).toHaveLength(4);

      fake.route('/moved', () => ({ status: 301, headers: { location: `${other.url.replace('127.0.0.1', 'localhost')}/here` } }));
      other.route('/here', () => ({ body: 'arrived' }));
      const res = await client().request({ url: `${fake.url}/moved`, headers: { authorization: 'Bearer secret' } });
      expect(res.body).toBe('arrived');
      expect(res.url).toMatch(/\/here$/);
      expect(other.requests[0]?.headers.authorization).toBeUndefined();

      fake.route('/form', () => ({ status: 303, headers: { location: '/done' } }));
      fake.route('/done', (req) => ({ body: `${req.method} ${req.body.length}` }));
      expect((await client().request({ method: 'POST', url: `${fake.url}/form`, body: 'a=1' })).body).toBe('GET 0');

      fake.route('/away', () => ({ status: 302, headers: { location: 'http://example.org/' } }));
      expect((await failure(client().request({ url: `${fake.url}/away` }))).message).toMatch(/unexpected host example\.org/);
    } finally {
      await other.close();
    }
  });
});
