import type { FastifyError, FastifyInstance } from 'fastify';
import { isAppError, type ErrorCode } from '../domain/errors.js';

const STATUS: Record<ErrorCode, number> = {
  CONFIG_INVALID: 500,
  INPUT_INVALID: 400,
  NOT_FOUND: 404,
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
    const field = v.instancePath ? v.instancePath.replace(/^\//, '').replace(/\//g, '.') : ((v.params as { missingProperty?: string }).missingProperty ?? '');
    return `${where}${field ? `.${field}` : ''}: ${v.message ?? 'is invalid'}`;
  });

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
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send({ error: { code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` } }),
  );
};
