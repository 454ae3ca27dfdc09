import type { SourceErrorKind } from './metrics.port.js';

/**
 * The metrics kind of a source failure from its AppError code and message (the fetch stage records
 * `CODE: message` in the run log, so a stored run maps to the same kinds).
 */
export const errorKindOf = (code: string, message: string): SourceErrorKind => {
  switch (code) {
    case 'UPSTREAM_RATE_LIMITED':
      return 'rate_limit';
    case 'TIMEOUT':
      return 'timeout';
    case 'UPSTREAM_BAD_RESPONSE':
    case 'INPUT_INVALID':
      return 'parse';
    case 'UPSTREAM_REJECTED':
      return /\b40[13]\b|token|refused access|unauthori[sz]ed|forbidden/i.test(message) ? 'auth' : 'http';
    case 'UPSTREAM_UNAVAILABLE':
      return /\b5\d\d\b/.test(message) ? 'http' : 'network';
    default:
      return 'other';
  }
};

/** The kind of a run-log error string `CODE: message` (anything else is `other`). */
export const errorKindOfText = (text: string): SourceErrorKind => {
  const m = /^([A-Z_]+): ([\s\S]*)$/.exec(text);
  return m ? errorKindOf(m[1] as string, m[2] as string) : 'other';
};
