import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PromMetrics } from './prom.metrics.js';

export interface MetricsServer {
  /** `http://host:port`, as bound (port 0 resolves to the chosen port). */
  url: string;
  close(): Promise<void>;
}

/**
 * The small listener `harvest daemon` runs so Prometheus can scrape the pipeline process: only
 * `GET /metrics/prometheus` (and `/health/live`), no API, no keys. Any other path is a 404.
 */
export const startMetricsServer = async (metrics: PromMetrics, opts: { host: string; port: number }): Promise<MetricsServer> => {
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain' }).end('method not allowed\n');
      return;
    }
    if (path === '/metrics/prometheus' || path === '/metrics') {
      metrics.render().then(
        (body) => res.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' }).end(req.method === 'HEAD' ? undefined : body),
        (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics unavailable: ${(err as Error).message}\n`),
      );
      return;
    }
    if (path === '/health/live') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    res.writeHead(404, { 'content-type': 'text/plain' }).end('not found: this listener serves /metrics/prometheus\n');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = opts.host.includes(':') ? `[${opts.host}]` : opts.host;
  return {
    url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
};
