import { type Command, InvalidArgumentError } from 'commander';
import { loadConfig } from '../../config/load.js';
import type { Config } from '../../config/schema.js';
import { inputError } from '../../domain/errors.js';
import type { BacktestConfig, BacktestReport } from '../../feedback/backtest.js';
import { backtestStore } from '../../feedback/backtest.service.js';
import { withApp, type CliContext } from '../context.js';
import { intOption } from '../options.js';

const isoDate = (value: string): string => {
  const t = Date.parse(value);
  if (!/^\d{4}-\d{2}-\d{2}/.test(value) || Number.isNaN(t)) throw new InvalidArgumentError('must be an ISO date or date-time, e.g. 2026-11-14 or 2026-11-14T00:00:00Z');
  return new Date(t).toISOString();
};

/** The values of every `--config FILE`, `-c FILE` and `--config=FILE` in `args`. */
const configFlags = (args: readonly string[]): string[] => {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i] as string;
    if (a === '--config' || a === '-c') {
      const v = args[i + 1];
      if (v === undefined || v.startsWith('-')) throw inputError(`${a} needs a settings file`);
      out.push(v);
      i += 1;
    } else if (a.startsWith('--config=')) out.push(a.slice('--config='.length));
  }
  return out;
};

/**
 * The root program's `--config` takes every `--config` on the line (commander), so the configs to
 * compare are the ones after `backtest`, and one before it is the store's settings.
 */
export const splitConfigs = (rawArgs: readonly string[], command: string): { base?: string; compared: string[] } => {
  const at = rawArgs.indexOf(command);
  if (at < 0) return { compared: [] };
  const base = configFlags(rawArgs.slice(0, at)).at(-1);
  return { ...(base !== undefined && { base }), compared: configFlags(rawArgs.slice(at + 1)) };
};

const rootOf = (cmd: Command): Command => (cmd.parent ? rootOf(cmd.parent) : cmd);

const toBacktestConfig = (name: string, c: Config): BacktestConfig => ({ name, scoring: c.scoring, feedback: c.feedback, threshold: c.notify.slack.threshold });

const pct = (x: number): string => x.toFixed(3);

/** The report as a table: one column per config, the winner marked. */
export const formatBacktest = (r: BacktestReport, experimentId: number): string => {
  const names = r.configs.map((c) => c.name);
  const line = (label: string, cells: string[]): string => [label.padEnd(26), ...cells.map((c, i) => c.padStart(Math.max(10, (names[i] ?? '').length)))].join('  ');
  const rows = [
    line('', names),
    line(`precision@${r.k}`, r.configs.map((c) => pct(c.precisionAtK))),
    line(`recall@${r.k}`, r.configs.map((c) => pct(c.recallAtK))),
    line(`nDCG@${r.k}`, r.configs.map((c) => pct(c.ndcgAtK))),
    line('precision at threshold', r.configs.map((c) => pct(c.thresholdPrecision))),
    line('recall at threshold', r.configs.map((c) => pct(c.thresholdRecall))),
    line('notified', r.configs.map((c) => String(c.notified))),
    ...(r.withModel ? [line('days with the model', r.configs.map((c) => String(c.modelDays)))] : []),
  ];
  const head = `backtest: ${r.signals} signals, ${r.labelled} labelled (${r.relevant} relevant), ${r.days} days graded${r.from || r.to ? `, ${r.from ?? '…'} → ${r.to ?? '…'}` : ''}`;
  const winner = r.winner ? `winner: ${r.winner} (highest nDCG@${r.k})` : 'no winner: no day in the window has a signal labelled relevant';
  return [head, '', ...rows, '', winner, `stored as experiment ${experimentId} (GET /experiments/${experimentId})`].join('\n');
};

/** `backtest [--config FILE]… [--from --to] [--k N] [--relevance] [--json]` (issue 18, ADR 0030). */
export const registerBacktestCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('backtest')
    .description('replay the stored, labelled history through the scoring of each config; precision@k, recall@k, nDCG@k and precision/recall at the notify threshold side by side, with the winner; stored as an experiment')
    .option('--config <file>', 'a settings file to compare (repeat for each; none: the current settings)')
    .option('--from <date>', 'signals created at or after this instant (ISO)', isoDate)
    .option('--to <date>', 'signals created before this instant (ISO)', isoDate)
    .option('--k <n>', 'cut-off of the ranking figures', intOption(1, 1000), 10)
    .option('--relevance', 'also replay the learned relevance model, trained each day only on labels given before it (no look-ahead)')
    .option('--json', 'print the report and the experiment id as JSON')
    .addHelpText('after', '\nExamples:\n  harvest backtest --config a.yaml --config b.yaml\n  harvest backtest --config a.yaml --config b.yaml --from 2026-11-14 --to 2026-11-21 --relevance --json')
    .action(async (opts: { from?: string; to?: string; k: number; relevance?: boolean; json?: boolean }, cmd: Command) => {
      // commander keeps the whole command line in `rawArgs` (not in its types)
      const rawArgs = (rootOf(cmd) as unknown as { rawArgs: string[] }).rawArgs;
      const { base: baseFile, compared: files } = splitConfigs(rawArgs, 'backtest');
      if (opts.from && opts.to && opts.from >= opts.to) throw inputError(`--from (${opts.from}) must be before --to (${opts.to})`);
      const compared = files.map((f) => toBacktestConfig(f, loadConfig(ctx.env, { file: f, cwd: ctx.cwd }).config));
      // the store's settings: a --config before `backtest`, else $HARVEST_CONFIG or the default file
      const base = (): Config => loadConfig(ctx.env, { ...(baseFile !== undefined && { file: baseFile }), cwd: ctx.cwd }).config;
      await withApp(ctx, cmd, async (app) => {
        const configs = compared.length > 0 ? compared : [toBacktestConfig('current settings', app.config)];
        const { report, experiment } = await backtestStore(app.store, { configs, k: opts.k, ...(opts.from && { from: opts.from }), ...(opts.to && { to: opts.to }), withModel: opts.relevance === true, now: app.clock.now() });
        ctx.io.out(opts.json ? JSON.stringify({ experimentId: experiment.id, ...report }, null, 2) : formatBacktest(report, experiment.id));
      }, { adjust: base });
    });
};
