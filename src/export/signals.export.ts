import { createHash } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { Metrics } from '../domain/item.js';
import type { MuteFilter } from '../domain/mute.js';
import { toSignalBody, type SignalBody } from '../domain/signal.schema.js';
import type { SnapshotFormat } from '../store/snapshots.port.js';
import type { SignalListQuery, SignalRow, Store } from '../store/store.port.js';

/**
 * Exports of signals as CSV, JSON or NDJSON, streamed a page at a time so memory stays flat. One
 * writer serves the CLI (`harvest export`) and the API's snapshots.
 */
export const EXPORT_FORMATS = ['csv', 'json', 'ndjson'] as const satisfies readonly SnapshotFormat[];
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** The filters of a filtered export (the item list's, without paging). */
export type SignalFilter = Omit<SignalListQuery, 'limit' | 'beforeId'>;

const METRIC_COLUMNS = ['likes', 'reposts', 'replies', 'quotes', 'views'] as const satisfies ReadonlyArray<keyof Metrics>;
type MetricColumn = (typeof METRIC_COLUMNS)[number];
/** CSV columns: fields of the exported record (SignalBody), with the metrics flattened. */
const CSV_COLUMNS = ['id', 'source', 'externalId', 'url', 'author', 'createdAt', 'category', 'sentiment', 'sentimentScore', 'urgency', 'confidence', 'salience', ...METRIC_COLUMNS, 'tags', 'title', 'text'] as const satisfies ReadonlyArray<keyof SignalBody | MetricColumn>;

/**
 * RFC 4180 quoting; text cells starting with = + - @ are prefixed so spreadsheets never run them.
 * Numbers are written as they are (a negative sentiment score stays -0.26, not '-0.26).
 */
export const csvCell = (v: unknown): string => {
  let s = v === null || v === undefined ? '' : String(v);
  if (typeof v !== 'number' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const isMetric = (c: string): c is MetricColumn => (METRIC_COLUMNS as readonly string[]).includes(c);

const csvRow = (s: SignalRow): string => {
  const record = toSignalBody(s);
  return CSV_COLUMNS.map((c) => csvCell(c === 'tags' ? record.tags.join(';') : isMetric(c) ? record.metrics[c] : record[c])).join(',');
};

/** One exported signal in JSON and NDJSON: the same fields as the CLI's `--json` and the API's Signal. */
export const signalRecord = toSignalBody;

/** Where export text goes; `write` resolves once the text may be followed by more (back-pressure). */
export interface TextSink {
  write(text: string): Promise<void>;
}

export const writableSink = (out: Writable): TextSink => ({
  async write(text) {
    if (!out.write(text)) await once(out, 'drain');
  },
});

/** Every signal in id order (the CLI's full export); `mutes` hides (or keeps only) the muted ones. */
export async function* allSignalPages(store: Store, pageSize: number, mutes?: MuteFilter): AsyncGenerator<SignalRow[]> {
  let afterId = 0;
  for (;;) {
    const page = await store.signalsPage(afterId, pageSize, mutes);
    if (page.length === 0) return;
    yield page;
    afterId = page[page.length - 1]?.id ?? afterId;
  }
}

/** The signals matching `filter`, newest first (as `GET /items`), by keyset pages on id. */
export async function* filteredSignalPages(store: Store, filter: SignalFilter, pageSize: number): AsyncGenerator<SignalRow[]> {
  let beforeId: number | undefined;
  for (;;) {
    const page = await store.listSignals({ ...filter, limit: pageSize, beforeId });
    if (page.length > 0) yield page;
    if (page.length < pageSize) return;
    beforeId = page[page.length - 1]?.id;
  }
}

/** Writes the pages in `format` to `sink`; returns how many signals were written. */
export const writeSignals = async (sink: TextSink, format: ExportFormat, pages: AsyncIterable<readonly SignalRow[]>): Promise<number> => {
  let n = 0;
  if (format === 'csv') await sink.write(`${CSV_COLUMNS.join(',')}\n`);
  if (format === 'json') await sink.write('[');
  for await (const page of pages) {
    const chunk = page
      .map((s) => {
        const body = format === 'csv' ? csvRow(s) : JSON.stringify(signalRecord(s));
        const sep = format === 'json' ? (n === 0 ? '\n' : ',\n') : '';
        n++;
        return `${sep}${body}${format === 'json' ? '' : '\n'}`;
      })
      .join('');
    if (chunk !== '') await sink.write(chunk);
  }
  if (format === 'json') await sink.write(n === 0 ? ']\n' : '\n]\n');
  return n;
};

export interface WrittenFile {
  path: string;
  rows: number;
  bytes: number;
  /** Hex SHA-256 of the file, computed while writing. */
  sha256: string;
}

/** A file sink that counts bytes and hashes them as they are written. */
const hashingFileSink = (path: string) => {
  const out = createWriteStream(path, { encoding: 'utf8' });
  const hash = createHash('sha256');
  let bytes = 0;
  let failure: Error | undefined;
  // Kept so an I/O error between writes never becomes an unhandled 'error' event.
  out.on('error', (err) => {
    failure = err;
  });
  const closed = new Promise<void>((done) => out.once('close', () => done()));
  return {
    async write(text: string) {
      if (failure) throw failure;
      hash.update(text, 'utf8');
      bytes += Buffer.byteLength(text, 'utf8');
      if (!out.write(text)) await once(out, 'drain');
    },
    async end(): Promise<{ bytes: number; sha256: string }> {
      if (failure) throw failure;
      out.end();
      await finished(out);
      return { bytes, sha256: hash.digest('hex') };
    },
    /** Stops writing and waits until the descriptor is closed, so the file can be removed for good. */
    async abort() {
      out.destroy();
      await closed;
    },
  };
};

/**
 * Writes the pages to `path` under a temporary name and renames it when complete, so a failed
 * export never leaves a half file (the temporary file is removed).
 */
export const writeSignalsFile = async (path: string, format: ExportFormat, pages: AsyncIterable<readonly SignalRow[]>): Promise<WrittenFile> => {
  const tmp = `${path}.${process.pid}.tmp`;
  const sink = hashingFileSink(tmp);
  try {
    const rows = await writeSignals(sink, format, pages);
    const { bytes, sha256 } = await sink.end();
    await rename(tmp, path);
    return { path, rows, bytes, sha256 };
  } catch (err) {
    await sink.abort();
    await rm(tmp, { force: true });
    throw err;
  }
};
