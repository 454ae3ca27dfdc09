import { isAppError } from '../domain/errors.js';
import type { SourceName } from '../domain/item.js';
import type { Logger } from '../observability/logger.js';
import type { PartOutcome } from '../sources/source.port.js';
import type { PipelineDeps } from './deps.js';

/**
 * Credentials by shape, masked as a second line of defence (sources already redact the secrets
 * they hold): Authorization schemes, `token=`/`key=` parameters, GitHub and X token formats, URL
 * user-info.
 */
const CREDENTIAL_SHAPES: readonly RegExp[] = [
  /\b(Bearer|Basic|token)\s+[A-Za-z0-9._~+/=%-]{8,}/gi,
  /\b((?:access_)?token|api_?key|client_secret|password)=[^&\s]+/gi,
  /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})\b/g,
  /(\w+:\/\/)[^/@\s]+@/g,
];

/** The message stored as a source's last error: code and message, one line, bounded, credentials masked. */
export const healthMessage = (err: unknown): string => {
  let text = isAppError(err) ? `${err.code}: ${err.message}` : err instanceof Error ? err.message : String(err);
  text = text
    .replace(CREDENTIAL_SHAPES[0] as RegExp, '$1 [redacted]')
    .replace(CREDENTIAL_SHAPES[1] as RegExp, '$1=[redacted]')
    .replace(CREDENTIAL_SHAPES[2] as RegExp, '[redacted]')
    .replace(CREDENTIAL_SHAPES[3] as RegExp, '$1[redacted]@');
  return text.replace(/\s+/g, ' ').trim().slice(0, 1000);
};

/** The instant a rate limit on `failure` ends, or null when it is no rate limit. */
const limitedUntil = (failure: unknown, now: Date): string | null => {
  const limitedFor = isAppError(failure) && failure.code === 'UPSTREAM_RATE_LIMITED' ? failure.retryAfterSeconds : undefined;
  return limitedFor === undefined ? null : new Date(now.getTime() + limitedFor * 1000).toISOString();
};

/**
 * Stores one source run's outcome (per-source health, `harvest sources`): each part's outcome,
 * then the source's: a success; a partial run (it failed, but some part delivered: `degraded`,
 * last success set, no source-wide rate limit: the failing parts carry their errors); or a failure. A store error here is logged, never thrown: health is
 * bookkeeping and must not fail the fetch it describes.
 */
export const recordSourceHealth = async (
  deps: Pick<PipelineDeps, 'store' | 'clock'>,
  source: SourceName,
  fetched: number,
  failure: unknown,
  log: Logger,
  parts: readonly PartOutcome[] = [],
): Promise<void> => {
  const now = deps.clock.now();
  const at = now.toISOString();
  try {
    await deps.store.sourceState.recordParts(
      source,
      at,
      parts.map((p) => ({ key: p.key, fetchedCount: p.fetched, error: p.error === undefined ? null : healthMessage(p.error) })),
    );
    if (failure === undefined) {
      await deps.store.sourceState.recordSuccess(source, at, fetched);
      return;
    }
    if (parts.some((p) => p.error === undefined)) {
      await deps.store.sourceState.recordPartial(source, at, fetched, healthMessage(failure));
      return;
    }
    await deps.store.sourceState.recordFailure(source, at, healthMessage(failure), limitedUntil(failure, now));
  } catch (err) {
    log.warn({ err: healthMessage(err) }, 'could not record source health');
  }
};
