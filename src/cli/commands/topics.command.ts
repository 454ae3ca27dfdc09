import type { Command } from 'commander';
import { topicPage, trendingTopics } from '../../topics/topics.service.js';
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
