import type { Command } from 'commander';
import { DEFAULT_TOPIC_PARAMS, serializeTopicModel, trainTopicModel } from '../../topics/model.js';
import type { CliContext } from '../context.js';
import { readTopicExamples, writeFileAtomically } from '../topics.js';

/** `topics train`: learn a topic model from labelled JSONL examples. */
export const registerTopicsCommand = (program: Command, ctx: CliContext): void => {
  const topics = program.command('topics').description('topic models taught by example');
  topics
    .command('train')
    .description('train a topic model on JSONL lines {text, label, title?} and write it as a model file')
    .requiredOption('--examples <file>', 'JSONL examples to learn from ("-": stdin)')
    .option('--output <model>', 'model file to write (written to a temporary file, then renamed)')
    .addHelpText('after', '\nExamples:\n  harvest topics train --examples labelled.jsonl --output topics.model.json\n  harvest classify --topics topics.model.json --input items.jsonl')
    .action(async (opts: { examples: string; output?: string }) => {
      const examples = await readTopicExamples(opts.examples, ctx.io.stdin);
      const started = performance.now();
      const model = trainTopicModel(examples, DEFAULT_TOPIC_PARAMS);
      const seconds = ((performance.now() - started) / 1000).toFixed(2);
      const output = opts.output ?? 'topics.model.json';
      await writeFileAtomically(output, serializeTopicModel(model));
      ctx.io.err(`trained ${model.topics.length} topics on ${model.examples} examples (${model.buckets.length} features) in ${seconds} s → ${output}`);
    });
};
