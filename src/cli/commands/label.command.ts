import { type Command, InvalidArgumentError } from 'commander';
import { inputError } from '../../domain/errors.js';
import { LABEL_VALUES, type LabelValue } from '../../store/labels.port.js';
import { withApp, type CliContext } from '../context.js';
import { choiceOption } from '../options.js';

const signalId = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a signal id (a positive integer, as `harvest top --json` shows it)');
  return n;
};

/** `label ID relevant|irrelevant|clear`: the same label the dashboard and `PUT /signals/{id}/label` give, by `cli`. */
export const registerLabelCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('label')
    .description('label a signal relevant or irrelevant for the learned relevance model, or clear its label (the history is kept; the last label wins)')
    .argument('<id>', 'the signal id', signalId)
    .argument('<label>', LABEL_VALUES.join(' | '), choiceOption(LABEL_VALUES))
    .option('--json', 'print the label and its history as JSON')
    .addHelpText('after', '\nExamples:\n  harvest label 42 relevant\n  harvest label 42 clear --json')
    .action(async (id: number, label: LabelValue, opts: { json?: boolean }, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        const saved = await app.store.labels.set({ itemId: id, label, actor: 'cli', at: app.clock.now().toISOString() });
        if (!saved) throw inputError(`no signal ${id}: nothing was labelled (list ids with \`harvest top --json\`)`);
        if (opts.json) ctx.io.out(JSON.stringify(saved, null, 2));
        else ctx.io.out(saved.label === null ? `signal ${id}: label cleared (${saved.history.length} in its history)` : `signal ${id}: ${saved.label} (${saved.history.length} in its history)`);
      });
    });
};
