import type { Command } from 'commander';
import { rankBatch } from '../../feedback/rank.js';
import type { CliContext } from '../context.js';
import { intOption } from '../options.js';
import { readRankInputs } from '../rank.js';

/** `rank`: learn relevance from labelled JSONL, rank unlabelled JSONL; no database, no network, no configuration. */
export const registerRankCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('rank')
    .description('learn relevance from --train lines {id, text, label} (1 relevant, 0 not) and print the --input lines {id, text} as JSONL {id, score}, highest first (no database)')
    .requiredOption('--train <file>', 'labelled JSONL ("-": stdin); with positives only, every input item not in it counts as not relevant')
    .option('--input <file>', 'JSONL file to rank ("-" or omitted: stdin)')
    .option('--limit <n>', 'print at most N lines', intOption(0))
    .option('--include-train', 'also print input items whose id is in the training file (left out by default: they are already labelled)')
    .addHelpText(
      'after',
      '\nThe model: tf-idf over text (and title when given) → a class-balanced linear SVM (ADR 0026).\n\nExamples:\n  harvest rank --train library.jsonl --input candidates.jsonl --limit 50\n  cat candidates.jsonl | harvest rank --train library.jsonl',
    )
    .action(async (opts: { train: string; input?: string; limit?: number; includeTrain?: boolean }) => {
      const { train, items } = await readRankInputs(opts.train, opts.input, ctx.io.stdin);
      const ranked = rankBatch(train, items, { limit: opts.limit, includeTrain: opts.includeTrain === true });
      if (ranked.length > 0) ctx.io.out(ranked.map((r) => JSON.stringify(r)).join('\n'));
    });
};
