import { existsSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';
import { packageRoot } from '../../platform/package-root.js';

/** Where `npm run build:web` writes the dashboard, in the package root. */
export const DEFAULT_WEB_ROOT = resolve(packageRoot(), 'web/dist');

/** Paths of the dashboard's files; they load without an API key (the API calls they make send one). */
export const WEB_OPEN_PATHS = ['/', '/index.html', '/assets/', '/favicon.svg'];

/** Vite names built assets `name-<hash>.ext`: their content never changes under a name. */
const IMMUTABLE = 'public, max-age=31536000, immutable';

export interface WebOptions {
  /** The built dashboard (web/dist). */
  root: string;
}

/**
 * Serves the built dashboard at `/`: hashed assets cached for a year, everything else (index.html)
 * revalidated on every load so a new build shows at once. Only files present at startup get routes
 * (no wildcard), so unknown paths still answer with the API's JSON 404. When the dashboard has not
 * been built, `/` says how to build it.
 */
export const webPlugin: FastifyPluginAsync<WebOptions> = async (app, opts) => {
  if (!existsSync(resolve(opts.root, 'index.html'))) {
    app.log.warn({ root: opts.root }, 'web dashboard not built (run `npm run build:web`); / explains this');
    app.get('/', { schema: { hide: true } }, async (_req, reply) =>
      reply
        .status(503)
        .header('cache-control', 'no-cache')
        .type('text/plain; charset=utf-8')
        .send('The web dashboard is not built. Run `npm run build:web` (or `npm run build`), then restart the server.\n'),
    );
    return;
  }
  await app.register(fastifyStatic, {
    root: opts.root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    etag: true,
    lastModified: true,
    setHeaders: (res, path) => {
      const hashed = /-[A-Za-z0-9_-]{8,}\.(?:js|css|woff2?|svg|png)$/.test(basename(path)) && path.includes(`${'/'}assets${'/'}`);
      res.setHeader('cache-control', hashed ? IMMUTABLE : 'no-cache');
    },
  });
};
