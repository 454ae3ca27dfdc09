import rateLimit, { normalizeIP } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';

export interface RateLimitSettings {
  anonymousPerMinute: number;
  keyedPerMinute: number;
  /** Shared counters for every replica; without it counters live in this process. */
  redis?: Redis;
  /** Prefix of the Redis keys holding the counters. */
  redisNamespace?: string;
  /** Bucket of a request presenting a valid key (`key:<sha256 prefix>`), if any. */
  keyBucket: (request: FastifyRequest) => string | undefined;
}

/** Counts the request; returns true when it replied 429 (the caller stops the request). */
export type Limiter = (request: FastifyRequest, reply: FastifyReply) => Promise<boolean>;

export const DEFAULT_REDIS_NAMESPACE = 'signal-harvester:rate-limit:';
const WINDOW_MS = 60_000;
/** A slow or unreachable Redis must not stall every request: give up and let the request through. */
const STORE_TIMEOUT_MS = 1_000;
const STORE_WARN_EVERY_MS = 60_000;

export const rateLimitedBody = (seconds: number): { error: { code: 'RATE_LIMITED'; message: string } } => ({
  error: { code: 'RATE_LIMITED', message: `rate limit exceeded, retry in ${seconds} seconds` },
});

const withTimeout = <T>(promise: Promise<T>, ms: number): Promise<T> => new Promise<T>((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error(`rate-limit store did not answer within ${ms} ms`)), ms);
  timer.unref();
  promise.then(
    (value) => { clearTimeout(timer); resolve(value); },
    (error: unknown) => { clearTimeout(timer); reject(error instanceof Error ? error : new Error(String(error))); },
  );
});

/**
 * Registers @fastify/rate-limit without its per-route hooks and returns a limiter the security
 * hook calls after authentication, so it knows which bucket (key or IP) a request belongs to.
 */
export const registerRateLimit = async (app: FastifyInstance, settings: RateLimitSettings): Promise<Limiter> => {
  await app.register(rateLimit, {
    global: false,
    timeWindow: WINDOW_MS,
    keyGenerator: (request) => settings.keyBucket(request) ?? `ip:${normalizeIP(request.ip)}`,
    max: (_request, bucket) => (bucket.startsWith('key:') ? settings.keyedPerMinute : settings.anonymousPerMinute),
    ...(settings.redis ? { redis: settings.redis, nameSpace: settings.redisNamespace ?? DEFAULT_REDIS_NAMESPACE } : {}),
    // Only used by routes declaring their own `config.rateLimit`; the shared error handler maps the code.
    errorResponseBuilder: (_request, context) =>
      Object.assign(new Error(rateLimitedBody(Math.ceil(context.ttl / 1000)).error.message), { statusCode: 429, code: 'RATE_LIMITED' }),
  });
  const check = app.createRateLimit();
  let lastWarnAt = -Infinity;

  return async (request, reply) => {
    let result: Awaited<ReturnType<typeof check>>;
    try {
      result = await withTimeout(check(request), STORE_TIMEOUT_MS);
    } catch (err) {
      // Fail open: an outage of the shared store must not take the API down with it.
      if (Date.now() - lastWarnAt >= STORE_WARN_EVERY_MS) {
        lastWarnAt = Date.now();
        request.log.warn({ err }, 'rate-limit store unavailable; requests are not being limited');
      }
      return false;
    }
    if (result.isAllowed) return false;
    reply
      .header('x-ratelimit-limit', result.max)
      .header('x-ratelimit-remaining', result.remaining)
      .header('x-ratelimit-reset', result.ttlInSeconds);
    if (!result.isExceeded) return false;
    reply.header('retry-after', result.ttlInSeconds).code(429).send(rateLimitedBody(result.ttlInSeconds));
    return true;
  };
};
