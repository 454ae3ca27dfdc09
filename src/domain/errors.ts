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
