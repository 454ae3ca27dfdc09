import { isAppError } from '../domain/errors.js';
import type { Metrics, SourceErrorKind } from '../observability/metrics.port.js';
import type { Clock } from '../platform/clock.js';
import type { Source } from './source.port.js';

/** The metrics kind of a source failure (bounded label values). */
export const sourceErrorKind = (err: unknown): SourceErrorKind => {
  if (!isAppError(err)) return 'other';
  switch (err.code) {
    case 'UPSTREAM_RATE_LIMITED':
      return 'rate_limit';
    case 'TIMEOUT':
      return 'timeout';
    case 'UPSTREAM_UNAVAILABLE':
      return /\b5\d\d\b/.test(err.message) ? 'http' : 'network';
    case 'UPSTREAM_BAD_RESPONSE':
      return 'parse';
    case 'UPSTREAM_REJECTED':
      return err.status === 401 ? 'auth' : 'http';
    default:
      return 'other';
  }
};

/**
 * A source that reports to the Metrics port: items per yielded batch (`sourceFetched`), a
 * completed run (`sourceSuccess`), a failed one (`sourceError` by kind). Rate-limit responses are
 * reported where they are seen (shared/source-http.ts).
 */
export const instrumentSource = (source: Source, metrics: Metrics, clock: Clock): Source => ({
  name: source.name,
  async *fetch(ctx) {
    try {
      for await (const batch of source.fetch(ctx)) {
        metrics.sourceFetched(source.name, batch.items.length);
        yield batch;
      }
    } catch (err) {
      metrics.sourceError(source.name, sourceErrorKind(err));
      throw err;
    }
    metrics.sourceSuccess(source.name, Math.floor(clock.now().getTime() / 1000));
  },
});
