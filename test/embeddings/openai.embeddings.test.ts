/*
 * The OpenAI-compatible embedding provider over real loopback HTTP (no network): batching, request
 * shape, bounded retries on 429/5xx, errors that name the problem and never carry the key, and the
 * cache-first vectors (each distinct text asked once, a second ask served from the cache).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../../src/domain/errors.js';
import { createDenseVectors, createMemoryEmbeddingCache } from '../../src/embeddings/dense-vectors.js';
import { createOpenAiEmbeddings, type OpenAiEmbeddingsOptions } from '../../src/embeddings/openai.embeddings.js';
import { silentLogger } from '../../src/observability/logger.js';
import { fixedClock, type Sleep } from '../../src/platform/clock.js';
import { EMBEDDINGS_FAKE_KEY, hashVector, startEmbeddingsFake, type EmbeddingsFake } from '../fakes/embeddings-fake.js';

const clock = fixedClock(new Date('2026-12-05T06:00:00.000Z'));

let fake: EmbeddingsFake;
let waits: number[];
const sleep: Sleep = async (ms) => void waits.push(ms);

const provider = (over: Partial<OpenAiEmbeddingsOptions> = {}) =>
  createOpenAiEmbeddings(
    { apiKey: EMBEDDINGS_FAKE_KEY, baseUrl: fake.baseUrl, model: 'embed-small', batchSize: 2, timeoutMs: 5000, maxAttempts: 3, backoffMs: 100, maxRetryAfterSeconds: 60, ...over },
    { clock, sleep, log: silentLogger() },
  );

/** The AppError `p` rejects with. */
const failure = async (p: Promise<unknown>): Promise<AppError> => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isAppError(err)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
};

beforeEach(async () => {
  fake = await startEmbeddingsFake();
  waits = [];
});
afterEach(async () => {
  await fake.close();
});

describe('OpenAI-compatible embedding provider', () => {
  it('sends batchSize texts a request with the model and dimensions, and returns one vector per text in order', async () => {
    const texts = ['one', 'two', 'three', 'four', 'five'];
    const vectors = await provider({ dimensions: 8 }).embed(texts);
    expect(fake.bodies.map((b) => b.input)).toEqual([['one', 'two'], ['three', 'four'], ['five']]);
    expect(fake.bodies.every((b) => b.model === 'embed-small' && b.dimensions === 8 && b.encoding_format === 'float')).toBe(true);
    expect(vectors.map((v) => [...v])).toEqual(texts.map((t) => [...Float32Array.from(hashVector(t, 8))]));
  });

  it('names the model with its dimensions, so vectors of another length are cached apart', () => {
    expect(provider().model).toBe('embed-small');
    expect(provider({ dimensions: 256 }).model).toBe('embed-small@256');
  });

  it('retries 5xx with exponential backoff and 429 after its Retry-After, then answers', async () => {
    fake.script({ kind: 'status', status: 500 }, { kind: 'status', status: 503 });
    expect(await provider().embed(['a'])).toHaveLength(1);
    expect(waits).toEqual([100, 200]);
    waits = [];
    fake.script({ kind: 'status', status: 429, retryAfter: '2' });
    expect(await provider().embed(['b'])).toHaveLength(1);
    expect(waits).toEqual([2000]);
  });

  it('gives up after maxAttempts on 500 with an error naming the status, the model and the attempts, without the key', async () => {
    fake.script({ kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const err = await failure(provider().embed(['a']));
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.message).toMatch(/^embeddings: HTTP 500: The server had an error.*\(model embed-small, 3 attempts\)$/);
    expect(fake.bodies).toHaveLength(3);
    expect(err.message).not.toContain(EMBEDDINGS_FAKE_KEY);
  });

  it('does not retry 401; the message says the key was refused and never shows it', async () => {
    const wrongKey = 'sk-wrong-key-9876543210zyxwvuSECRET';
    const err = await failure(provider({ apiKey: wrongKey }).embed(['a']));
    expect(err.code).toBe('UPSTREAM_REJECTED');
    expect(err.message).toContain('HTTP 401: Incorrect API key provided');
    expect(err.message).not.toContain(wrongKey);
    expect(err.message).not.toContain('9876543210');
    expect(fake.bodies).toHaveLength(0);
    expect(waits).toEqual([]);
  });

  it('times out a request that never answers, retries it, and fails with TIMEOUT', async () => {
    fake.script({ kind: 'timeout' }, { kind: 'timeout' });
    const err = await failure(provider({ timeoutMs: 200, maxAttempts: 2 }).embed(['a']));
    expect(err.code).toBe('TIMEOUT');
    expect(err.message).toBe('embeddings: request timed out (model embed-small, 2 attempts)');
    expect(fake.bodies).toHaveLength(2);
  });

  it('refuses a reply with fewer vectors than texts', async () => {
    fake.script({ kind: 'short' });
    const err = await failure(provider({ maxAttempts: 1 }).embed(['a', 'b']));
    expect(err.code).toBe('UPSTREAM_BAD_RESPONSE');
    expect(err.message).toContain('asked for 2 vectors, got 1');
  });
});

describe('dense vectors, cache first', () => {
  it('asks once per distinct text, answers unit vectors, and asks nothing the second time', async () => {
    const dense = createDenseVectors(provider(), createMemoryEmbeddingCache(), () => clock.now().toISOString());
    const { vectors: first, asked } = await dense.vectorsFor(['x', 'y', 'x', 'z']);
    expect(fake.inputs().sort()).toEqual(['x', 'y', 'z']);
    expect(asked).toBe(3);
    expect(first.map((v) => Math.hypot(...(v as Float32Array)))).toEqual(first.map(() => expect.closeTo(1, 5)));
    expect([...(first[0] as Float32Array)]).toEqual([...(first[2] as Float32Array)]);
    const again = await dense.vectorsFor(['z', 'x']);
    expect(fake.bodies).toHaveLength(2);
    expect(again).toEqual({ vectors: [first[3], first[0]], asked: 0 });
  });

  it('caches nothing when the provider fails: the next ask goes to the provider again', async () => {
    const cache = createMemoryEmbeddingCache();
    fake.script({ kind: 'status', status: 500 });
    await expect(createDenseVectors(provider({ maxAttempts: 1 }), cache, () => clock.now().toISOString()).vectorsFor(['x'])).rejects.toThrow(/HTTP 500/);
    expect((await createDenseVectors(provider(), cache, () => clock.now().toISOString()).vectorsFor(['x'])).asked).toBe(1);
    expect(fake.inputs()).toEqual(['x', 'x']);
  });
});
