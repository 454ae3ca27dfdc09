import type { Command } from 'commander';
import { attachVectors, buildStoryEmbeddings, storyParams } from '../../embeddings/build-embeddings.js';
import { createMemoryEmbeddingCache } from '../../embeddings/dense-vectors.js';
import { createLogger } from '../../observability/logger.js';
import { fixedClock, realSleep, systemClock } from '../../platform/clock.js';
import { DEFAULT_PARAMS, type AssignerParams } from '../../stories/assigner.js';
import { clusterBatch, type BatchItem } from '../../stories/batch.js';
import { readClusterInput, storyLabels } from '../cluster.js';
import { readConfig, type CliContext } from '../context.js';

/** `--embeddings`: each item's dense vector from the configured provider (an in-memory cache for the run), and the params that weigh it. */
const withEmbeddings = async (items: BatchItem[], ctx: CliContext, cmd: Command): Promise<AssignerParams> => {
  const config = readConfig(ctx, cmd);
  const clock = config.now ? fixedClock(new Date(config.now)) : systemClock;
  const log = ctx.compose?.log ?? createLogger({ level: config.log.level, format: 'json' });
  const e = buildStoryEmbeddings(config, createMemoryEmbeddingCache(), { clock, sleep: realSleep, log });
  await attachVectors(items, e);
  return storyParams(e);
};

/** `cluster`: group JSONL items into stories; no database; without `--embeddings` no network and no configuration. */
export const registerClusterCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('cluster')
    .description('group JSONL lines {id, text, title?, url?, source?, createdAt?} into stories and print one JSONL {id, story} per line, in input order (no database)')
    .option('--input <file>', 'JSONL file to read ("-" or omitted: stdin)')
    .option('--embeddings', 'also compare texts by dense vectors from the embedding provider configured under stories.embeddings (needs OPENAI_API_KEY; vectors cached in memory for the run)')
    .addHelpText(
      'after',
      '\nA story is named after the id of its first member (in createdAt order when given, else input order).\n\nExamples:\n  harvest cluster --input posts.jsonl > stories.jsonl\n  cat posts.jsonl | harvest cluster\n  OPENAI_API_KEY=… harvest cluster --embeddings --input posts.jsonl',
    )
    .action(async (opts: { input?: string; embeddings?: boolean }, cmd: Command) => {
      const { items, ids } = await readClusterInput(opts.input, ctx.io.stdin);
      const params = opts.embeddings ? await withEmbeddings(items, ctx, cmd) : DEFAULT_PARAMS;
      const labels = storyLabels(ids, clusterBatch(items, params));
      if (labels.length > 0) ctx.io.out(labels.map((story, i) => JSON.stringify({ id: ids[i], story })).join('\n'));
    });
};
