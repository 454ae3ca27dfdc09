import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { inputError } from '../domain/errors.js';
import { muteFilter, type MutedView } from '../domain/mute.js';
import { allSignalPages, EXPORT_FORMATS, writableSink, writeSignals, writeSignalsFile, type ExportFormat } from '../export/signals.export.js';
import type { Store } from '../store/store.port.js';

export { EXPORT_FORMATS, type ExportFormat };

/** Refuses, before anything is read or written, an output whose folder does not exist or that is a folder. */
export const assertWritableTarget = (output: string): void => {
  const path = resolve(output);
  const dir = dirname(path);
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw inputError(`cannot write ${path}: the folder ${dir} does not exist`);
  if (existsSync(path) && statSync(path).isDirectory()) throw inputError(`cannot write ${path}: it is a folder; give a file name`);
};

/**
 * Streams every signal to `output` ('-' is stdout) a page at a time; signals a mute rule matches are
 * left out unless `muted` is include (or only). A file is written under a temporary name and renamed
 * when complete, so a failed export never leaves a half file.
 */
export const writeExport = async (store: Store, format: ExportFormat, output: string, pageSize: number, muted: MutedView = 'exclude'): Promise<number> => {
  const pages = allSignalPages(store, pageSize, muteFilter(await store.mutes.list(), muted));
  if (output === '-') return writeSignals(writableSink(process.stdout), format, pages);
  assertWritableTarget(output);
  return (await writeSignalsFile(output, format, pages)).rows;
};
