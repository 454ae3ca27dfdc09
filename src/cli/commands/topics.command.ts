import type { Command } from 'commander';
import { listDiscoveries, topicPage, trendingTopics } from '../../topics/topics.service.js';
import { intOption, numberOption } from '../options.js';
import { parseWindow } from '../../topics/trending.js';
import { DEFAULT_TOPIC_PARAMS, serializeTopicModel, trainTopicModel } from '../../topics/model.js';
import { withApp, type CliContext } from '../context.js';
import { readTopicExamples, writeFileAtomically } from '../topics.js';

const pad = (s: string, n: number): string => (s.length >= n ? `${s.slice(0, n - 1)}…` : s.padEnd(n));

/** `topics` (trending) and `topics train` (learn a model from labelled JSONL examples). */
export const registerTopicsCommand = (program: Command, ctx: CliContext): void => {
  const topics = program
    .command('topics')
    .description('trending topics over a window: items per topic, growth against the baseline, top items (and `topics train`)')
    .option('--window <w>', 'the window: 14d, 48h, 90m … (the baseline is the 4 windows before it)', '14d')
    .option('--topic <name>', 'one topic: its items and daily volume')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  harvest topics --window 7d\n  harvest topics --json | jq ".[0]"\n  harvest topics --topic quantum --window 30d --json')
    .action(async (opts: { window: string; topic?: string; json?: boolean }, cmd: Command) => {
      const windowMs = parseWindow(opts.window);
      await withApp(ctx, cmd, async (app) => {
        const names = app.config.topics.taxonomy.map((t) => t.name);
        const now = app.clock.now();
        if (opts.topic !== undefined) {
          const page = await topicPage(app.store, names, opts.topic, now, windowMs);
          if (!page) {
            ctx.io.err(`harvest: no topic "${opts.topic}" (not in the taxonomy and on no item)`);
            ctx.exitCode = 2;
            return;
          }
          ctx.io.out(opts.json ? JSON.stringify(page, null, 2) : `${page.name}: ${page.count} items in ${opts.window} (baseline ${page.baseline}), growth ×${page.growth}\n${page.items.map((i) => `  #${i.id} [${i.source}] ${i.title ?? i.text.slice(0, 80)}`).join('\n')}`);
          return;
        }
        const rows = await trendingTopics(app.store, names, now, windowMs);
        if (opts.json) {
          ctx.io.out(JSON.stringify(rows, null, 2));
          return;
        }
        const lines = rows.map((r) => `${pad(r.name, 18)} ${String(r.count).padStart(6)} ${String(r.baseline).padStart(8)} ${`×${r.growth}`.padStart(8)}  ${r.topItems.map((i) => (i.title ?? i.text).slice(0, 50)).join(' | ')}`);
        ctx.io.out([`${pad('topic', 18)} ${'count'.padStart(6)} ${'baseline'.padStart(8)} ${'growth'.padStart(8)}  top items (window ${opts.window})`, ...lines].join('\n'));
      });
    });

  program
    .command('discoveries')
    .description('research items (arXiv, GitHub, posts linking them) by discovery score, with the breakdown: novelty, emergence, echo, obscurity, recency')
    .option('--min-score <s>', 'only scores at least this (0–100)', numberOption(0, 100), 0)
    .option('--hours <h>', 'items created within the last H hours', numberOption(0.01), 168)
    .option('--topic <name>', 'only this topic')
    .option('--limit <n>', 'how many (1–500)', intOption(1, 500), 20)
    .option('--json', 'print a JSON array')
    .addHelpText('after', '\nExamples:\n  harvest discoveries --min-score 40 --hours 72\n  harvest discoveries --topic quantum --json | jq ".[0].breakdown"')
    .action(async (opts: { minScore: number; hours: number; topic?: string; limit: number; json?: boolean }, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        const rows = await listDiscoveries(app.store, app.config.topics.discovery, app.clock.now(), opts);
        if (opts.json) {
          ctx.io.out(JSON.stringify(rows, null, 2));
          return;
        }
        if (rows.length === 0) {
          const filters = `${opts.topic === undefined ? '' : ` in topic "${opts.topic}"`}${opts.minScore > 0 ? ` scoring at least ${opts.minScore}` : ''}`;
          ctx.io.out(`no discoveries of items created in the last ${opts.hours} h${filters}: research items get one when the pipeline assigns their topic (\`harvest pipeline\`)`);
          return;
        }
        const b = (x: number): string => String(Math.round(x)).padStart(3);
        ctx.io.out(
          [
            'score  nov emg ech obs rec  topic              item',
            ...rows.map((r) => `${r.score.toFixed(1).padStart(5)}  ${b(r.breakdown.novelty)} ${b(r.breakdown.emergence)} ${b(r.breakdown.echo)} ${b(r.breakdown.obscurity)} ${b(r.breakdown.recency)}  ${pad(r.topic ?? '-', 18)} #${r.id} [${r.source}] ${(r.title ?? '').slice(0, 70)}`),
          ].join('\n'),
        );
      });
    });

  topics
    .command('train')
    .description('train a topic model on JSONL lines {text, label, title?} and write it as a model file')
    .requiredOption('--examples <file>', 'JSONL examples to learn from ("-": stdin)')
    .option('--output <model>', 'model file to write (written to a temporary file, then renamed)', 'topics.model.json')
    .addHelpText('after', '\nExamples:\n  harvest topics train --examples labelled.jsonl --output topics.model.json\n  harvest classify --topics topics.model.json --input items.jsonl')
    .action(async (opts: { examples: string; output: string }) => {
      const examples = await readTopicExamples(opts.examples, ctx.io.stdin);
      const started = performance.now();
      const model = trainTopicModel(examples, DEFAULT_TOPIC_PARAMS);
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      await writeFileAtomically(opts.output, serializeTopicModel(model));
      ctx.io.err(`trained ${model.topics.length} topics on ${model.examples} examples (${model.buckets.length} features) in ${seconds} s → ${opts.output}`);
    });
};
