import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import type { SignalRow, Store } from '../store/store.port.js';
import { signalJson } from './output.js';

export const EXPORT_FORMATS = ['csv', 'json', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const CSV_COLUMNS = ['id', 'source', 'externalId', 'url', 'author', 'createdAt', 'category', 'sentiment', 'sentimentScore', 'urgency', 'confidence', 'salience', 'likes', 'reposts', 'replies', 'quotes', 'views', 'tags', 'title', 'text'] as const;

/** RFC 4180 quoting; cells starting with = + - @ are prefixed so spreadsheets never run them. */
const csvCell = (v: unknown): string => {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

const csvRow = (s: SignalRow): string =>
  [s.id, s.source, s.externalId, s.url, s.authorHandle, s.createdAt, s.category, s.sentiment, s.sentimentScore, s.urgency, s.confidence, s.salience, s.metrics.likes, s.metrics.reposts, s.metrics.replies, s.metrics.quotes, s.metrics.views, s.tags.join(';'), s.title, s.text]
    .map(csvCell)
    .join(',');

const write = async (out: Writable, text: string): Promise<void> => {
  if (!out.write(text)) await once(out, 'drain');
};

/**
 * Streams every signal to `output` ('-' is stdout) a page at a time. A file is written under a
 * temporary name and renamed when complete, so a failed export never leaves a half file.
 */
export const writeExport = async (store: Store, format: ExportFormat, output: string, pageSize: number): Promise<number> => {
  const toStdout = output === '-';
  const tmp = `${output}.${process.pid}.tmp`;
  const out: Writable = toStdout ? process.stdout : createWriteStream(tmp, { encoding: 'utf8' });
  let n = 0;
  try {
    if (format === 'csv') await write(out, `${CSV_COLUMNS.join(',')}\n`);
    if (format === 'json') await write(out, '[');
    let afterId = 0;
    for (;;) {
      const page = await store.signalsPage(afterId, pageSize);
      if (page.length === 0) break;
      afterId = page[page.length - 1]?.id ?? afterId;
      const chunk = page
        .map((s) => {
          const body = format === 'csv' ? csvRow(s) : JSON.stringify(signalJson(s));
          const sep = format === 'json' ? (n++ === 0 ? '\n' : ',\n') : (n++, '');
          return `${sep}${body}${format === 'json' ? '' : '\n'}`;
        })
        .join('');
      await write(out, chunk);
    }
    if (format === 'json') await write(out, n === 0 ? ']\n' : '\n]\n');
    if (!toStdout) {
      out.end();
      await once(out, 'finish');
      renameSync(tmp, output);
    }
    return n;
  } catch (err) {
    if (!toStdout) {
      out.destroy();
      rmSync(tmp, { force: true });
    }
    throw err;
  }
};
