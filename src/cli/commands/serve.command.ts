import type { Command } from 'commander';
import { withApp, type CliContext } from '../context.js';
import { intOption } from '../options.js';

/** `serve`: the REST API (and optionally the pipeline on a schedule) on the configured store. */
export const registerServeCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('serve')
    .description('serve the REST API on the configured store (docs at /docs); SIGTERM shuts down gracefully')
    .option('--host <host>', 'interface to listen on (default: api.host, 127.0.0.1)')
    .option('--port <port>', 'port (default: api.port, 8000; 0 picks a free one)', intOption(0, 65_535))
    .option('--schedule <seconds>', 'also run the pipeline every S seconds in this process', intOption(1, 86_400))
    .addHelpText('after', '\nExamples:\n  harvest serve --port 8080\n  HARVEST_API_KEYS=$(openssl rand -hex 24) harvest serve --host 0.0.0.0 --schedule 300')
    .action(async (opts: { host?: string; port?: number; schedule?: number }, cmd: Command) => {
      // The API stack (Fastify, OpenAPI, Redis client) loads only when serving.
      const { serveApp } = await import('../serve.js');
      await withApp(ctx, cmd, (app) =>
        serveApp(app, { host: opts.host ?? app.config.api.host, port: opts.port ?? app.config.api.port, scheduleSeconds: opts.schedule }, ctx.io),
      );
    });
};
