import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createBackup, listBackups, restoreBackup, verifyBackup, type StoreLocation } from '../../backup/backup.js';
import { migrateStore, parseStoreUrl } from '../../backup/migrate-store.js';
import { systemClock } from '../../platform/clock.js';
import { readConfig, type CliContext } from '../context.js';
import { intOption } from '../options.js';
import { renderTable } from '../output.js';

const configuredStore = (ctx: CliContext, cmd: Command): StoreLocation => {
  const c = readConfig(ctx, cmd);
  return c.store.url ? { kind: 'postgres', url: c.store.url } : { kind: 'sqlite', path: resolve(ctx.cwd, c.store.path) };
};

const backupDir = (ctx: CliContext, dir?: string): string => resolve(ctx.cwd, dir ?? ctx.env.HARVEST_BACKUP_DIR ?? 'data/backups');

/** `backup create|list|verify|restore` and `migrate-store`: the store's data-safety verbs. */
export const registerBackupCommands = (program: Command, ctx: CliContext): void => {
  const backup = program
    .command('backup')
    .description('back up, list, verify and restore the store (SQLite online backup or pg_dump, with SHA-256)')
    .addHelpText(
      'after',
      '\nExamples:\n  harvest backup create --keep 7\n  harvest backup list\n  harvest backup verify data/backups/harvest-sqlite-20261126T120000Z.sqlite\n  harvest backup restore data/backups/harvest-sqlite-20261126T120000Z.sqlite --force\n\nThe directory is --dir, else $HARVEST_BACKUP_DIR, else data/backups.',
    );

  backup
    .command('create')
    .description('write a consistent copy of the configured store, checksummed, keeping the newest N')
    .option('--dir <dir>', 'backup directory')
    .option('--keep <n>', 'backups of this kind to keep (older ones are deleted)', intOption(1, 10_000), 7)
    .option('--json', 'print JSON')
    .action(async (opts: { dir?: string; keep: number; json?: boolean }, cmd: Command) => {
      const from = configuredStore(ctx, cmd);
      const r = await createBackup(from, backupDir(ctx, opts.dir), { keep: opts.keep, now: systemClock.now() });
      if (opts.json) ctx.io.out(JSON.stringify(r, null, 2));
      else {
        ctx.io.out(`backup written: ${r.entry.file} (${r.entry.bytes} bytes, sha256 ${r.entry.sha256})`);
        for (const f of r.removed) ctx.io.out(`removed by retention: ${f}`);
      }
    });

  backup
    .command('list')
    .description('backups in the directory, newest first')
    .option('--dir <dir>', 'backup directory')
    .option('--json', 'print JSON')
    .action((opts: { dir?: string; json?: boolean }) => {
      const entries = listBackups(backupDir(ctx, opts.dir));
      if (opts.json) ctx.io.out(JSON.stringify(entries, null, 2));
      else if (entries.length === 0) ctx.io.out(`no backups in ${backupDir(ctx, opts.dir)}`);
      else ctx.io.out(renderTable(['file', 'kind', 'bytes', 'sha256'], entries.map((e) => [e.file, e.kind, String(e.bytes), e.sha256 ?? 'MISSING']), ctx.io.columns));
    });

  backup
    .command('verify')
    .description('recompute the SHA-256 against the .sha256 file and check the archive is readable')
    .argument('<file>', 'backup file')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      const r = await verifyBackup(resolve(ctx.cwd, file));
      if (opts.json) ctx.io.out(JSON.stringify(r, null, 2));
      else ctx.io.out(`ok: ${r.file} sha256 ${r.sha256} (${r.check})`);
    });

  backup
    .command('restore')
    .description('verify a backup, then restore it into the configured store (stop the service first)')
    .argument('<file>', 'backup file')
    .option('--force', 'replace the existing database')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { force?: boolean; json?: boolean }, cmd: Command) => {
      const to = configuredStore(ctx, cmd);
      const r = await restoreBackup(resolve(ctx.cwd, file), to, { force: Boolean(opts.force) });
      if (opts.json) ctx.io.out(JSON.stringify({ restored: r, to: to.kind }, null, 2));
      else ctx.io.out(`restored ${r.file} (sha256 ${r.sha256} verified) into ${to.kind === 'sqlite' ? to.path : 'PostgreSQL'}`);
    });

  program
    .command('migrate-store')
    .description('copy every row of one store into another, empty one (SQLite → PostgreSQL for the single → scaled move)')
    .requiredOption('--from <url>', 'source: sqlite:PATH, a file path, or postgres://…')
    .requiredOption('--to <url>', 'target: postgres://… (or sqlite:PATH); must be empty')
    .option('--json', 'print JSON')
    .addHelpText('after', '\nExamples:\n  harvest migrate-store --from sqlite:data/harvest.db --to postgres://harvest@db:5432/harvest')
    .action(async (opts: { from: string; to: string; json?: boolean }) => {
      const from = parseStoreUrl(opts.from);
      const to = parseStoreUrl(opts.to);
      if (from.kind === 'sqlite') from.path = resolve(ctx.cwd, from.path ?? '');
      if (to.kind === 'sqlite') to.path = resolve(ctx.cwd, to.path ?? '');
      const r = await migrateStore(from, to, systemClock);
      if (opts.json) ctx.io.out(JSON.stringify(r, null, 2));
      else {
        ctx.io.out(`copied ${r.tables.map((t) => `${t.table} ${t.rows}`).join(', ')}; row counts verified`);
        if (r.cleaned > 0) ctx.io.out(`${r.cleaned} value(s) held control characters (such as NUL) and were copied without them`);
      }
    });
};
