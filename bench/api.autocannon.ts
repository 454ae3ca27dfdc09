/**
 * autocannon@8 for bench/api.bench.ts: the package ships no types, so it is loaded through
 * createRequire and typed here with just what the bench uses. Bench-only.
 */
import type { EventEmitter } from 'node:events';
import { createRequire } from 'node:module';

/** The raw request autocannon builds; `setupRequest` may change it. */
export interface AcRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
}

export type AcContext = Record<string, unknown>;

export interface AcRequestSpec {
  method?: string;
  path?: string;
  /** Called when the request is built (right before it is written, except a connection's first). */
  setupRequest?: (req: AcRequest, context: AcContext) => AcRequest;
  /** Called when its response is complete, synchronously before the instance's `response` event. */
  onResponse?: (status: number, body: string, context: AcContext) => void;
}

/** One connection. `response` and `reset` are documented; the rest is internal (see staggerRate). */
export interface AcClient extends EventEmitter {
  rate?: number;
  rateInterval?: NodeJS.Timeout;
  reqsMadeThisSecond?: number;
  paused?: boolean;
  destroyed?: boolean;
  _doRequest?: () => void;
}

export interface AcOptions {
  url: string;
  connections: number;
  /** Seconds. */
  duration: number;
  overallRate?: number;
  connectionRate?: number;
  /** Seconds before a request counts as timed out (autocannon's default is 10). */
  timeout?: number;
  pipelining?: number;
  requests?: AcRequestSpec[];
  setupClient?: (client: AcClient) => void;
}

interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
}

/** Responses per one-second sample; `total` answered, `sent` written. */
interface RequestsHistogram extends Histogram {
  total: number;
  sent: number;
}

export interface AcResult {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  requests: RequestsHistogram;
  latency: Histogram;
  statusCodeStats: Record<string, { count: number }>;
}

/** An instance: an EventEmitter (`response`: client, status, bytes, ms) that is also a promise. */
export interface AcInstance extends EventEmitter, PromiseLike<AcResult> {
  stop(): void;
}

export const autocannon = createRequire(import.meta.url)('autocannon') as (opts: AcOptions) => AcInstance;

/**
 * autocannon gives every rate-limited connection its own one-second window, and starts all those
 * windows in the same millisecond: 1,000 connections at 1 request/s each arrive as one burst of
 * 1,000 requests per second, not one request per millisecond. Called from `setupClient`, this
 * delays the connection's first request to `phaseMs` into the second and restarts its window
 * there, so the phases of all connections spread the load evenly over each second.
 *
 * It relies on autocannon@8 internals (rate, rateInterval, reqsMadeThisSecond, paused,
 * _doRequest; the window's callback is copied from lib/httpClient.js). Returns false, changing
 * nothing, when those are not there (the run is then bursty, and the bench says so).
 */
export const staggerRate = (client: AcClient, phaseMs: number): boolean => {
  if (typeof client.rate !== 'number' || client.rate < 1 || typeof client.reqsMadeThisSecond !== 'number' || typeof client._doRequest !== 'function') return false;
  // setupClient runs in the constructor before the connection's first request: using up this
  // second's allowance now makes that request wait (paused) for the first window below.
  client.reqsMadeThisSecond = client.rate;
  setImmediate(() => {
    // The constructor has now created the window it starts at construction; replace it.
    if (client.rateInterval === undefined || client.destroyed) return;
    clearInterval(client.rateInterval);
    const tick = (): void => {
      if (client.destroyed) return;
      client.reqsMadeThisSecond = 0;
      if (client.paused) client._doRequest?.();
      client.paused = false;
    };
    // client.destroy() clears rateInterval; clearInterval also clears a timeout in Node.
    client.rateInterval = setTimeout(() => {
      tick();
      client.rateInterval = setInterval(tick, 1000);
    }, phaseMs);
  });
  return true;
};
