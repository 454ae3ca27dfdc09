import { muteFilter, MUTED_VIEWS, type MutedView } from '../../domain/mute.js';
import { sinceHours } from '../../domain/time.js';
import type { Command } from 'commander';
import { stringify } from 'yaml';
import { CATEGORIES, type Category } from '../../domain/analysis.js';
import { SOURCE_NAMES, type SourceName } from '../../domain/item.js';
import { loadConfig } from '../../config/load.js';
import { maskSecrets } from '../../config/mask.js';
import { isAppError } from '../../domain/errors.js';
import { formatRouteReport, routeReport } from '../../notify/route-report.js';
import { globalConfigFile, withApp, type CliContext } from '../context.js';
import { choiceOption, intOption, numberOption } from '../options.js';
import { signalJson, signalsTable } from '../output.js';

/** The routing rule each of the current top 10 items takes (stderr of `config check`); a store that cannot be read is a note, not a failure. */
const routesOfTopItems = async (ctx: CliContext, cmd: Command): Promise<string> => {
  try {
    return await withApp(ctx, cmd, async (app) => {
      const rows = await app.store.top({ limit: 10 });
      return `routes of the current top ${rows.length} items:\n${formatRouteReport(routeReport(rows, app.config.notify))}`;
    });
  } catch (err) {
    return `routes of the current top items: not shown (the store could not be read${isAppError(err) ? `: ${err.code}` : ''})`;
  }
};

/** `top` and `config check`. */
export const registerQueryCommands = (program: Command, ctx: CliContext): void => {
  program
    .command('top')
    .description('the highest-salience signals')
    .option('--limit <n>', 'how many (1–200)', intOption(1, 200), 20)
    .option('--min-salience <s>', 'minimum salience', numberOption(0, 100))
    .option('--hours <h>', 'only items created within the last H hours', numberOption(0.01))
    .option('--category <c>', `only this category (${CATEGORIES.join(', ')})`, choiceOption(CATEGORIES))
    .option('--source <s>', `only this source (${SOURCE_NAMES.join(', ')})`, choiceOption(SOURCE_NAMES))
    .option('--json', 'print a JSON array')
    .option('--muted <view>', 'signals a mute rule matches: exclude (the default), include or only', choiceOption(MUTED_VIEWS), 'exclude')
    .addHelpText('after', '\nExamples:\n  harvest top --limit 10 --hours 24\n  harvest top --category outage --json | jq ".[0].breakdown"')
    .action(async (opts: { limit: number; minSalience?: number; hours?: number; category?: Category; source?: SourceName; json?: boolean; muted: MutedView }, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        const since = sinceHours(app.clock.now(), opts.hours);
        const mutes = muteFilter(await app.store.mutes.list(), opts.muted);
        const rows = await app.store.top({ limit: opts.limit, minSalience: opts.minSalience, since, category: opts.category, source: opts.source, mutes });
        if (opts.json) ctx.io.out(JSON.stringify(rows.map(signalJson), null, 2));
        else ctx.io.out(rows.length === 0 ? 'no scored signals yet: run `harvest pipeline` (or `harvest demo`)' : signalsTable(rows, ctx.io.columns));
      });
    });

  const config = program.command('config').description('inspect the configuration');
  config
    .command('check')
    .description('validate the configuration and print the effective values, secrets masked')
    .option('--json', 'print JSON instead of YAML')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const loaded = loadConfig(ctx.env, { file: globalConfigFile(cmd), cwd: ctx.cwd });
      const masked = maskSecrets(loaded.config);
      ctx.io.err(`configuration is valid (${loaded.file ?? 'no file: defaults and environment'})`);
      ctx.io.out(opts.json ? JSON.stringify(masked, null, 2) : stringify(masked));
      if (loaded.config.notify.routes.length > 0) ctx.io.err(await routesOfTopItems(ctx, cmd));
    });
};
