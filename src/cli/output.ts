import cliProgress from 'cli-progress';
import type { Progress } from '../pipeline/deps.js';
import type { SignalRow } from '../store/store.port.js';

/** Where commands write: stdout for results, stderr for messages. Injected so tests capture both. */
export interface Io {
  out(text: string): void;
  err(text: string): void;
  /** Whether stdout is a terminal (tables, progress bars). */
  isTty: boolean;
  columns: number;
  stdin: NodeJS.ReadableStream;
}

/** True for the error a write to a pipe gets once its reader has gone (`harvest export … | head`). */
export const isClosedPipe = (err: unknown): boolean => (err as NodeJS.ErrnoException | null)?.code === 'EPIPE';

let pipeWatched = false;

/**
 * The process's stdout and stderr. A reader that stops early (`| head`) closes the pipe: the command
 * ends there with exit 0, as Unix tools do, instead of an unhandled 'error' event.
 */
export const processIo = (): Io => {
  if (!pipeWatched) {
    pipeWatched = true;
    process.stdout.on('error', (err) => {
      if (isClosedPipe(err)) process.exit(0);
      throw err;
    });
  }
  return processIoStreams();
};

const processIoStreams = (): Io => ({
  out: (t) => void process.stdout.write(t.endsWith('\n') ? t : `${t}\n`),
  err: (t) => void process.stderr.write(t.endsWith('\n') ? t : `${t}\n`),
  isTty: Boolean(process.stdout.isTTY),
  columns: process.stdout.columns ?? 120,
  stdin: process.stdin,
});

/** Progress bars on stderr, only when stdout is a terminal. */
export const terminalProgress = (io: Io): Progress | undefined => {
  if (!io.isTty) return undefined;
  let bar: cliProgress.SingleBar | null = null;
  let done = 0;
  return {
    start(stage, total) {
      done = 0;
      bar = new cliProgress.SingleBar(
        { stream: process.stderr, format: total === null ? `${stage.padEnd(14)} {value} items  {duration_formatted}` : `${stage.padEnd(14)} [{bar}] {value}/{total}  {eta_formatted}`, hideCursor: true, clearOnComplete: false },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total ?? 0, 0);
    },
    advance(n) {
      done += n;
      bar?.update(done);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
};

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

const clip = (s: string, width: number): string => (s.length <= width ? s : `${s.slice(0, Math.max(0, width - 1))}…`);

/** A plain-text table; the last column takes the remaining width. */
export const renderTable = (headers: string[], rows: string[][], columns: number): string => {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fixed = widths.slice(0, -1).reduce((a, b) => a + b + 2, 0);
  widths[widths.length - 1] = Math.max(20, Math.min(widths[widths.length - 1] ?? 20, columns - fixed));
  const line = (cells: string[]): string => cells.map((c, i) => clip(c, widths[i] ?? 10).padEnd(widths[i] ?? 10)).join('  ').trimEnd();
  return [line(headers), line(widths.map((w) => '─'.repeat(w))), ...rows.map(line)].join('\n');
};

export const signalsTable = (signals: readonly SignalRow[], columns: number): string =>
  renderTable(
    ['#', 'salience', 'category', 'sentiment', 'urg', 'source', 'author', 'text'],
    signals.map((s, i) => [
      String(i + 1),
      s.salience.toFixed(1),
      s.category,
      s.sentiment,
      String(s.urgency),
      s.source,
      s.authorHandle ? `@${s.authorHandle}` : '',
      oneLine(s.title ? `${s.title} — ${s.text}` : s.text),
    ]),
    columns,
  );

/** The JSON shape of a signal for scripts (`top --json`, `demo --json`): the export's record. */
export { signalRecord as signalJson } from '../export/signals.export.js';
