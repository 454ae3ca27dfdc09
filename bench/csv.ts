/**
 * A small RFC 4180 CSV reader for the benchmarks: quoted fields may hold commas, doubled quotes
 * ("") and embedded newlines; CRLF and LF line ends are both accepted. No CSV library is installed
 * and the bench data is small enough to parse in memory.
 */

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

interface ParseState {
  rows: string[][];
  row: string[];
  field: string;
}

const endField = (s: ParseState): void => {
  s.row.push(s.field);
  s.field = '';
};

const endRow = (s: ParseState): void => {
  endField(s);
  s.rows.push(s.row);
  s.row = [];
};

/** Reads a quoted field starting after its opening quote; returns the index after the closing one. */
const readQuoted = (text: string, start: number, s: ParseState): number => {
  let i = start;
  for (;;) {
    const next = text.indexOf('"', i);
    if (next === -1) {
      s.field += text.slice(i);
      return text.length;
    }
    s.field += text.slice(i, next);
    if (text.charCodeAt(next + 1) === QUOTE) {
      s.field += '"';
      i = next + 2;
      continue;
    }
    return next + 1;
  }
};

/** Parses CSV text into rows of raw string fields (the header row included). */
export const parseCsv = (text: string): string[][] => {
  const s: ParseState = { rows: [], row: [], field: '' };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === QUOTE && s.field === '') {
      i = readQuoted(text, i + 1, s);
    } else if (c === COMMA) {
      endField(s);
      i += 1;
    } else if (c === LF || c === CR) {
      endRow(s);
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
    } else {
      s.field += text[i];
      i += 1;
    }
  }
  if (s.field !== '' || s.row.length > 0) endRow(s);
  return s.rows;
};

/** Parses CSV text with a header row into records keyed by column name. */
export const parseCsvRecords = (text: string): Record<string, string>[] => {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  return rows
    .filter((r) => r.length > 1 || (r[0] ?? '') !== '')
    .map((r) => Object.fromEntries(header.map((name, i) => [name, r[i] ?? ''])));
};

/** The records in order, the first of each `key` value only (the airline file repeats some tweets). */
export const firstPerKey = (records: readonly Record<string, string>[], key: string): Record<string, string>[] => {
  const seen = new Set<string>();
  return records.filter((r) => {
    const k = r[key] ?? '';
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};
