/*
 * bench/embeddings.server.ts: the local OpenAI-compatible endpoint over the Universal Sentence
 * Encoder that bench:embeddings measures the embedding weight with, answered through the product's
 * own provider (the OpenAI SDK), with a real model: no fake vectors here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddingServer } from '../../bench/embeddings.server.js';
import { createOpenAiEmbeddings } from '../../src/embeddings/openai.embeddings.js';
import { silentLogger } from '../../src/observability/logger.js';
import { realSleep, systemClock } from '../../src/platform/clock.js';
import { denseDot, unitVector } from '../../src/text/dense.js';

describe('the local embeddings endpoint (bench)', () => {
  let server: Awaited<ReturnType<typeof startEmbeddingServer>>;
  beforeAll(async () => {
    server = await startEmbeddingServer(0);
  }, 60_000);
  afterAll(async () => {
    await server?.close();
  });

  it('answers the product provider with one 512-dimension vector per text, paraphrases nearer than unrelated news', async () => {
    const provider = createOpenAiEmbeddings(
      { apiKey: 'local', baseUrl: server.baseUrl, model: 'use-lite', batchSize: 2, timeoutMs: 60_000, maxAttempts: 1, backoffMs: 0, maxRetryAfterSeconds: 0 },
      { clock: systemClock, sleep: realSleep, log: silentLogger() },
    );
    const texts = ['The login page is broken for everyone this morning', 'Nobody can sign in, the authentication screen just spins', 'New pricing tiers announced for small teams'];
    const v = (await provider.embed(texts)).map((x) => unitVector(x) as Float32Array);
    expect(v.map((x) => x.length)).toEqual([512, 512, 512]);
    expect(denseDot(v[0] as Float32Array, v[1] as Float32Array)).toBeGreaterThan(denseDot(v[0] as Float32Array, v[2] as Float32Array) + 0.1);
  });

  it('refuses a body without texts, naming the problem', async () => {
    const res = await fetch(`${server.baseUrl}/embeddings`, { method: 'POST', body: JSON.stringify({ model: 'use-lite', input: [] }) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { message: string } }).error.message).toBe('`input` must be a string or a non-empty array of strings');
    const notJson = await fetch(`${server.baseUrl}/embeddings`, { method: 'POST', body: '{' });
    expect(notJson.status).toBe(400);
  });
});
