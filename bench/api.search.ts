/**
 * The search part of bench/api.bench.ts (issue 13): each search route alone on the idle server, then
 * 20 concurrent closed-loop searches for S seconds while one client probes `GET /health/live` every
 * 20 ms — the liveness probe's latency is what a Kubernetes kubelet would see. Bench-only.
 */
import { autocannon } from './api.autocannon.js';

/** The search (no hit in the generated corpus), a word in ~60 % of items, and two-word searches (~9 % each). */
export const SEARCH_PATHS = ['/signals?search=outage', '/signals?search=brindlepost', '/signals?search=brindlepost%20down', '/items?search=dark%20mode', '/items?search=kestrelboard%20subscription'] as const;
export const SEARCH_CONCURRENCY = 20;
const LIVE_EVERY_MS = 20;

/** Nearest-rank percentile of an ascending array. */
const pct = (sorted: readonly number[], p: number): number => (sorted.length === 0 ? NaN : (sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] as number));
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface SearchProbe {
  path: string;
  /** `total` of `GET /signals`, or items on the first page of `GET /items` (limit 50). */
  hits: number;
  p50: number;
  max: number;
}

/** Each search alone, one request at a time (15 each, the first 3 discarded as warm-up). */
export const probeSearches = async (url: string): Promise<SearchProbe[]> => {
  const out: SearchProbe[] = [];
  for (const path of SEARCH_PATHS) {
    const times: number[] = [];
    let hits = 0;
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      const r = await fetch(url + path);
      const body = (await r.json()) as { total?: number; items: unknown[] };
      const t = performance.now() - t0;
      if (r.status !== 200) throw new Error(`GET ${path} answered ${r.status} while probing`);
      hits = body.total ?? body.items.length;
      if (i >= 3) times.push(t);
    }
    times.sort((a, b) => a - b);
    out.push({ path, hits, p50: pct(times, 50), max: pct(times, 100) });
  }
  return out;
};

export interface SearchLoad {
  durationS: number;
  searches: { answered: number; perSecond: number; non2xx: number; errors: number; p50: number; p99: number; max: number };
  live: { probes: number; failed: number; p50: number; p99: number; max: number };
}

/** `GET /health/live` one after another, LIVE_EVERY_MS apart, until `stop()`; latencies in ms. */
const probeLiveness = (url: string): { stop: () => Promise<{ times: number[]; failed: number }> } => {
  const times: number[] = [];
  let failed = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const t0 = performance.now();
      try {
        const r = await fetch(`${url}/health/live`);
        await r.arrayBuffer();
        if (r.status === 200) times.push(performance.now() - t0);
        else failed += 1;
      } catch {
        failed += 1;
      }
      await sleep(LIVE_EVERY_MS);
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { times, failed };
    },
  };
};

/** SEARCH_CONCURRENCY connections cycling through SEARCH_PATHS for `durationS` seconds, with the liveness probe running. */
export const searchUnderLoad = async (url: string, durationS: number): Promise<SearchLoad> => {
  let n = 0;
  const latencies: number[] = [];
  const instance = autocannon({
    url,
    connections: SEARCH_CONCURRENCY,
    duration: durationS,
    timeout: 30,
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: SEARCH_PATHS[n++ % SEARCH_PATHS.length] }) }],
  });
  instance.on('response', (_client: unknown, _status: number, _bytes: number, responseMs: number) => {
    latencies.push(responseMs);
  });
  // The probe starts once the searches are under way, and stops before they do.
  await sleep(500);
  const live = probeLiveness(url);
  await sleep(Math.max(1000, durationS * 1000 - 1500));
  const probed = await live.stop();
  const result = await instance;
  latencies.sort((a, b) => a - b);
  const lt = probed.times.sort((a, b) => a - b);
  return {
    durationS: result.duration,
    searches: { answered: latencies.length, perSecond: latencies.length / result.duration, non2xx: result.non2xx, errors: result.errors, p50: pct(latencies, 50), p99: pct(latencies, 99), max: pct(latencies, 100) },
    live: { probes: lt.length, failed: probed.failed, p50: pct(lt, 50), p99: pct(lt, 99), max: pct(lt, 100) },
  };
};
