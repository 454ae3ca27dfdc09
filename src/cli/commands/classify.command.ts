import type { Command } from 'commander';
import { createHeuristicAnalyzer } from '../../analysis/heuristic/heuristic.analyzer.js';
import { readClassifyInput } from '../classify.js';
import { readConfig, type CliContext } from '../context.js';

/** `classify`: triage JSONL texts without touching the store. */
export const registerClassifyCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('classify')
    .description('triage JSONL lines {id, text, title?} and print one JSONL analysis per line (no database)')
    .option('--input <file>', 'JSONL file to read ("-" or omitted: stdin)')
    .addHelpText(
      'after',
      '\nExamples:\n  echo \'{"id":1,"text":"Is the app down? cannot log in"}\' | harvest classify\n  harvest classify --input posts.jsonl > analyses.jsonl',
    )
    .action(async (opts: { input?: string }, cmd: Command) => {
      const config = readConfig(ctx, cmd);
      const { inputs, ids } = await readClassifyInput(opts.input, ctx.io.stdin);
      const analyzer = createHeuristicAnalyzer({ products: config.analysis.products, competitors: config.analysis.competitors, organisations: config.analysis.organisations });
      const outputs = await analyzer.analyze(inputs);
      const lines = outputs.map((o, i) =>
        JSON.stringify({
          id: ids[i],
          category: o.result.category,
          sentiment: o.result.sentiment,
          sentimentScore: o.result.sentimentScore,
          urgency: o.result.urgency,
          tags: o.result.tags,
          confidence: o.result.confidence,
          reasoning: o.result.reasoning,
        }),
      );
      if (lines.length > 0) ctx.io.out(lines.join('\n'));
    });
};
