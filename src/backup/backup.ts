import { createHash } from 'node:crypto';
import { spawn } from 'node:child_process';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import Sqlite from 'better-sqlite3';
import { AppError, conflict, inputError, internalError } from '../domain/errors.js';

/**
 * Backups of the store (docs/adr/0015-backups-and-store-migration.md): a SQLite file copied with
 * SQLite's online backup API, or a `pg_dump --format=custom` archive, each with a `.sha256`
 * sidecar (sha256sum format) and a retention count. Restore verifies the checksum first.
 */

export type BackupKind = 'sqlite' | 'postgres';

/** Where a backup comes from or goes to: the configured SQLite file or PostgreSQL URL. */
export interface StoreLocation {
  kind: BackupKind;
  /** SQLite file path. */
  path?: string;
  /** postgres:// URL. */
  url?: string;
}

export interface BackupEntry {
  file: string;
  kind: BackupKind;
  bytes: number;
  sha256: string | null;
  createdAt: string;
}

const EXT: Record<BackupKind, string> = { sqlite: '.sqlite', postgres: '.pgdump' };
const PREFIX = 'harvest-';

const kindOf = (file: string): BackupKind | undefined =>
  file.endsWith(EXT.sqlite) ? 'sqlite' : file.endsWith(EXT.postgres) ? 'postgres' : undefined;

export const sha256File = (file: string): Promise<string> =>
  new Promise((res, rej) => {
    const h = createHash('sha256');
    createReadStream(file)
      .on('data', (c) => h.update(c))
      .on('error', rej)
      .on('end', () => res(h.digest('hex')));
  });

const sidecar = (file: string): string => `${file}.sha256`;

const readSidecar = (file: string): string | null => {
  if (!existsSync(sidecar(file))) return null;
  const m = /^([0-9a-f]{64})\b/.exec(readFileSync(sidecar(file), 'utf8').trim());
  return m ? (m[1] as string) : null;
};

/** Hides the password of a postgres URL (for messages). */
export const redactPgUrl = (s: string): string => s.replace(/(postgres(?:ql)?:\/\/)[^@\s/]*@/gi, '$1***@');

/** A postgres URL without its password, and the password in PGPASSWORD: argv never holds a secret. */
const pgArgs = (url: string): { url: string; env: NodeJS.ProcessEnv } => {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw inputError(`not a valid PostgreSQL URL: ${redactPgUrl(url)}`);
  }
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (u.password) {
    env.PGPASSWORD = decodeURIComponent(u.password);
    u.password = '';
  }
  return { url: u.toString(), env };
};

const runTool = (cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> =>
  new Promise((res, rej) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', (e: NodeJS.ErrnoException) =>
      rej(new AppError(e.code === 'ENOENT' ? 'CONFIG_INVALID' : 'INTERNAL', `${cmd} could not be started: ${e.code === 'ENOENT' ? `${cmd} is not installed (install the PostgreSQL client tools)` : e.message}`)),
    );
    child.on('close', (code) =>
      code === 0 ? res(out) : rej(internalError(`${cmd} failed (exit ${code}): ${redactPgUrl(err.trim()).slice(0, 2000)}`)),
    );
  });

const stamp = (now: Date): string => now.toISOString().replace(/[-:.]/g, '');

/** Lists backups in `dir`, newest first. */
export const listBackups = (dir: string): BackupEntry[] => {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.startsWith(PREFIX) && kindOf(f) !== undefined)
    .sort()
    .reverse()
    .map((f) => {
      const file = join(dir, f);
      const st = statSync(file);
      return { file, kind: kindOf(f) as BackupKind, bytes: st.size, sha256: readSidecar(file), createdAt: st.mtime.toISOString() };
    });
};

export interface CreateResult {
  entry: BackupEntry;
  removed: string[];
}

/**
 * Writes a consistent copy of the store to `dir` (to a temporary name, renamed when complete and
 * checksummed), then deletes the oldest backups of that kind beyond `keep`.
 */
