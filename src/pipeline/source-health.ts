import { isAppError } from '../domain/errors.js';
import type { SourceName } from '../domain/item.js';
import type { Logger } from '../observability/logger.js';
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

/**
 * Stores one source run's outcome (per-source health, `harvest sources`). A store error here is
 * logged, never thrown: health is bookkeeping and must not fail the fetch it describes.
 */
export const recordSourceHealth = async (deps: Pick<PipelineDeps, 'store' | 'clock'>, source: SourceName, fetched: number, failure: unknown, log: Logger): Promise<void> => {
  const now = deps.clock.now();
  try {
    if (failure === undefined) {
      await deps.store.sourceState.recordSuccess(source, now.toISOString(), fetched);
      return;
    }
    const limitedFor = isAppError(failure) && failure.code === 'UPSTREAM_RATE_LIMITED' ? failure.retryAfterSeconds : undefined;
    const until = limitedFor === undefined ? null : new Date(now.getTime() + limitedFor * 1000).toISOString();
    await deps.store.sourceState.recordFailure(source, now.toISOString(), healthMessage(failure), until);
  } catch (err) {
    log.warn({ err: healthMessage(err) }, 'could not record source health');
  }
};
