import type { Command } from 'commander';
import { buildAnalyzer, PROVIDER_NAMES, type ProviderName } from '../../analysis/llm/build-analyzer.js';
import { createMemoryLedger } from '../../analysis/llm/memory.ledger.js';
import type { Config } from '../../config/schema.js';
import { createLogger, type Logger } from '../../observability/logger.js';
import { fixedClock, realSleep, systemClock, type Clock } from '../../platform/clock.js';
import { createKyselyStore } from '../../store/kysely/kysely.store.js';
import type { LlmLedger } from '../../store/llm.port.js';
import { classifyTopics, loadTopicModel, type LoadedTopicModel } from '../../topics/model.js';
import { readClassifyInput, unknownLabelsNote } from '../classify.js';
import { readTopicModelFile } from '../topics.js';
import { readConfig, type CliContext } from '../context.js';
import { choiceOption, intOption } from '../options.js';

/**
 * The LLM cache and daily budget for `classify`: the configured store's (`store.path`/`store.url`,
 * as every command opens it), so classify pays for a text once and respects the budget spent by
 * the pipeline. The heuristic needs neither and opens nothing; a store that cannot be opened
 * leaves a warning and a ledger that lasts for this run only, so classify still answers.
 */
const openLedger = async (config: Config, provider: ProviderName, clock: Clock, log: Logger): Promise<{ ledger: LlmLedger; close(): Promise<void> }> => {
  const memory = { ledger: createMemoryLedger(), close: async () => undefined };
  if (provider === 'heuristic' || !config.providers[provider].apiKey) return memory;
  const s = config.store;
  const store = createKyselyStore({ path: s.path, url: s.url, busyTimeoutMs: s.busyTimeoutMs, poolSize: s.poolSize }, clock);
  try {
    await store.migrate();
    return { ledger: store.llm, close: () => store.close() };
  } catch (err) {
    await store.close().catch(() => undefined);
    log.warn({ component: 'classify', err: (err as Error).message }, 'cannot open the store: the LLM cache and daily budget last for this run only');
    return memory;
  }
};

const topicText = (title: string | null | undefined, text: string): string => (title ? `${title}. ${text}` : text);

/** `classify`: triage JSONL texts; nothing but the LLM cache and usage is written to the store. */
export const registerClassifyCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('classify')
    .description('triage JSONL lines {id, text, title?} and print one JSONL analysis per line (an LLM provider uses the store\'s cache and daily budget)')
    .option('--input <file>', 'JSONL file to read ("-" or omitted: stdin)')
    .option('--topics <model>', 'also score each line against a topic model (from "harvest topics train"): adds topics [{name, score}], highest first')
    .option('--top-topics <n>', 'with --topics: how many topics each line lists (1–1000)', intOption(1, 1000), 20)
    .option('--provider <name>', `analyzer (${PROVIDER_NAMES.join(', ')}); default: analysis.provider`, choiceOption(PROVIDER_NAMES))
    .addHelpText(
      'after',
      '\nExamples:\n  echo \'{"id":1,"text":"Is the app down? cannot log in"}\' | harvest classify\n  harvest classify --input posts.jsonl > analyses.jsonl\n  harvest classify --topics topics.model.json --input papers.jsonl',
    )
    .action(async (opts: { input?: string; provider?: ProviderName; topics?: string; topTopics: number }, cmd: Command) => {
      const config = readConfig(ctx, cmd);
      let topicModel: LoadedTopicModel | undefined;
      if (opts.topics !== undefined) topicModel = loadTopicModel(await readTopicModelFile(opts.topics));
      const { inputs, ids, labels } = await readClassifyInput(opts.input, ctx.io.stdin, { idOptional: topicModel !== undefined });
      const note = topicModel && unknownLabelsNote(labels, topicModel.model.topics);
      if (note) ctx.io.err(note);
      const log = ctx.compose?.log ?? createLogger({ level: config.log.level, format: 'json' });
      const clock = config.now ? fixedClock(new Date(config.now)) : systemClock;
      const { ledger, close } = await openLedger(config, opts.provider ?? config.analysis.provider, clock, log);
      let outputs;
      try {
        outputs = await buildAnalyzer(config, { ledger, clock, sleep: realSleep, log }, opts.provider).analyze(inputs);
      } finally {
        await close();
      }
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
          ...(topicModel && { topics: classifyTopics(topicModel, topicText(inputs[i]?.title, inputs[i]?.text ?? ''), opts.topTopics) }),
        }),
      );
      if (lines.length > 0) ctx.io.out(lines.join('\n'));
    });
};
