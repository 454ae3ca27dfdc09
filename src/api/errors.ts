import type { FastifyError, FastifyInstance } from 'fastify';
import { isAppError, type ErrorCode } from '../domain/errors.js';

const STATUS: Record<ErrorCode, number> = {
  CONFIG_INVALID: 500,
  INPUT_INVALID: 400,
  NOT_FOUND: 404,
  CONFLICT: 409,
  GONE: 410,
  STORE_UNAVAILABLE: 503,
  UPSTREAM_RATE_LIMITED: 503,
  UPSTREAM_UNAVAILABLE: 503,
  UPSTREAM_REJECTED: 502,
  UPSTREAM_BAD_RESPONSE: 502,
  TIMEOUT: 504,
  INTERNAL: 500,
};

/** Names the offending field of an Ajv validation error, e.g. `querystring.limit must be <= 200`. */
const describeValidation = (err: FastifyError): string[] =>
  (err.validation ?? []).map((v) => {
    const where = err.validationContext ?? 'request';
    const p = v.params as { missingProperty?: string; additionalProperty?: string; allowedValues?: unknown[] };
    const path = v.instancePath ? v.instancePath.replace(/^\//, '').replace(/\//g, '.') : '';
    const field = [path, p.missingProperty ?? p.additionalProperty].filter(Boolean).join('.');
    // An enum error names what is allowed (`status: must be equal to one of the allowed values (active, paused, …)`).
    const allowed = v.keyword === 'enum' && Array.isArray(p.allowedValues) ? ` (${p.allowedValues.join(', ')})` : '';
    return `${where}${field ? `.${field}` : ''}: ${v.message ?? 'is invalid'}${allowed}`;
  });

/**
 * Ajv's query-string coercion turns "Infinity" or "1e309" into a number and lets it through
 * integer and range checks; after validation, any non-finite number in the query, params or body is
 * rejected here, naming the field (the fuzz test found this).
 */
const nonFiniteField = (part: string, value: unknown): string | undefined => {
  if (value === null || typeof value !== 'object') return undefined;
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    if (typeof v === 'number' && !Number.isFinite(v)) return `${part}.${key}`;
    if (Array.isArray(v) && v.some((x) => typeof x === 'number' && !Number.isFinite(x))) return `${part}.${key}`;
  }
  return undefined;
};

/**
 * The one error handler: validation → 400 naming the field; AppError → its code's status;
 * anything else → 500 with internals hidden (logged with the request id).
 */
export const registerErrorHandling = (app: FastifyInstance): void => {
  app.setErrorHandler((err: FastifyError, request, reply) => {
    if (err.validation) {
      const details = describeValidation(err);
      return reply.status(400).send({ error: { code: 'INPUT_INVALID', message: details[0] ?? err.message, details } });
    }
    if (isAppError(err)) {
      const status = STATUS[err.code];
      if (status >= 500) request.log.error({ code: err.code, err: err.message }, 'request failed');
      const message = status >= 500 && err.code === 'INTERNAL' ? 'internal error' : err.message;
      return reply.status(status).send({ error: { code: err.code, message, details: err.details.length > 0 ? [...err.details] : undefined } });
    }
    const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status >= 500) {
      request.log.error({ err }, 'unhandled error');
      return reply.status(500).send({ error: { code: 'INTERNAL', message: 'internal error' } });
    }
    return reply.status(status).send({ error: { code: err.code ?? 'BAD_REQUEST', message: err.message } });
  });
  app.addHook('preHandler', async (request, reply) => {
    const field = nonFiniteField('querystring', request.query) ?? nonFiniteField('params', request.params) ?? nonFiniteField('body', request.body);
    if (field) {
      const message = `${field}: must be a finite number`;
      return reply.status(400).send({ error: { code: 'INPUT_INVALID', message, details: [message] } });
    }
    return undefined;
  });
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );
};
