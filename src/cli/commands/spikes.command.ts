import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { inputError } from '../../domain/errors.js';
import { detectSeries, scoredCsvLines } from '../../spikes/batch.js';
import { parseSeriesCsv } from '../../spikes/series-csv.js';
import { listSpikes } from '../../spikes/spikes.query.js';
import { readConfig, withApp, type CliContext } from '../context.js';
import { numberOption } from '../options.js';

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
  const spikes = program
    .command('spikes')
    .description('recent volume spikes with their explanation; `spikes detect` scores a series file')
    .option('--hours <h>', 'spikes that started within the last H hours', numberOption(0.01), 24)
    .option('--series <key>', 'only this series, e.g. "term:login outage", "category:outage", "source:x", "story:12", "entity:7"')
    .option('--json', 'print a JSON array')
    .addHelpText('after', '\nExamples:\n  harvest spikes --hours 6\n  harvest spikes --series "term:login outage" --json\n  harvest spikes detect --input volumes.csv')
    .action(async (opts: { hours: number; series?: string; json?: boolean }, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        const rows = await listSpikes(app.store, app.clock.now(), { hours: opts.hours, series: opts.series });
        if (opts.json) ctx.io.out(JSON.stringify(rows, null, 2));
        else if (rows.length === 0) ctx.io.out(`no spikes in the last ${opts.hours} h (volumes are scored in every pipeline run)`);
        else ctx.io.out(rows.map((r) => `${r.startedAt}  ${r.explanation}${r.endedAt ? `  (ended ${r.endedAt})` : '  (ongoing)'}`).join('\n'));
      });
    });
  registerSpikesDetect(spikes, ctx);
  for (const sub of spikes.commands) sub.exitOverride().configureOutput({ writeOut: (s) => ctx.io.out(s.trimEnd()), writeErr: (s) => ctx.io.err(s.trimEnd()) });
};
