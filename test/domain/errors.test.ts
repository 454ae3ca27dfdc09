import { describe, expect, it } from 'vitest';
import * as errors from '../../src/domain/errors.js';

const FACTORIES: Array<[keyof typeof errors, errors.ErrorCode]> = [
  ['notFound', 'NOT_FOUND'],
  ['conflict', 'CONFLICT'],
  ['gone', 'GONE'],
  ['internalError', 'INTERNAL'],
  ['configError', 'CONFIG_INVALID'],
  ['storeUnavailable', 'STORE_UNAVAILABLE'],
  ['upstreamRateLimited', 'UPSTREAM_RATE_LIMITED'],
  ['upstreamUnavailable', 'UPSTREAM_UNAVAILABLE'],
  ['upstreamRejected', 'UPSTREAM_REJECTED'],
  ['upstreamBadResponse', 'UPSTREAM_BAD_RESPONSE'],
  ['timeoutError', 'TIMEOUT'],
];

describe('named error factories', () => {
  it.each(FACTORIES)('%s makes an AppError with code %s and keeps the options', (name, code) => {
    const make = errors[name] as (m: string, o?: errors.NamedErrorOptions) => errors.AppError;
    const cause = new Error('root');
    const e = make('what happened', { retryable: true, retryAfterSeconds: 7, upstreamStatus: 503, cause });
    expect(e).toBeInstanceOf(errors.AppError);
    expect(e).toMatchObject({ code, message: 'what happened', retryable: true, retryAfterSeconds: 7, upstreamStatus: 503 });
    expect(e.cause).toBe(cause);
    expect(make('plain').retryable).toBe(false);
  });

  it('inputError is a 400 with details', () => {
    expect(errors.inputError('bad', ['a: b'])).toMatchObject({ code: 'INPUT_INVALID', status: 400, details: ['a: b'] });
  });
});