export const createBackup = async (from: StoreLocation, dir: string, opts: { keep: number; now: Date }): Promise<CreateResult> => {
  if (!Number.isInteger(opts.keep) || opts.keep < 1) throw inputError('--keep must be an integer of at least 1');
  mkdirSync(dir, { recursive: true });
  const name = `${PREFIX}${from.kind}-${stamp(opts.now)}${EXT[from.kind]}`;
  const file = join(resolve(dir), name);
  if (existsSync(file)) throw conflict(`a backup named ${name} already exists`);
  const tmp = `${file}.partial`;
  try {
    if (from.kind === 'sqlite') {
      const src = resolve(from.path ?? '');
      if (!from.path || !existsSync(src)) throw inputError(`no SQLite database at ${src}`);
      const db = new Sqlite(src, { readonly: true, fileMustExist: true });
      try {
        await db.backup(tmp);
      } finally {
        db.close();
      }
    } else {
      const { url, env } = pgArgs(from.url ?? '');
      await runTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--file=${tmp}`, `--dbname=${url}`], env);
    }
    const sum = await sha256File(tmp);
    renameSync(tmp, file);
    writeFileSync(sidecar(file), `${sum}  ${name}\n`);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  const removed: string[] = [];
  const same = listBackups(dir).filter((e) => e.kind === from.kind);
  for (const old of same.slice(opts.keep)) {
    rmSync(old.file, { force: true });
    rmSync(sidecar(old.file), { force: true });
    removed.push(old.file);
  }
  const entry = listBackups(dir).find((e) => e.file === file) as BackupEntry;
  return { entry, removed };
};

export interface VerifyResult {
  file: string;
  kind: BackupKind;
  sha256: string;
  /** What else was checked beyond the checksum. */
  check: string;
}

/** Recomputes the checksum against the sidecar, then checks the archive is readable. */
export const verifyBackup = async (file: string): Promise<VerifyResult> => {
  const abs = resolve(file);
  const kind = kindOf(abs);
  if (!kind) throw inputError(`${file} is not a backup (expected a ${EXT.sqlite} or ${EXT.postgres} file)`);
  if (!existsSync(abs)) throw inputError(`no backup at ${abs}`);
  const expected = readSidecar(abs);
  if (!expected) throw inputError(`no checksum for ${basename(abs)}: ${sidecar(abs)} is missing or malformed`);
  const actual = await sha256File(abs);
  if (actual !== expected) throw inputError(`checksum mismatch for ${basename(abs)}: expected ${expected}, got ${actual} (the file is damaged)`);
  let check: string;
  if (kind === 'sqlite') {
    const db = new Sqlite(abs, { readonly: true, fileMustExist: true });
    try {
      const rows = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
      const result = rows.map((r) => r.integrity_check).join('; ');
      if (result !== 'ok') throw inputError(`SQLite integrity check of ${basename(abs)} failed: ${result}`);
      const items = (db.prepare('select count(*) as n from items').get() as { n: number }).n;
      check = `integrity_check ok, ${items} items`;
    } finally {
      db.close();
    }
  } else {
    const listing = await runTool('pg_restore', ['--list', abs], process.env);
    check = `pg_restore --list ok, ${listing.split('\n').filter((l) => l && !l.startsWith(';')).length} entries`;
  }
  return { file: abs, kind, sha256: actual, check };
};

/**
 * Restores a verified backup. SQLite: written beside the target and renamed over it (the old file
 * and its WAL are replaced only once the copy is complete); refuses to overwrite without `force`.
 * PostgreSQL: `pg_restore --clean --if-exists --single-transaction` into the target database.
 */
export const restoreBackup = async (file: string, to: StoreLocation, opts: { force: boolean }): Promise<VerifyResult> => {
  const verified = await verifyBackup(file);
  if (verified.kind !== to.kind) throw inputError(`${basename(verified.file)} is a ${verified.kind} backup but the target store is ${to.kind}`);
  if (to.kind === 'sqlite') {
    const target = resolve(to.path ?? '');
    if (!to.path) throw inputError('no SQLite target path');
    if (existsSync(target) && !opts.force) throw conflict(`${target} exists: stop the service and pass --force to replace it`);
    mkdirSync(dirname(target), { recursive: true });
    const tmp = `${target}.restoring`;
    copyFileSync(verified.file, tmp);
    if ((await sha256File(tmp)) !== verified.sha256) {
      rmSync(tmp, { force: true });
      throw internalError(`the copy of ${basename(verified.file)} does not match its checksum; nothing was changed`);
    }
    rmSync(`${target}-wal`, { force: true });
    rmSync(`${target}-shm`, { force: true });
    renameSync(tmp, target);
  } else {
    if (!opts.force) throw conflict('restoring into PostgreSQL replaces its tables: pass --force to proceed');
    const { url, env } = pgArgs(to.url ?? '');
    await runTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', `--dbname=${url}`, verified.file], env);
  }
  return verified;
};
