import type { Command } from 'commander';
import { ENTITY_PAGE_ITEMS, entityPage, listEntities, unmergeEntity } from '../../entities/entities.service.js';
import { ENTITY_KINDS, type EntityKind } from '../../entities/normalize.js';
import { inputError } from '../../domain/errors.js';
import { withApp, type CliContext } from '../context.js';
import { choiceOption, intOption } from '../options.js';

const entityId = (s: string): number => {
  if (!/^\d{1,15}$/.test(s) || Number(s) < 1) throw inputError(`an entity id is a positive integer, got ${JSON.stringify(s)}`);
  return Number(s);
};
const day = (iso: string | null): string => (iso ?? '').slice(0, 10) || '-';

/** `entities`: list them; `entities show ID`; `entities unmerge ID` (issue 16, ADR 0031). */
export const registerEntitiesCommands = (program: Command, ctx: CliContext): void => {
  const entities = program
    .command('entities')
    .description('people, labs, organisations and products found in the items, most items first')
    .option('--kind <kind>', `only this kind: ${ENTITY_KINDS.join(' | ')}`, choiceOption(ENTITY_KINDS))
    .option('--name <text>', 'names containing this (case, accents and punctuation ignored)')
    .option('--limit <n>', 'at most N entities', intOption(1, 500), 20)
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  harvest entities --kind org --limit 10\n  harvest entities show 12\n  harvest entities unmerge 31')
    .action(async (opts: { kind?: EntityKind; name?: string; limit: number; json?: boolean }, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        const r = await listEntities(app.store, { kind: opts.kind, name: opts.name, limit: opts.limit, offset: 0 });
        if (opts.json) return ctx.io.out(JSON.stringify(r, null, 2));
        if (r.entities.length === 0) return ctx.io.out('no entities yet (they are extracted in every pipeline run, after topics)');
        ctx.io.out(r.entities.map((e) => `${String(e.id).padStart(6)}  ${e.kind.padEnd(7)}  ${String(e.items).padStart(5)} items  ${day(e.firstSeen)} → ${day(e.lastSeen)}  ${e.name} (${e.namespace})`).join('\n'));
        ctx.io.out(`${r.entities.length} of ${r.total}`);
      });
    });

  entities
    .command('show <id>')
    .description(`one entity: sources, topics, merged names and its ${ENTITY_PAGE_ITEMS} latest items`)
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        const e = await entityPage(app.store, entityId(id));
        if (opts.json) return ctx.io.out(JSON.stringify(e, null, 2));
        ctx.io.out(`${e.name} — ${e.kind}, ${e.items} items, ${day(e.firstSeen)} → ${day(e.lastSeen)}${e.profileUrl ? `, ${e.profileUrl}` : ''}`);
        ctx.io.out(`sources: ${e.sources.map((s) => `${s.source} ${s.count}`).join(', ') || '-'}`);
        ctx.io.out(`topics: ${e.topics.map((t) => `${t.topic} ${t.count}`).join(', ') || '-'}`);
        for (const m of e.merged) ctx.io.out(`merged: ${m.fromId} "${m.name}" (${m.namespace}) — ${m.reason}${m.undoneAt ? ` (undone ${m.undoneAt})` : ''}`);
        for (const it of e.recent) ctx.io.out(`  ${day(it.createdAt)}  #${it.id} ${it.source} ${it.role}: ${(it.title ?? it.text).slice(0, 100)}`);
      });
    });

  entities
    .command('unmerge <id>')
    .description('undo the merge of entity ID into another (the pair is never merged again automatically)')
    .action(async (id: string, _opts: unknown, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        const m = await unmergeEntity(app.store, entityId(id), app.clock.now());
        ctx.io.out(`entity ${m.fromId} "${m.name}" is no longer merged into ${m.intoId} (merge ${m.id}, ${m.reason})`);
      });
    });
  for (const sub of entities.commands) sub.exitOverride().configureOutput({ writeOut: (s) => ctx.io.out(s.trimEnd()), writeErr: (s) => ctx.io.err(s.trimEnd()) });
};
