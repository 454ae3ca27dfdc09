import type { Command } from 'commander';
import { clusterBatch } from '../../stories/batch.js';
import { readClusterInput, storyLabels } from '../cluster.js';
import type { CliContext } from '../context.js';

/** `cluster`: group JSONL items into stories; no database, no network, no configuration. */
export const registerClusterCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('cluster')
    .description('group JSONL lines {id, text, title?, url?, source?, createdAt?} into stories and print one JSONL {id, story} per line, in input order (no database)')
    .option('--input <file>', 'JSONL file to read ("-" or omitted: stdin)')
    .addHelpText(
      'after',
      '\nA story is named after the id of its first member (in createdAt order when given, else input order).\n\nExamples:\n  harvest cluster --input posts.jsonl > stories.jsonl\n  cat posts.jsonl | harvest cluster',
    )
    .action(async (opts: { input?: string }) => {
      const { items, ids } = await readClusterInput(opts.input, ctx.io.stdin);
      const labels = storyLabels(ids, clusterBatch(items));
      if (labels.length > 0) ctx.io.out(labels.map((story, i) => JSON.stringify({ id: ids[i], story })).join('\n'));
    });
};
