import { InvalidArgumentError, type Command } from 'commander';
import type { Config } from '../../config/schema.js';
import type { App } from '../../main/compose.js';
import { runAnalyze } from '../../pipeline/analyze.stage.js';
import { runFetch, type FetchResult } from '../../pipeline/fetch.stage.js';
import { underPipelineLock } from '../../pipeline/lock.js';
import { requeueUnknown, withNotifyOverrides } from '../../notify/notify.service.js';
import { runNotify } from '../../pipeline/notify.stage.js';
import { formatRouteReport, routeReport } from '../../notify/route-report.js';
import { sinceHours } from '../../domain/time.js';
import { runPipeline, type PipelineResult } from '../../pipeline/run.js';
import { runScore } from '../../pipeline/score.stage.js';
import type { SpikesStageResult } from '../../pipeline/spikes.stage.js';
import { startSchedule } from '../../pipeline/schedule.js';
import { sweepRetentionAfterRun } from '../../jobs/retention.js';
import type { SourceName } from '../../domain/item.js';
import { DESCRIBED_SOURCE_NAMES } from '../../sources/registry.js';
import { inputError } from '../../domain/errors.js';
import { withApp, type CliContext } from '../context.js';
import { PROVIDER_NAMES, type ProviderName } from '../../analysis/llm/build-analyzer.js';
import { choiceOption, intOption, numberOption } from '../options.js';
import { analyzeSummary, checkAnalyzeFlags, sinceOption, type AnalyzeFlags } from '../analyze.js';
import { terminalProgress } from '../output.js';
import { startMetricsServer } from '../../observability/prometheus/metrics.server.js';

const NO_SOURCE_ENABLED = `no source is enabled: configure one of ${DESCRIBED_SOURCE_NAMES.join(', ')} (sources.demo needs enabled: true; see config/settings.example.yaml and \`harvest sources\`)`;

const printJson = (ctx: CliContext, v: unknown): void => ctx.io.out(JSON.stringify(v, null, 2));

/** `2 sources failed (1 degraded)`: a degraded source failed some feeds/queries and stored the others. */
const failedSources = (f: FetchResult): string => `${f.failed} sources failed${f.degraded > 0 ? ` (${f.degraded} degraded)` : ''}`;

export const summarizeRun = (r: PipelineResult): string =>
  [
    `run #${r.runId} ${r.status} in ${(r.durationMs / 1000).toFixed(2)} s`,
    `  fetch    ${r.fetch.inserted} new, ${r.fetch.updated} updated, ${failedSources(r.fetch)}  (${r.fetch.durationMs} ms)`,
    `  analyze  ${r.analyze.ok} analysed${r.analyze.fallback > 0 ? ` (fallback ${r.analyze.fallback})` : ''}, ${r.analyze.failed} failed  (${r.analyze.durationMs} ms)`,
    `  stories  ${r.stories.ok} assigned, ${r.stories.joined} joined a story, ${r.stories.merged} merged${r.stories.embedded === undefined ? '' : `, ${r.stories.embedded} texts embedded`}  (${r.stories.durationMs} ms)`,
    `  score    ${r.score.ok} scored${typeof r.score.stories === 'number' ? `, ${r.score.stories} stories` : ''}  (${r.score.durationMs} ms)`,
    `  notify   ${r.notify.reason ?? `${r.notify.ok} sent (${r.notify.digests} digests), ${r.notify.failed} failed, ${r.notify.unknown} unknown${r.notify.stories ? `; stories ${r.notify.stories.sent} sent` : ''}`}  (${r.notify.durationMs} ms)`,
    ...(r.topics ? [`  topics   ${r.topics.ok} assigned, ${Number(r.topics.discoveries ?? 0)} discoveries${r.topics.trained === true ? ', model trained' : ''}  (${r.topics.durationMs} ms)`] : []),
    ...(r.entities ? [`  entities ${r.entities.ok} scanned, ${Number(r.entities.linked ?? 0)} linked, ${Number(r.entities.merges ?? 0)} merges  (${r.entities.durationMs} ms)`] : []),
    spikesLine(r.spikes),
  ].join('\n');

/** The spikes stage's line: off, failed (the log says why), or what it counted, scored and alerted. */
const spikesLine = (s: SpikesStageResult): string => {
  if (s.skipped > 0) return '  spikes   off (spikes.enabled is false)';
  if (!s.spikes) return `  spikes   failed (see the log; the volumes catch up next run)  (${s.durationMs} ms)`;
  const x = s.spikes;
  return `  spikes   ${x.counted} counted, ${x.series} series scored, ${x.spikes} new spikes, ${x.alerted} alerted${x.failed > 0 ? `, ${x.failed} failed` : ''}  (${s.durationMs} ms)`;
};

