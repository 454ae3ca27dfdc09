import { Command, CommanderError } from 'commander';
import { isAppError } from '../domain/errors.js';
import { registerBackupCommands } from './commands/backup.commands.js';
import { registerBacktestCommand } from './commands/backtest.command.js';
import { registerClassifyCommand } from './commands/classify.command.js';
import { registerClusterCommand } from './commands/cluster.command.js';
import { registerDemoCommand } from './commands/demo.command.js';
import { registerLabelCommand } from './commands/label.command.js';
import { registerMuteCommands } from './commands/mute.command.js';
import { registerPipelineCommands } from './commands/pipeline.commands.js';
import { registerQueryCommands } from './commands/query.commands.js';
import { registerStoriesCommand } from './commands/stories.command.js';
import { registerRankCommand } from './commands/rank.command.js';
import { registerServeCommand } from './commands/serve.command.js';
import { registerSourcesCommand } from './commands/sources.command.js';
import { registerSpikesCommands } from './commands/spikes.command.js';
import { registerStoreCommands } from './commands/store.commands.js';
import { registerTopicsCommand } from './commands/topics.command.js';
import { registerEntitiesCommands } from './commands/entities.command.js';
import type { CliContext } from './context.js';
import { SOURCE_DESCRIPTORS } from '../sources/registry.js';
import { isClosedPipe, processIo } from './output.js';

/** Exit codes: 0 ok, 1 a run or upstream failed, 2 bad input (flags, config, files). */
export const EXIT = { ok: 0, failure: 1, usage: 2 } as const;

const EXAMPLES = `
Examples:
  harvest demo --no-serve              offline end-to-end run on the bundled corpus
  harvest pipeline                     fetch → analyze → score → notify once
  harvest daemon --interval 300        the pipeline every 5 minutes
  harvest serve --schedule 300         the REST API, and the pipeline every 5 minutes
  harvest top --limit 10 --json        the loudest signals for scripts
  harvest config check                 validate config, print it with secrets masked
  harvest sources --json               every source and its fetch health

Environment: HARVEST_CONFIG, HARVEST_DB_PATH, DATABASE_URL, SLACK_WEBHOOK_URL,
${SOURCE_DESCRIPTORS.flatMap((d) => d.env.map((e) => e.name)).join(', ')},
LOG_LEVEL, LOG_FORMAT, HARVEST_NOW (see README).`;

export const buildProgram = (ctx: CliContext): Command => {
  const program = new Command('harvest')
    .description('Signal Harvester: watch sources, triage, score and push what matters to Slack')
    .option('-c, --config <file>', 'settings file (default: $HARVEST_CONFIG or config/settings.yaml)')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => ctx.io.out(s.trimEnd()), writeErr: (s) => ctx.io.err(s.trimEnd()) })
    .exitOverride()
    .addHelpText('after', EXAMPLES);
  registerDemoCommand(program, ctx);
  registerPipelineCommands(program, ctx);
  registerQueryCommands(program, ctx);
  registerStoriesCommand(program, ctx);
  registerServeCommand(program, ctx);
  registerStoreCommands(program, ctx);
  registerClassifyCommand(program, ctx);
  registerClusterCommand(program, ctx);
  registerTopicsCommand(program, ctx);
  registerRankCommand(program, ctx);
  registerLabelCommand(program, ctx);
  registerSourcesCommand(program, ctx);
  registerBackupCommands(program, ctx);
  registerSpikesCommands(program, ctx);
  registerMuteCommands(program, ctx);
  registerEntitiesCommands(program, ctx);
  registerBacktestCommand(program, ctx);
  for (const cmd of program.commands) cmd.exitOverride().configureOutput({ writeOut: (s) => ctx.io.out(s.trimEnd()), writeErr: (s) => ctx.io.err(s.trimEnd()) });
  return program;
};

const report = (ctx: CliContext, err: unknown): number => {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT.ok;
    return EXIT.usage;
  }
  if (isAppError(err)) {
    ctx.io.err(`harvest: ${err.message}`);
    for (const d of err.details) ctx.io.err(`  - ${d}`);
    return err.code === 'CONFIG_INVALID' || err.code === 'INPUT_INVALID' ? EXIT.usage : EXIT.failure;
  }
  // The reader of stdout went away (`| head`): what it wanted was written; not an error.
  if (isClosedPipe(err)) return EXIT.ok;
  ctx.io.err(`harvest: unexpected error: ${(err as Error).stack ?? String(err)}`);
  return EXIT.failure;
};

/** Runs the CLI with `argv` (without node and script) and returns the exit code. */
export const run = async (argv: readonly string[], ctx: Partial<CliContext> = {}): Promise<number> => {
  const full: CliContext = { io: ctx.io ?? processIo(), env: ctx.env ?? process.env, cwd: ctx.cwd ?? process.cwd(), compose: ctx.compose, exitCode: 0 };
  const program = buildProgram(full);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.usage;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return full.exitCode;
  } catch (err) {
    return report(full, err);
  }
};
