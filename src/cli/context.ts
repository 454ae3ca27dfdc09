import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { composeApp, type App, type ComposeOptions } from '../main/compose.js';
import type { Io } from './output.js';

/** What every command receives: where to write, the environment, and the working directory. */
export interface CliContext {
  io: Io;
  env: NodeJS.ProcessEnv;
  cwd: string;
  compose?: ComposeOptions;
  /** Set by a command that finished but wants a non-zero exit (e.g. a source failed). */
  exitCode: number;
}

/** Global options (`--config`) as seen from any subcommand. */
export const globalConfigFile = (cmd: Command): string | undefined => {
  let root: Command = cmd;
  while (root.parent) root = root.parent;
  return (root.opts() as { config?: string }).config;
};

export const readConfig = (ctx: CliContext, cmd: Command): Config => loadConfig(ctx.env, { file: globalConfigFile(cmd), cwd: ctx.cwd }).config;

/**
 * Loads and validates the config (before anything is opened or written), builds the app, applies
 * migrations, runs `fn`, and always closes the store.
 */
export const withApp = async <T>(
  ctx: CliContext,
  cmd: Command,
  fn: (app: App) => Promise<T>,
  opts: { adjust?: (c: Config) => Config; migrate?: boolean } = {},
): Promise<T> => {
  const base = readConfig(ctx, cmd);
  const config = opts.adjust ? opts.adjust(base) : base;
  const app = composeApp(config, { isTty: ctx.io.isTty, env: ctx.env, ...ctx.compose });
  try {
    if (opts.migrate !== false) await app.store.migrate();
    return await fn(app);
  } finally {
    await app.close();
  }
};
