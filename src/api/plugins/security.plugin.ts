import cors, { type FastifyCorsOptions } from '@fastify/cors';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import fp from 'fastify-plugin';
import type { Redis } from 'ioredis';
import { buildKeyRing, denial, identify, isHealthPath, pathListed, requestPath, type ApiKeyRole } from './auth.js';
import { registerRateLimit } from './rate-limit.js';

export { keyMatches, type ApiKeyRole } from './auth.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by the security plugin on every request before any handler runs. */
    apiKeyRole: ApiKeyRole;
    /** A fingerprint of the caller's key (sha-256 prefix, never the key), when one was accepted: who labelled. */
    apiKeyId: string | undefined;
  }
}

export interface SecurityOptions {
  /** Keys allowed on every route and method. */
  adminKeys: readonly string[];
  /** Keys allowed on GET/HEAD only; a write with a read key → 403. */
  readKeys: readonly string[];
  /**
   * Paths that never need a key (exact, or a prefix when the entry ends with '/'; '/' alone is
   * exact): e.g. ['/health', '/health/', '/metrics/prometheus', '/docs', '/docs/', '/openapi.json'].
   */
  openPaths: readonly string[];
  rateLimit: { anonymousPerMinute: number; keyedPerMinute: number };
  /** Allowed browser origins, matched exactly; empty = no CORS headers for any origin. */
  corsOrigins: readonly string[];
  /** An ioredis client; when given, rate-limit counters live in Redis so replicas share them. */
  redis?: Redis;
  /** Prefix of the Redis rate-limit keys (default `signal-harvester:rate-limit:`). */
  redisNamespace?: string;
}

type ErrorBody = { error: { code: string; message: string } };
const errorBody = (code: string, message: string): ErrorBody => ({ error: { code, message } });

/** Exposed so browser clients can read their limits. */
const RATE_LIMIT_HEADERS = ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'];

/**
 * Helmet's defaults with a CSP spelled out: same-origin scripts only (Swagger UI at /docs and the
 * dashboard load theirs from files), inline styles allowed (Swagger UI sets style attributes),
 * data: images and fonts, no framing. `upgrade-insecure-requests` is left out because a
 * self-hosted instance is often served over plain HTTP on a LAN, where it would break assets.
 */
export const HELMET_OPTIONS: HelmetOptions = {
  contentSecurityPolicy: {
    useDefaults: false,
    directives: {
      'default-src': ["'self'"],
      'base-uri': ["'self'"],
      'connect-src': ["'self'"],
      'font-src': ["'self'", 'data:'],
      'form-action': ["'self'"],
      'frame-ancestors': ["'none'"],
      'img-src': ["'self'", 'data:'],
      'object-src': ["'none'"],
      'script-src': ["'self'"],
      'script-src-attr': ["'none'"],
      'style-src': ["'self'", "'unsafe-inline'"],
    },
  },
  frameguard: { action: 'deny' },
};

/**
 * The headers helmet sets for these options, computed once. Helmet's headers do not depend on the
 * request (no CSP nonces here), and @fastify/helmet rebuilt helmet's middleware — parsing the CSP
 * directives — on every request: a tenth of the API's CPU under load (docs/bench/api.md).
 */
export const securityHeaders = (options: HelmetOptions): Readonly<Record<string, string>> => {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: (name: string) => {
      delete headers[name];
    },
  };
  helmet(options)({} as IncomingMessage, res as unknown as ServerResponse, (err?: unknown) => {
    if (err) throw err;
  });
  return Object.freeze(headers);
};

const corsOptions = (origins: readonly string[]): FastifyCorsOptions => {
  if (origins.length === 0) return { origin: false };
  const allowed = new Set(origins);
  return {
    // A function keeps matching exact: a '*' entry is not a wildcard here.
    origin: (origin, callback) => callback(null, origin !== undefined && allowed.has(origin)),
    methods: ['GET', 'POST', 'PATCH', 'DELETE'],
    allowedHeaders: ['X-API-Key', 'Content-Type'],
    exposedHeaders: RATE_LIMIT_HEADERS,
    credentials: false,
    maxAge: 600,
  };
};

/** Routes opt out of rate limiting with `config: { rateLimit: false }`; health probes always do. */
const rateLimitExempt = (request: FastifyRequest, path: string): boolean =>
  isHealthPath(path) || request.routeOptions.config?.rateLimit === false;

const security: FastifyPluginAsync<SecurityOptions> = async (app, opts) => {
  const ring = buildKeyRing(opts.adminKeys, opts.readKeys);
  const openMode = ring.admin.length === 0 && ring.read.length === 0;
  if (openMode) app.log.warn('security: no API keys configured, every route is open (single-user local mode)');

  // Order matters: helmet and CORS headers are set before auth can reject, and CORS answers
  // preflights (which carry no key) before the auth hook below runs.
  const headers = securityHeaders(HELMET_OPTIONS);
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
  // With no allowed origin there is nothing for CORS to add: browsers refuse cross-origin reads
  // without an Access-Control-Allow-Origin, and preflights get no approval.
  if (opts.corsOrigins.length > 0) await app.register(cors, corsOptions(opts.corsOrigins));

  const keyBuckets = new WeakMap<FastifyRequest, string>();
  const limit = await registerRateLimit(app, {
    ...opts.rateLimit,
    redis: opts.redis,
    redisNamespace: opts.redisNamespace,
    keyBucket: (request) => keyBuckets.get(request),
  });

  app.decorateRequest('apiKeyRole', 'anonymous');
  app.decorateRequest('apiKeyId', undefined);

  // Authenticate, then rate limit by the resulting bucket, then reject: failed attempts are
  // counted against the caller's IP, so guessing keys is rate limited too.
  app.addHook('onRequest', async (request, reply) => {
    const path = requestPath(request.url);
    const identity = openMode ? { role: 'anonymous' as const } : identify(request.headers['x-api-key'], ring);
    request.apiKeyRole = identity.role;
    request.apiKeyId = identity.keyId;
    if (identity.keyId !== undefined) keyBuckets.set(request, `key:${identity.keyId}`);

    if (!rateLimitExempt(request, path) && (await limit(request, reply))) return reply;
    if (openMode || pathListed(path, opts.openPaths)) return;

    const denied = denial(identity, request.method);
    if (denied === undefined) return;
    return reply.code(denied.status).send(errorBody(denied.code, denied.message));
  });
};

/** API keys, rate limits, CORS and security headers for the whole app (register it before routes). */
export const securityPlugin: FastifyPluginAsync<SecurityOptions> = fp(security, {
  name: 'signal-harvester-security',
  fastify: '5.x',
});
