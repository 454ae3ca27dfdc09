import { constants, createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { z } from 'zod';
import { AppError, inputError, isAppError } from '../../domain/errors.js';
import type { NewItem } from '../../domain/item.js';
import { defineSource } from '../source.descriptor.js';
import type { FetchBatch, FetchContext, Source } from '../source.port.js';
import { demoConfigSchema } from './demo.config.js';
import { mapDemoLine } from './map.js';
import { packageRoot } from '../../platform/package-root.js';

/** The bundled corpus, in the package's data/ folder. */
export const DEFAULT_DEMO_CORPUS = join(packageRoot(), 'data/demo/corpus.jsonl');
export const DEMO_CURSOR_KEY = 'corpus';
/** After rebasing, the newest corpus post sits this long before the anchor. */
export const DEMO_LEAD_MS = 3 * 60_000;
export const DEFAULT_DEMO_BATCH_SIZE = 500;

export interface DemoSourceOptions {
  /** JSONL corpus, one post per line; default DEFAULT_DEMO_CORPUS. */
  file: string;
  /** Items per yielded batch; default DEFAULT_DEMO_BATCH_SIZE. */
  batchSize: number;
  /** Called for every malformed line; the line is skipped and the run goes on. */
  onInvalid?: (err: AppError, lineNo: number) => void;
}

/** The stored cursor: lines consumed, the instant the corpus was rebased to, and which file. */
export interface DemoCursor {
  offset: number;
  anchor: string;
  file: string;
  /** The corpus's newest `createdAt` (ms) at the first fetch; saves a rescan on resume. */
  newest?: number;
}

const cursorSchema = z.object({
  offset: z.number().int().min(0),
  anchor: z.iso.datetime({ offset: true }),
  file: z.string(),
  newest: z.number().int().optional(),
});

/** Parses a stored cursor value; undefined when absent or unreadable. */
export const parseDemoCursor = (value: string | undefined): DemoCursor | undefined => {
  if (value === undefined) return undefined;
  try {
    const parsed = cursorSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
};

/**
 * Streams the lines of a UTF-8 file, a chunk's worth at a time, without holding the file in memory.
 * A trailing newline adds no line; `\r\n` endings are accepted.
 */
export async function* readLineChunks(file: string): AsyncGenerator<string[]> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
  const strip = (l: string): string => (l.endsWith('\r') ? l.slice(0, -1) : l);
  let rest = '';
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      if (lines.length > 0) yield lines.map(strip);
    }
    if (rest.length > 0) yield [strip(rest)];
  } finally {
    stream.destroy();
  }
}

const CREATED_AT = /"createdAt"\s*:\s*"([^"]+)"/;

/** The newest `createdAt` in the file (ms), found with a cheap scan; undefined when there is none. */
export const scanNewest = async (file: string): Promise<number | undefined> => {
  let newest: number | undefined;
  for await (const lines of readLineChunks(file)) {
    for (const line of lines) {
      const m = CREATED_AT.exec(line);
      const t = m?.[1] === undefined ? Number.NaN : Date.parse(m[1]);
      if (!Number.isNaN(t) && (newest === undefined || t > newest)) newest = t;
    }
  }
  return newest;
};

const assertReadable = async (file: string): Promise<void> => {
  try {
    await access(file, constants.R_OK);
  } catch (e) {
    throw new AppError('INPUT_INVALID', `demo corpus not readable: ${file}`, { status: 400, cause: e });
  }
};

interface Start {
  offset: number;
  anchor: string;
  newest: number | undefined;
}

const resolveStart = async (ctx: FetchContext, fileName: string): Promise<Start> => {
  const value = await ctx.getCursor(DEMO_CURSOR_KEY);
  const stored = parseDemoCursor(value);
  if (stored && stored.file === fileName) return { offset: stored.offset, anchor: stored.anchor, newest: stored.newest };
  if (value !== undefined) {
    ctx.log.warn({ cursor: value, file: fileName }, 'demo cursor unreadable or for another file; starting from the top');
  }
  return { offset: 0, anchor: ctx.clock.now().toISOString(), newest: undefined };
};

