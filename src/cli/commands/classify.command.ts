import type { Command } from 'commander';
import { buildAnalyzer, PROVIDER_NAMES, type ProviderName } from '../../analysis/llm/build-analyzer.js';
import { createMemoryLedger } from '../../analysis/llm/memory.ledger.js';
import { createLogger } from '../../observability/logger.js';
import { realSleep, systemClock } from '../../platform/clock.js';
import { readClassifyInput } from '../classify.js';
import { readConfig, type CliContext } from '../context.js';
import { choiceOption } from '../options.js';

/** `classify`: triage JSONL texts without touching the store. */
export const registerClassifyCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('classify')
    .description('triage JSONL lines {id, text, title?} and print one JSONL analysis per line (no database)')
    .option('--input <file>', 'JSONL file to read ("-" or omitted: stdin)')
    .option('--provider <name>', `analyzer (${PROVIDER_NAMES.join(', ')}); default: analysis.provider`, choiceOption(PROVIDER_NAMES))
    .addHelpText(
      'after',
      '\nExamples:\n  echo \'{"id":1,"text":"Is the app down? cannot log in"}\' | harvest classify\n  harvest classify --input posts.jsonl > analyses.jsonl',
    )
    .action(async (opts: { input?: string; provider?: ProviderName }, cmd: Command) => {
      const config = readConfig(ctx, cmd);
      const { inputs, ids } = await readClassifyInput(opts.input, ctx.io.stdin);
      // No database here: the LLM cache and budget last for this run only.
      const log = ctx.compose?.log ?? createLogger({ level: config.log.level, format: 'json' });
      const analyzer = buildAnalyzer(config, { ledger: createMemoryLedger(), clock: systemClock, sleep: realSleep, log }, opts.provider);
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