/**
 * A run's exit code: 1 when the run failed (a source or a delivery failed) or any item could not be
 * analysed or scored — what `&&` chains and CronJobs read; 0 otherwise. A degraded source (some
 * feeds/queries failed, the others stored) is a failed source: the run is a partial failure.
 */
export const runExitCode = (r: PipelineResult): number => (r.status === 'failed' || r.analyze.failed > 0 || r.score.failed > 0 ? 1 : 0);

/** `--provider` overrides analysis.provider for one run. */
export const withProvider = (provider: ProviderName | undefined) => (c: Config): Config => (provider ? { ...c, analysis: { ...c.analysis, provider } } : c);

export const runOnce = async (ctx: CliContext, app: App, trigger: string, json: boolean): Promise<PipelineResult> => {
  const result = await runPipeline(app.pipelineDeps(terminalProgress(ctx.io)), { trigger });
  await sweepRetentionAfterRun(app, app.config.api);
  if (json) printJson(ctx, result);
  else ctx.io.out(summarizeRun(result));
  return result;
};

/** `--source`: a described source; `manual` gets its own reason (it is a source of items, but not fetched). */
const fetchableSource = (value: string): SourceName => {
  if (value === 'manual') throw new InvalidArgumentError('"manual" is not a fetchable source: manual signals are entered through the API (POST /signals)');
  return choiceOption(DESCRIBED_SOURCE_NAMES)(value);
};

