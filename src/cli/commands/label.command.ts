import { type Command, InvalidArgumentError } from 'commander';
import { inputError } from '../../domain/errors.js';
import { LABEL_VALUES, type LabelValue } from '../../store/labels.port.js';
import { withApp, type CliContext } from '../context.js';
import { choiceOption } from '../options.js';

const signalId = (value: string): number => {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a signal or story id (a positive integer, as `harvest top --json` or `harvest stories` shows it)');
  return n;
};

/** `label [--story] ID relevant|irrelevant|clear`: the same label the dashboard and `PUT /signals|stories/{id}/label` give, by `cli`. */
export const registerLabelCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('label')
    .description('label a signal (or with --story a story) relevant or irrelevant for the learned relevance model, or clear its label (the history is kept; the last label wins)')
    .argument('<id>', 'the signal id (with --story: the story id, as `harvest stories` shows it)', signalId)
    .argument('<label>', LABEL_VALUES.join(' | '), choiceOption(LABEL_VALUES))
    .option('--story', 'label the story with this id instead of a signal')
    .option('--json', 'print the label and its history as JSON')
    .addHelpText('after', '\nExamples:\n  harvest label 42 relevant\n  harvest label 42 clear --json\n  harvest label --story 7 irrelevant')
    .action(async (id: number, label: LabelValue, opts: { story?: boolean; json?: boolean }, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        const at = app.clock.now().toISOString();
        const what = opts.story ? 'story' : 'signal';
        const saved = opts.story ? await app.store.storyLabels.set({ storyId: id, label, actor: 'cli', at }) : await app.store.labels.set({ itemId: id, label, actor: 'cli', at });
        if (!saved) throw inputError(`no ${what} ${id}: nothing was labelled (list ids with \`harvest ${opts.story ? 'stories' : 'top'} --json\`)`);
        if (opts.json) ctx.io.out(JSON.stringify(saved, null, 2));
        else ctx.io.out(saved.label === null ? `${what} ${id}: label cleared (${saved.history.length} in its history)` : `${what} ${id}: ${saved.label} (${saved.history.length} in its history)`);
      });
    });
};
