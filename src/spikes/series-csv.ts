/*
 * The batch mode's input: a NAB-format series, a `timestamp,value` header then one bucket a line.
 * Every problem is named by its line number; nothing is scored when any line is wrong.
 */
import { inputError } from '../domain/errors.js';

export interface Series {
  /** Timestamps as written (echoed back unchanged) and as epoch ms (UTC when no offset is given). */
  stamps: string[];
  times: number[];
  values: number[];
}

const MAX_PROBLEMS = 20;
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Epoch ms of "2014-04-10 07:15:00", "2014-04-10T07:15:00Z", with optional fraction or offset; NaN when not a date. */
export const parseTimestamp = (s: string): number => {
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/.exec(s);
  if (!m) return Number.NaN;
  return Date.parse(`${m[1]}T${m[2]}${m[3] ?? 'Z'}`);
};

export interface ParseOptions {
  /** Keep rows that repeat or go back before the previous timestamp (the bench: two NAB files repeat an hour or step back); the batch mode refuses them. */
  lenientOrder?: boolean;
}

/** Parses the whole text; throws INPUT_INVALID listing up to 20 problems by line. */
export const parseSeriesCsv = (text: string, name = 'input', opts: ParseOptions = {}): Series => {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1]!.trim() === '') lines.pop();
  const header = (lines[0] ?? '').replace(/^\uFEFF/, '').trim().toLowerCase().split(',').map((h) => h.trim());
  if (header.length < 2 || header[0] !== 'timestamp' || header[1] !== 'value') {
    throw inputError(`${name}: line 1 must be the header "timestamp,value" (found ${JSON.stringify((lines[0] ?? '').slice(0, 60))})`);
  }
  const problems: string[] = [];
  const series: Series = { stamps: [], times: [], values: [] };
  const problem = (line: number, what: string): void => {
    if (problems.length < MAX_PROBLEMS) problems.push(`line ${line}: ${what}`);
  };
  for (let i = 1; i < lines.length; i++) {
    const line = i + 1;
    const cells = lines[i]!.split(',');
    if (cells.length < 2 || cells.length > header.length) {
      problem(line, `expected ${header.length} comma-separated fields "timestamp,value", found ${cells.length}`);
      continue;
    }
    const stamp = cells[0]!.trim();
    const at = parseTimestamp(stamp);
    const text = cells[1]!.trim();
    const value = NUMBER.test(text) ? Number(text) : Number.NaN;
    if (Number.isNaN(at)) problem(line, `timestamp ${JSON.stringify(stamp.slice(0, 40))} is not a date (use "YYYY-MM-DD HH:MM:SS")`);
    if (!Number.isFinite(value)) problem(line, `value ${JSON.stringify(text.slice(0, 40))} is not a finite number`);
    if (Number.isNaN(at) || !Number.isFinite(value)) continue;
    const prev = series.times[series.times.length - 1];
    if (prev !== undefined && at === prev && !opts.lenientOrder) problem(line, `duplicate timestamp ${stamp} (also on the line before)`);
    else if (prev !== undefined && at < prev && !opts.lenientOrder) problem(line, `timestamp ${stamp} is earlier than the line before (rows must be in time order)`);
    series.stamps.push(stamp);
    series.times.push(at);
    series.values.push(value);
  }
  if (problems.length === 0 && series.values.length < 2) {
    problems.push(`line ${lines.length + 1}: a series needs at least 2 rows after the header (found ${series.values.length})`);
  }
  if (problems.length > 0) throw inputError(`${name}: ${problems.length === 1 ? problems[0] : `${problems.length >= MAX_PROBLEMS ? 'at least ' : ''}${problems.length} bad lines`}`, problems);
  return series;
};

/** The series' bucket width: the most common gap between consecutive rows (among the first 1,000). */
export const bucketWidthMs = (times: readonly number[]): number => {
  const counts = new Map<number, number>();
  for (let i = 1; i < Math.min(times.length, 1001); i++) {
    const d = times[i]! - times[i - 1]!;
    counts.set(d, (counts.get(d) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [d, c] of counts) if (c > bestCount || (c === bestCount && d < best)) [best, bestCount] = [d, c];
  return best;
};
