import { allSignalPages, EXPORT_FORMATS, writableSink, writeSignals, writeSignalsFile, type ExportFormat } from '../export/signals.export.js';
import type { Store } from '../store/store.port.js';

export { EXPORT_FORMATS, type ExportFormat };

/**
 * Streams every signal to `output` ('-' is stdout) a page at a time. A file is written under a
 * temporary name and renamed when complete, so a failed export never leaves a half file.
 */
export const writeExport = async (store: Store, format: ExportFormat, output: string, pageSize: number): Promise<number> => {
  const pages = allSignalPages(store, pageSize);
  if (output === '-') return writeSignals(writableSink(process.stdout), format, pages);
  return (await writeSignalsFile(output, format, pages)).rows;
};
