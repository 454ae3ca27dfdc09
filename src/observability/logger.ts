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

/** One pino root; components take `log.child({ component })`. Logs go to stderr so stdout stays for output. */
export const createLogger = (opts: LoggerOptions): Logger => {
  const base = { level: opts.level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } };
  if (opts.destination) return pino(base, opts.destination);
  if (opts.format === 'pretty') {
    return pino({ ...base, transport: { target: 'pino-pretty', options: { destination: 2, colorize: true } } });
  }
  return pino(base, pino.destination(2));
};

/** A logger that drops everything (tests, benches). */
export const silentLogger = (): Logger => pino({ level: 'silent' });
