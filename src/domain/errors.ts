/** Stable error codes; the API maps them to HTTP statuses, the CLI to messages and exit codes. */
export type ErrorCode =
  | 'CONFIG_INVALID'
  | 'INPUT_INVALID'
  | 'NOT_FOUND'
  | 'CONFLICT'
  | 'GONE'
  | 'STORE_UNAVAILABLE'
  | 'UPSTREAM_RATE_LIMITED'
  | 'UPSTREAM_UNAVAILABLE'
  | 'UPSTREAM_REJECTED'
  | 'UPSTREAM_BAD_RESPONSE'
  | 'TIMEOUT'
  | 'INTERNAL';

export interface AppErrorOptions {
  retryable?: boolean;
  /** The HTTP status to reply with when this error reaches the API. */
  status?: number;
  /** The status an upstream service (a source, a provider) answered with; never our reply's. */
  upstreamStatus?: number;
  cause?: unknown;
  /** Seconds after which a retry may succeed (rate limits). */
  retryAfterSeconds?: number;
  details?: readonly string[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly retryable: boolean;
  readonly status: number | undefined;
  readonly upstreamStatus: number | undefined;
  readonly retryAfterSeconds: number | undefined;
  readonly details: readonly string[];

  constructor(code: ErrorCode, message: string, opts: AppErrorOptions = {}) {
    super(message, opts.cause === undefined ? undefined : { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.status = opts.status;
    this.upstreamStatus = opts.upstreamStatus;
    this.retryAfterSeconds = opts.retryAfterSeconds;
    this.details = opts.details ?? [];
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

/** Input the user gave us is wrong; nothing was changed. */
export const inputError = (message: string, details: readonly string[] = []): AppError =>
  new AppError('INPUT_INVALID', message, { status: 400, details });

/** Options of a named error: everything but the code, which the factory's name fixes. */
export type NamedErrorOptions = AppErrorOptions;

const named =
  (code: ErrorCode) =>
  (message: string, opts: NamedErrorOptions = {}): AppError =>
    new AppError(code, message, opts);

/*
 * Named factories, one per stable code (as Outline's NotFoundError → not_found): call sites say what
 * went wrong, never spell a code. The API maps each code to its HTTP status in one place (api/errors.ts).
 */
/** The thing asked for does not exist (API 404). */
export const notFound = named('NOT_FOUND');
/** The request clashes with the current state: a run or job already active, a duplicate (API 409). */
export const conflict = named('CONFLICT');
/** The thing existed and is gone for good (API 410). */
export const gone = named('GONE');
/** A bug or an impossible state; its message is never shown to API clients (API 500). */
export const internalError = named('INTERNAL');
/** The configuration is wrong (CLI exit 2). */
export const configError = named('CONFIG_INVALID');
/** The database cannot be reached (API 503; retryable). */
export const storeUnavailable = named('STORE_UNAVAILABLE');
/** An upstream API answered 429 or said to slow down; `retryAfterSeconds` when it said how long. */
export const upstreamRateLimited = named('UPSTREAM_RATE_LIMITED');
/** An upstream API could not be reached or answered 5xx. */
export const upstreamUnavailable = named('UPSTREAM_UNAVAILABLE');
/** An upstream API refused the request (4xx other than 429): credentials, permissions, a bad query. */
export const upstreamRejected = named('UPSTREAM_REJECTED');
/** An upstream API answered something we cannot read (not JSON, not a feed, the wrong shape). */
export const upstreamBadResponse = named('UPSTREAM_BAD_RESPONSE');
/** An outbound call or a run took longer than allowed. */
export const timeoutError = named('TIMEOUT');
