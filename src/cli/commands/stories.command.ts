import type { Command } from 'commander';
import { muteFilter, MUTED_VIEWS, type MutedView } from '../../domain/mute.js';
import { sinceHours } from '../../domain/time.js';
import type { StoryRow } from '../../store/stories.port.js';
import { withApp, type CliContext } from '../context.js';
import { choiceOption, intOption, numberOption } from '../options.js';
import { renderTable } from '../output.js';

const storiesTable = (rows: readonly StoryRow[], columns: number): string =>
  renderTable(
    ['#', 'salience', 'size', 'sources', 'authors', 'latest', 'story'],
    rows.map((s, i) => [String(i + 1), s.salience === null ? '—' : s.salience.toFixed(1), String(s.size), s.sources.join(','), String(s.authors), s.lastAt.slice(0, 16).replace('T', ' '), `#${s.id} ${s.title}`]),
    columns,
  );

/** Why a story shows no salience: assigned by a run that stopped before its score stage. */
const UNSCORED = '— not scored yet: its run stopped before scoring; the next `harvest pipeline` scores it';

/** `harvest stories`: the loudest stories (ADR 0023). */
export const registerStoriesCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('stories')
    .description('the loudest stories: the same news from every source as one row')
    .option('--hours <h>', 'only stories with a member created within the last H hours', numberOption(0.01))
    .option('--min-size <n>', 'only stories with at least N members', intOption(1, 1_000_000), 2)
    .option('--limit <n>', 'how many (1–200)', intOption(1, 200), 20)
    .option('--json', 'print a JSON array (with each story\'s salience breakdown)')
    .option('--muted <view>', 'stories a mute rule matches (the story or its lead signal): exclude (the default), include or only', choiceOption(MUTED_VIEWS), 'exclude')
    .addHelpText('after', '\nExamples:\n  harvest stories --hours 24\n  harvest stories --min-size 5 --json | jq ".[0].sources"')
    .action(async (opts: { hours?: number; minSize: number; limit: number; json?: boolean; muted: MutedView }, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        const mutes = muteFilter(await app.store.mutes.list(), opts.muted);
        const rows = await app.store.stories.list({ limit: opts.limit, offset: 0, minSize: opts.minSize, since: sinceHours(app.clock.now(), opts.hours), mutes });
        if (opts.json) ctx.io.out(JSON.stringify(rows, null, 2));
        else if (rows.length === 0) ctx.io.out('no stories yet: run `harvest pipeline` (or `harvest demo`), or lower --min-size');
        else ctx.io.out(storiesTable(rows, ctx.io.columns) + (rows.some((s) => s.salience === null) ? `\n${UNSCORED}` : ''));
      });
    });
};
