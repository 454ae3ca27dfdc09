import type { Command } from 'commander';
import { MUTED_VIEWS, type MutedView } from '../../domain/mute.js';
import { assertWritableTarget, writeExport, type ExportFormat, EXPORT_FORMATS } from '../export.js';
import { withApp, type CliContext } from '../context.js';
import { choiceOption, intOption } from '../options.js';
import { renderTable } from '../output.js';

/** `init-db`, `stats`, `export`: the store's own verbs. */
export const registerStoreCommands = (program: Command, ctx: CliContext): void => {
  program
    .command('init-db')
    .description('create or upgrade the database schema (idempotent; also done at every start)')
    .action(async (_opts, cmd: Command) => {
      await withApp(
        ctx,
        cmd,
        async (app) => {
          const applied = await app.store.migrate();
          const where = app.store.dialect === 'sqlite' ? app.config.store.path : 'PostgreSQL (DATABASE_URL)';
          ctx.io.out(`database ready: ${app.store.dialect} at ${where}; ${applied.length === 0 ? 'already up to date' : `applied ${applied.join(', ')}`}`);
        },
        { migrate: false },
      );
    });

  program
    .command('stats')
    .description('counts of items, analyses, scores, notifications and the last pipeline run')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        const s = await app.store.stats();
        if (opts.json) {
          ctx.io.out(JSON.stringify(s, null, 2));
          return;
        }
        const rows: string[][] = [
          ['items', String(s.items)],
          ['analysed', String(s.analyzed)],
          ['scored', String(s.scored)],
          ['pending analysis', String(s.pendingAnalysis)],
          ...Object.entries(s.bySource).map(([k, v]) => [`source ${k}`, String(v)]),
          ...Object.entries(s.byCategory).sort((a, b) => b[1] - a[1]).map(([k, v]) => [`category ${k}`, String(v)]),
          ...Object.entries(s.bySentiment).map(([k, v]) => [`sentiment ${k}`, String(v)]),
          ...Object.entries(s.notifications).map(([k, v]) => [`notifications ${k}`, String(v)]),
          ['last run', s.lastRun ? `#${s.lastRun.id} ${s.lastRun.status} at ${s.lastRun.startedAt}` : 'never'],
        ];
        ctx.io.out(renderTable(['what', 'count'], rows, ctx.io.columns));
      });
    });

  program
    .command('export')
    .description('write every scored signal to a file')
    .requiredOption('--format <format>', `one of ${EXPORT_FORMATS.join(', ')}`, choiceOption(EXPORT_FORMATS))
    .requiredOption('--output <file>', 'file to write (written to a temporary file, then renamed)')
    .option('--page-size <n>', 'rows read per query', intOption(1, 10_000), 1000)
    .option('--muted <view>', 'signals a mute rule matches: exclude (the default), include or only', choiceOption(MUTED_VIEWS), 'exclude')
    .addHelpText('after', '\nExamples:\n  harvest export --format csv --output signals.csv\n  harvest export --format ndjson --output - | jq .category')
    .action(async (opts: { format: ExportFormat; output: string; pageSize: number; muted: MutedView }, cmd: Command) => {
      if (opts.output !== '-') assertWritableTarget(opts.output);
      await withApp(ctx, cmd, async (app) => {
        const n = await writeExport(app.store, opts.format, opts.output, opts.pageSize, opts.muted);
        if (opts.output !== '-') ctx.io.err(`exported ${n} signals to ${opts.output} (${opts.format})`);
      });
    });
};
