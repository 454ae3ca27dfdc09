import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '../../config/schema.js';
import { runPipeline } from '../../pipeline/run.js';
import { DEFAULT_DEMO_CORPUS } from '../../sources/demo/demo.source.js';
import { withDemoWorld } from '../../sources/demo/demo.world.js';
import { labelDemoGroundTruth } from '../demo-ground-truth.js';
import { withApp, type CliContext } from '../context.js';
import { intOption } from '../options.js';
import { signalJson, signalsTable, terminalProgress } from '../output.js';
import { runExitCode, summarizeRun } from './pipeline.commands.js';

export const DEMO_DB_PATH = 'var/demo/app.db';

const isBundledCorpus = (file: string | undefined, cwd: string): boolean => file === undefined || resolve(cwd, file) === DEFAULT_DEMO_CORPUS;

/**
 * The demo always runs on a fresh SQLite file with only the bundled corpus: no network, no keys. The
 * bundled corpus is analysed with its own world's names added to the configured ones (ADR 0034), so
 * the demo is the same from any folder; a corpus of one's own (`sources.demo.file`) gets the
 * configuration as it is.
 */
const demoConfig = (dbPath: string, cwd: string) => (c: Config): Config => ({
  ...c,
  store: { ...c.store, path: dbPath, url: undefined },
  analysis: isBundledCorpus(c.sources.demo.file, cwd) ? withDemoWorld(c.analysis) : c.analysis,
  sources: { ...c.sources, demo: { ...c.sources.demo, enabled: true }, x: { ...c.sources.x, enabled: false } },
  // The corpus is a week loaded at once: its category spikes (the outage waves) are alerted, not only the last hours'.
  spikes: { ...c.spikes, alertKinds: ['category'], alertHours: 24 * 8 },
});

export const registerDemoCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('demo')
    .description('load the bundled demo corpus into a fresh database, run the whole pipeline offline, print the top signals')
    .option('--no-serve', 'stop after printing instead of serving the API on the demo data')
    .option('--port <port>', 'port to serve on (default: api.port, 8000)', intOption(0, 65_535))
    .option('--json', 'print the top signals as a JSON array')
    .option('--limit <n>', 'how many top signals to print', intOption(1, 200), 15)
    .option('--label-ground-truth', "label every demo signal from the corpus's ground truth (its planted incidents' posts relevant, the rest irrelevant), to try `harvest backtest` and the learned relevance model")
    .addHelpText('after', '\nThe bundled corpus is analysed with its own product, alias and competitor names added to analysis.products, .aliases and .competitors, so the demo is the same from any folder.\n\nExamples:\n  harvest demo --no-serve\n  harvest demo --no-serve --json | jq ".[] | {category, salience}"\n  harvest demo --no-serve --label-ground-truth && HARVEST_DB_PATH=var/demo/app.db harvest backtest\n  HARVEST_DB_PATH=/tmp/demo.db harvest demo --no-serve')
    .action(async (opts: { serve: boolean; json?: boolean; limit: number; port?: number; labelGroundTruth?: boolean }, cmd: Command) => {
      const dbPath = resolve(ctx.cwd, ctx.env.HARVEST_DB_PATH ?? DEMO_DB_PATH);
      await withApp(
        ctx,
        cmd,
        async (app) => {
          const result = await runPipeline(app.pipelineDeps(opts.json ? undefined : terminalProgress(ctx.io)), { trigger: 'demo' });
          ctx.exitCode = runExitCode(result);
          const labelled = opts.labelGroundTruth ? await labelDemoGroundTruth(app.store, app.config.sources.demo.file ?? DEFAULT_DEMO_CORPUS, app.clock.now()) : undefined;
          const top = await app.store.top({ limit: opts.limit });
          if (opts.json) ctx.io.out(JSON.stringify(top.map(signalJson), null, 2));
          else {
            ctx.io.out(summarizeRun(result));
            ctx.io.out(`\nTop ${top.length} signals (database: ${dbPath}):\n`);
            ctx.io.out(signalsTable(top, ctx.io.columns));
            if (labelled) ctx.io.out(`\nLabelled from the corpus's ground truth: ${labelled.relevant} relevant, ${labelled.irrelevant} irrelevant (actor ground-truth); try \`harvest backtest\`.`);
            ctx.io.out('\nNext: `harvest top --hours 6`, `harvest stats`, `harvest export --format csv --output signals.csv` (with HARVEST_DB_PATH set to the demo database).');
          }
          if (opts.serve) {
            const { serveApp } = await import('../serve.js');
            await serveApp(app, { host: app.config.api.host, port: opts.port ?? app.config.api.port }, ctx.io);
          }
        },
        {
          adjust: (c) => {
            for (const suffix of ['', '-wal', '-shm']) rmSync(`${dbPath}${suffix}`, { force: true });
            return demoConfig(dbPath, ctx.cwd)(c);
          },
        },
      );
    });
};
