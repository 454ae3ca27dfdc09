/*
 * Where a benchmark finds the large labelled sets that are not in the repository (airline, CLAP,
 * spikes, stories, topics: see bench/README.md): `--data DIR`, else HARVEST_SHARED_DATA, else
 * `../shared/data` beside the checkout. When a set is absent the bench says so in one line and
 * exits 0: a fresh clone has no ../shared, and that is not a failure.
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringArg } from './args.js';

/** The repository root (bench/..). */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface DataDirChoice {
  dir: string;
  /** How it was chosen, for the skip line: `--data`, `HARVEST_SHARED_DATA` or the default. */
  from: string;
}

/** The data folder `--data`, HARVEST_SHARED_DATA or the default points at (it may not exist). */
export const chooseDataDir = (flag: string | undefined, env: NodeJS.ProcessEnv = process.env): DataDirChoice => {
  if (flag !== undefined) return { dir: resolve(flag), from: '--data' };
  if (env.HARVEST_SHARED_DATA) return { dir: resolve(ROOT, env.HARVEST_SHARED_DATA), from: 'HARVEST_SHARED_DATA' };
  return { dir: resolve(ROOT, '../shared/data'), from: 'the default ../shared/data' };
};

/** The first of `files` (relative to `dir`) that is missing, or undefined when all are there. */
export const firstMissing = (dir: string, files: readonly string[]): string | undefined => files.find((f) => !existsSync(resolve(dir, f)));

/** The one line a bench prints when its data is absent. */
export const skipLine = (bench: string, choice: DataDirChoice, missing: string): string => {
  const path = resolve(choice.dir, missing);
  const shown = relative(process.cwd(), path).startsWith('../..') ? path : relative(process.cwd(), path);
  return `${bench}: skipped — ${shown} not found (data from ${choice.from}; pass --data DIR, see bench/README.md)`;
};

/**
 * The data folder holding every one of `files`. When one is absent, prints the skip line and exits
 * 0, so a bench without its data never throws ENOENT or hangs.
 */
export const requireBenchData = (bench: string, files: readonly string[]): string => {
  const choice = chooseDataDir(stringArg('data'));
  const missing = firstMissing(choice.dir, files);
  if (missing === undefined) return choice.dir;
  console.log(skipLine(bench, choice, missing));
  process.exit(0);
};

/**
 * One data file: `--data` naming that file is taken as it is; else `rel` under the data folder.
 * When it is absent, prints the skip line and exits 0 (as `requireBenchData`).
 */
export const requireBenchFile = (bench: string, rel: string): string => {
  const flag = stringArg('data');
  if (flag && existsSync(flag) && statSync(flag).isFile()) return resolve(flag);
  const choice = chooseDataDir(flag);
  const file = resolve(choice.dir, rel);
  if (existsSync(file)) return file;
  console.log(skipLine(bench, choice, rel));
  process.exit(0);
};
