import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino';

export type Logger = PinoLogger;

export interface LoggerOptions {
  level: string;
  format: 'json' | 'pretty';
  destination?: DestinationStream;
}

/** Paths redacted everywhere: secrets never reach logs. */
export const REDACT_PATHS = [
  'token',
  'apiKey',
  'authorization',
  'headers.authorization',
  '*.token',
  '*.apiKey',
  '*.bearerToken',
  '*.webhookUrl',
  '*.password',
  'webhookUrl',
  'bearerToken',
  'databaseUrl',
  'req.headers["x-api-key"]',
  'headers["x-api-key"]',
  'clientSecret',
  '*.clientSecret',
];

/** Query parameters whose values are credentials: `?apiKey=…`, `?token=…`, `?key=…` and the like. */
const SECRET_QUERY = /^(api[-_]?key|key|token|access[-_]?token|secret|password|auth)$/i;

/** A URL's path and query with the values of credential-like parameters replaced by `[redacted]`. */
export const redactUrl = (url: string): string => {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const parts = url
    .slice(q + 1)
    .split('&')
    .map((pair) => {
      const eq = pair.indexOf('=');
      const name = decodeURIComponentSafe(eq < 0 ? pair : pair.slice(0, eq));
      return eq >= 0 && SECRET_QUERY.test(name) ? `${pair.slice(0, eq)}=[redacted]` : pair;
    });
  return `${url.slice(0, q)}?${parts.join('&')}`;
};

const decodeURIComponentSafe = (s: string): string => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

interface RequestLike {
  method?: string;
  url?: string;
  host?: string;
  ip?: string;
  headers?: Record<string, unknown>;
  socket?: { remotePort?: number };
}

/**
 * Fastify's request serializer with the query string's credentials redacted. Set on the root, it
 * takes precedence over Fastify's own (Fastify merges the root's serializers last).
 */
const reqSerializer = (req: RequestLike): Record<string, unknown> => ({
  method: req.method,
  url: typeof req.url === 'string' ? redactUrl(req.url) : req.url,
  version: req.headers?.['accept-version'],
  host: req.host,
  remoteAddress: req.ip,
  remotePort: req.socket?.remotePort,
});

/** One pino root; components take `log.child({ component })`. Logs go to stderr so stdout stays for output. */
export const createLogger = (opts: LoggerOptions): Logger => {
  const base = { level: opts.level, redact: { paths: REDACT_PATHS, censor: '[redacted]' }, serializers: { req: reqSerializer } };
  if (opts.destination) return pino(base, opts.destination);
  if (opts.format === 'pretty') {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } });
  }
  return pino(base, pino.destination(2));
};

/** A logger that drops everything (tests, benches). */
export const silentLogger = (): Logger => pino({ level: 'silent' });
