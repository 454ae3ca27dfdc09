import type { Command } from 'commander';
import { inputError } from '../../domain/errors.js';
import { MUTE_KINDS, parseMute, type Mute, type MuteKind, type MuteRule } from '../../domain/mute.js';
import type { Store } from '../../store/store.port.js';
import { withApp, type CliContext } from '../context.js';
import { intOption } from '../options.js';
import { renderTable } from '../output.js';

type MuteOpts = Partial<Record<MuteKind, string>> & { json?: boolean };

const mutesTable = (rows: readonly Mute[], columns: number): string =>
  renderTable(['id', 'kind', 'by', 'since', 'value'], rows.map((m) => [String(m.id), m.kind, m.actor, m.createdAt.slice(0, 16).replace('T', ' '), m.value]), columns);

/** The one rule the options ask for: exactly one of --author, --source, --domain, --phrase, --story. */
const ruleOf = (opts: MuteOpts): MuteRule => {
  const given = MUTE_KINDS.filter((k) => opts[k] !== undefined);
  if (given.length !== 1) throw inputError(`mute: give exactly one of ${MUTE_KINDS.map((k) => `--${k}`).join(', ')} (got ${given.length === 0 ? 'none' : given.map((k) => `--${k}`).join(' and ')})`);
  const kind = given[0] as MuteKind;
  return parseMute(kind, opts[kind] ?? '');
};

/** A story rule names the story it reaches (a merged story's id mutes the story it merged into). */
const storyRule = async (store: Store, rule: MuteRule): Promise<MuteRule> => {
  if (rule.kind !== 'story') return rule;
  const story = await store.stories.get(Number(rule.value), 0);
  if (!story) throw inputError(`story: no story ${rule.value} (list ids with \`harvest stories\`)`);
  return { kind: 'story', value: String(story.id) };
};

/** `harvest mute …` adds a rule; `harvest mutes` lists them and `--remove ID` removes one (ADR 0029). */
export const registerMuteCommands = (program: Command, ctx: CliContext): void => {
  program
    .command('mute')
    .description('mute an author, a source, a domain, a phrase or a story: its signals stay stored and scored, are never notified and are hidden from lists')
    .option('--author <handle>', 'an author\'s handle or name (@ optional, any case)')
    .option('--source <name>', 'a source (demo, x, reddit, hackernews, github, arxiv, rss, manual)')
    .option('--domain <domain>', 'a domain and its subdomains, like example.com')
    .option('--phrase <text>', 'words in the title or text, any case')
    .option('--story <id>', 'a story id, as `harvest stories` shows it')
    .option('--json', 'print the rule as JSON')
    .addHelpText('after', '\nExamples:\n  harvest mute --author @spammy\n  harvest mute --domain example.com\n  harvest mute --phrase "giveaway" --json')
    .action(async (opts: MuteOpts, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        const { mute, created } = await app.store.mutes.add(await storyRule(app.store, ruleOf(opts)), 'cli', app.clock.now().toISOString());
        if (opts.json) ctx.io.out(JSON.stringify(mute, null, 2));
        else ctx.io.out(`${created ? 'muted' : 'already muted'}: ${mute.kind} ${mute.value} (rule ${mute.id}; \`harvest mutes --remove ${mute.id}\` unmutes)`);
      });
    });

  program
    .command('mutes')
    .description('list the mute rules, or remove one')
    .option('--remove <id>', 'remove the rule with this id', intOption(1))
    .option('--json', 'print a JSON array')
    .addHelpText('after', '\nExamples:\n  harvest mutes\n  harvest mutes --remove 3')
    .action(async (opts: { remove?: number; json?: boolean }, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        if (opts.remove !== undefined) {
          if (!(await app.store.mutes.remove(opts.remove))) throw inputError(`no mute rule ${opts.remove}: nothing was removed (list them with \`harvest mutes\`)`);
          ctx.io.out(`removed mute rule ${opts.remove}`);
          return;
        }
        const rows = await app.store.mutes.list();
        if (opts.json) ctx.io.out(JSON.stringify(rows, null, 2));
        else ctx.io.out(rows.length === 0 ? 'no mute rules (add one with `harvest mute --author X`)' : mutesTable(rows, ctx.io.columns));
      });
    });
};