/** fetch, analyze, score, notify, pipeline, daemon: thin shells over the pipeline functions. */
export const registerPipelineCommands = (program: Command, ctx: CliContext): void => {
  program
    .command('fetch')
    .description('pull new items from every enabled source (or one) into the store')
    .option('--source <name>', `only this source (${DESCRIBED_SOURCE_NAMES.join(', ')})`, fetchableSource)
    .option('--json', 'print JSON')
    .action(async (opts: { source?: SourceName; json?: boolean }, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        if (app.sources.length === 0) ctx.io.err(NO_SOURCE_ENABLED);
        if (opts.source && !app.sources.some((s) => s.name === opts.source)) throw inputError(`source "${opts.source}" is not enabled in the configuration`);
        const r = await runFetch(app.pipelineDeps(terminalProgress(ctx.io)), opts.source ? [opts.source] : undefined);
        if (opts.json) printJson(ctx, r);
        else ctx.io.out(`fetched: ${r.inserted} new, ${r.updated} updated, ${failedSources(r)} (${r.durationMs} ms)`);
        if (r.failed > 0) ctx.exitCode = 1;
      });
    });

  program
    .command('analyze')
    .description('triage items that have no analysis for their current text')
    .option('--limit <n>', 'at most this many items', intOption(1))
    .option('--provider <name>', `analyzer for this run (${PROVIDER_NAMES.join(', ')}); default: analysis.provider`, choiceOption(PROVIDER_NAMES))
    .option('--retry-fallbacks', 're-analyze items the heuristic answered after an LLM failure or an exhausted budget')
    .option('--reanalyze', 're-triage items not yet analysed by this provider and model (e.g. after heuristic runs), within the daily budget')
    .option('--since <date>', 'with --reanalyze: only items created at/after this ISO date or date-time', sinceOption)
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  OPENAI_API_KEY=… harvest analyze --provider openai\n  harvest analyze --retry-fallbacks\n  OPENAI_API_KEY=… harvest analyze --provider openai --reanalyze --since 2026-11-01',
    )
    .action(async (opts: AnalyzeFlags & { limit?: number; provider?: ProviderName; json?: boolean }, cmd: Command) => {
      await withApp(
        ctx,
        cmd,
        async (app) => {
          checkAnalyzeFlags(opts, app.analyzer.provider);
          const reanalyze = opts.reanalyze ? { since: opts.since } : undefined;
          const r = await runAnalyze(app.pipelineDeps(terminalProgress(ctx.io)), { limit: opts.limit, retryFallbacks: opts.retryFallbacks === true, reanalyze });
          if (opts.json) printJson(ctx, r);
          else ctx.io.out(analyzeSummary(r, app.analyzer.provider));
          if (r.failed > 0) ctx.exitCode = 1;
          if (r.ok + r.failed + r.skipped === 0 && !opts.reanalyze && !opts.retryFallbacks && app.analyzer.provider !== 'heuristic') {
            ctx.io.err('nothing new to analyse; to re-triage items another analyzer answered, add --reanalyze [--since DATE]');
          }
        },
        { adjust: withProvider(opts.provider) },
      );
    });

  program
    .command('score')
    .description('compute salience for new, changed and recent items')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        const r = await runScore(app.pipelineDeps(terminalProgress(ctx.io)));
        if (opts.json) printJson(ctx, r);
        else ctx.io.out(`scored: ${r.ok} (${r.durationMs} ms)`);
        if (r.failed > 0) ctx.exitCode = 1;
      });
    });

  program
    .command('notify')
    .description('send qualifying signals to Slack through the outbox (exactly once per item)')
    .option('--threshold <salience>', 'minimum salience (0–100)', numberOption(0, 100))
    .option('--limit <n>', 'at most this many single messages per run', intOption(1, 1000))
    .option('--hours <h>', 'only items created within the last H hours', numberOption(0.01))
    .option('--resend-unknown', 're-queue messages whose delivery is unknown after a crash (may duplicate)')
    .option('--dry-run', 'send nothing: show which routing rule each current top item takes, and its channels')
    .option('--enable-channel <channel>', 're-enable a channel a receiver\'s 410 Gone disabled (e.g. webhook:ops), then notify')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  SLACK_WEBHOOK_URL=https://hooks.slack.com/services/… harvest notify --threshold 70 --hours 6\n  harvest notify --dry-run --limit 20')
    .action(async (opts: { threshold?: number; limit?: number; hours?: number; resendUnknown?: boolean; dryRun?: boolean; enableChannel?: string; json?: boolean }, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        if (opts.enableChannel !== undefined) {
          const was = await app.store.outbox.enableChannel(opts.enableChannel);
          ctx.io.err(was ? `channel ${opts.enableChannel} re-enabled` : `channel ${opts.enableChannel} was not disabled`);
        }
        if (opts.dryRun) {
          const rows = await app.store.top({ limit: opts.limit ?? 10, minSalience: opts.threshold, since: sinceHours(app.clock.now(), opts.hours) });
          const lines = routeReport(rows, app.config.notify);
          ctx.io.out(opts.json ? JSON.stringify(lines, null, 2) : formatRouteReport(lines));
          return;
        }
        const deps = app.pipelineDeps();
        const notifiers = withNotifyOverrides(deps.notifiers, { threshold: opts.threshold, limit: opts.limit, hours: opts.hours });
        const r = await underPipelineLock(app.store, async () => {
          if (opts.resendUnknown) {
            const n = await requeueUnknown(app.store.outbox, notifiers, app.clock.now().toISOString());
            ctx.io.err(`re-queued ${n} notifications of unknown delivery`);
          }
          return runNotify({ ...deps, notifiers });
        });
        if (opts.json) printJson(ctx, r);
        else ctx.io.out(r.reason ?? `sent ${r.ok} items (${r.digests} digests), ${r.failed} failed, ${r.unknown} of unknown delivery`);
        if (r.failed > 0) ctx.exitCode = 1;
      });
    });

  program
    .command('pipeline')
    .description('fetch → analyze → score → notify once, recorded as a pipeline run')
    .option('--json', 'print the run result as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        const r = await runOnce(ctx, app, 'cli', Boolean(opts.json));
        ctx.exitCode = runExitCode(r);
      });
    });

  program
    .command('daemon')
    .description('run the pipeline every S seconds until SIGINT/SIGTERM (finishes the current run first)')
    .requiredOption('--interval <seconds>', 'seconds between the start of runs', intOption(1, 86_400))
    .option('--max-runs <n>', 'stop after this many runs', intOption(1))
    .option('--metrics-port <port>', 'serve GET /metrics/prometheus on this port (default: metrics.daemonPort; 0 = any free port)', intOption(0, 65_535))
    .action(async (opts: { interval: number; maxRuns?: number; metricsPort?: number }, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        app.metrics.setPipelineInterval(opts.interval);
        const metricsPort = opts.metricsPort ?? app.config.metrics.daemonPort;
        const metricsServer = metricsPort === undefined ? undefined : await startMetricsServer(app.metrics, { host: app.config.metrics.daemonHost, port: metricsPort });
        if (metricsServer) ctx.io.err(`metrics on ${metricsServer.url}/metrics/prometheus`);
        const schedule = startSchedule(
          () => runOnce(ctx, app, 'daemon', false).then(
            () => undefined,
            (err: unknown) => app.log.error({ err: (err as Error).message }, 'pipeline run failed'),
          ),
          opts.interval * 1000,
          { maxRuns: opts.maxRuns },
        );
        const stop = (): void => void schedule.stop();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          await schedule.done;
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          await metricsServer?.close();
        }
      });
    });
};
