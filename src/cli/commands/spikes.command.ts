import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { inputError } from '../../domain/errors.js';
import { detectSeries, scoredCsvLines } from '../../spikes/batch.js';
import { parseSeriesCsv } from '../../spikes/series-csv.js';
import { readConfig, type CliContext } from '../context.js';

const readInput = async (input: string | undefined, stdin: NodeJS.ReadableStream): Promise<{ text: string; name: string }> => {
  if (input === undefined || input === '-') {
    const chunks: Buffer[] = [];
    for await (const c of stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
    return { text: Buffer.concat(chunks).toString('utf8'), name: 'stdin' };
  }
  try {
    return { text: await readFile(input, 'utf8'), name: input };
  } catch (err) {
    throw inputError(`cannot read input file ${input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
};

/** `spikes detect`: score a NAB-format series with the configured detector; no database. */
export const registerSpikesDetect = (spikes: Command, ctx: CliContext): void => {
  spikes
    .command('detect')
    .description('score a series (CSV "timestamp,value" with a header) and print "timestamp,value,anomaly_score,label" (no database)')
    .option('--input <file>', 'CSV file to read ("-" or omitted: stdin)')
    .addHelpText(
      'after',
      '\nanomaly_score is in [0, 1]; label is 1 on the bucket where a spike is raised (score ≥ spikes.detector.threshold,\noutside the cooldown of the previous spike). Settings come from the config (spikes.detector), never from the data.\nRows must be in strictly increasing time order; every bad line is named and nothing is printed (exit 2).\n\nExamples:\n  harvest spikes detect --input volumes.csv > scored.csv',
    )
    .action(async (opts: { input?: string }, cmd: Command) => {
      const settings = readConfig(ctx, cmd).spikes.detector;
      const { text, name } = await readInput(opts.input, ctx.io.stdin);
      const series = parseSeriesCsv(text, name);
      const scored = detectSeries(series, settings);
      ctx.io.out([...scoredCsvLines(series, scored)].join('\n'));
    });
};

/** `spikes`: the volume-spike commands. */
export const registerSpikesCommands = (program: Command, ctx: CliContext): void => {
  const spikes = program.command('spikes').description('volume spikes: score a series file (`spikes detect`)');
  registerSpikesDetect(spikes, ctx);
  for (const sub of spikes.commands) sub.exitOverride().configureOutput({ writeOut: (s) => ctx.io.out(s.trimEnd()), writeErr: (s) => ctx.io.err(s.trimEnd()) });
};