const cursorOf = (offset: number, start: Start, file: string): FetchBatch['cursor'] => {
  const value: DemoCursor = { offset, anchor: start.anchor, file, ...(start.newest === undefined ? {} : { newest: start.newest }) };
  return { key: DEMO_CURSOR_KEY, value: JSON.stringify(value) };
};

type Report = (err: AppError, lineNo: number) => void;

/** Maps one line; a blank line gives nothing, a malformed one is reported and gives nothing. */
const tryMap = (line: string, lineNo: number, shift: number, fetchedAt: string, report: Report): NewItem | undefined => {
  if (line.trim() === '') return undefined;
  try {
    return mapDemoLine(line, lineNo, shift, fetchedAt);
  } catch (e) {
    if (!isAppError(e) || e.code !== 'INPUT_INVALID') throw e;
    report(e, lineNo);
    return undefined;
  }
};

/**
 * The offline source: replays a JSONL corpus, rebased so that its newest post appears just before
 * the anchor (the first fetch's "now"). Anchor and newest time are kept in the cursor, so a resumed
 * run rebases identically. Malformed lines are skipped and reported; they never abort the run.
 */
export const createDemoSource = (opts: Partial<DemoSourceOptions> = {}): Source => {
  const file = opts.file ?? DEFAULT_DEMO_CORPUS;
  const batchSize = opts.batchSize ?? DEFAULT_DEMO_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw inputError(`demo batchSize must be a positive integer, got ${batchSize}`);
  const fileName = basename(file);

  async function* fetch(ctx: FetchContext): AsyncGenerator<FetchBatch> {
    const log = ctx.log.child({ component: 'source.demo' });
    await assertReadable(file);
    const resumed = await resolveStart(ctx, fileName);
    const start: Start = { ...resumed, newest: resumed.newest ?? (await scanNewest(file)) };
    const shift = start.newest === undefined ? 0 : Date.parse(start.anchor) - DEMO_LEAD_MS - start.newest;
    let invalid = 0;
    const report: Report = (err, at) => {
      invalid += 1;
      if (opts.onInvalid) opts.onInvalid(err, at);
      else if (invalid <= 10) log.warn({ lineNo: at, details: err.details }, err.message);
    };
    let lineNo = 0;
    let pending = 0;
    let items: NewItem[] = [];
    let fetchedAt = ctx.clock.now().toISOString();
    for await (const lines of readLineChunks(file)) {
      for (const line of lines) {
        lineNo += 1;
        if (lineNo <= start.offset) continue;
        pending += 1;
        const item = tryMap(line, lineNo, shift, fetchedAt, report);
        if (item) items.push(item);
        if (items.length < batchSize) continue;
        ctx.signal?.throwIfAborted();
        yield { items, cursor: cursorOf(lineNo, start, fileName) };
        items = [];
        pending = 0;
        fetchedAt = ctx.clock.now().toISOString();
      }
    }
    ctx.signal?.throwIfAborted();
    if (pending > 0) yield { items, cursor: cursorOf(lineNo, start, fileName) };
    if (invalid > 0) log.warn({ invalid, file: fileName }, 'demo corpus lines skipped as invalid');
  }

  return { name: 'demo', fetch };
};

/** The demo corpus: on when switched on; malformed lines are logged and skipped. */
export const demoSource = defineSource('demo', demoConfigSchema, (cfg, deps) => {
  const log = deps.log.child({ component: 'source', source: 'demo' });
  const onInvalid = (err: AppError, lineNo: number): void => log.warn({ lineNo, err: err.message }, 'skipped a malformed corpus line');
  return createDemoSource({ file: cfg.file ?? DEFAULT_DEMO_CORPUS, batchSize: cfg.batchSize, onInvalid });
}, (cfg) => cfg.enabled);
