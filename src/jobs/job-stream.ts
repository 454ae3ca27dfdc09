import { PassThrough, type Readable } from 'node:stream';
import { isTerminalJobStatus, type Job, type JobsRepository } from '../store/jobs.port.js';

export interface JobStreamDeps {
  jobs: JobsRepository;
  log: { warn(obj: object, msg: string): void };
  /** The JSON each event carries. */
  toBody: (job: Job) => unknown;
  /** Fails jobs whose heartbeat stopped; called when the watched job looks stale. */
  failStale: () => Promise<unknown>;
  /** Heartbeats older than this (ISO) mean the job's process is gone. */
  staleBefore: () => string;
}

export interface JobStreamOptions {
  /** Store poll period; default 200 ms (any replica can stream any job). */
  pollMs?: number;
  /** Comment line period that keeps proxies from closing an idle stream; default 15 s. */
  keepAliveMs?: number;
}

export interface JobStream {
  /** Server-sent events: `progress` on every change, then one event named after the terminal status. */
  readonly body: Readable;
  /** Stops polling and ends the body (server shutdown); idempotent. */
  end(): void;
  /** Resolves once the stream has ended, for whatever reason. */
  readonly ended: Promise<void>;
}

const event = (name: string, data: string): string => `event: ${name}\ndata: ${data}\n\n`;

/**
 * Watches one job by polling the store and writes it as server-sent events. Ends after the terminal
 * event, on `end()`, or when the client goes away (the body is destroyed).
 */
export const jobEventStream = (deps: JobStreamDeps, id: string, opts: JobStreamOptions = {}): JobStream => {
  const body = new PassThrough();
  let timer: NodeJS.Timeout | undefined;
  let last = '';
  let stopped = false;
  let resolveEnded: () => void = () => undefined;
  const ended = new Promise<void>((resolve) => (resolveEnded = resolve));

  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    clearTimeout(timer);
    clearInterval(keepAlive);
    if (!body.writableEnded) body.end();
    resolveEnded();
  };
  const write = (chunk: string): void => {
    if (!stopped && !body.writableEnded) body.write(chunk);
  };

  const observe = async (): Promise<Job | undefined> => {
    const job = await deps.jobs.get(id);
    if (!job || isTerminalJobStatus(job.status)) return job;
    const lastSign = job.heartbeatAt ?? job.updatedAt;
    if (lastSign >= deps.staleBefore()) return job;
    await deps.failStale();
    return deps.jobs.get(id);
  };

  const tick = async (): Promise<void> => {
    try {
      const job = await observe();
      if (stopped) return;
      if (!job) {
        write(event('gone', JSON.stringify({ id })));
        stop();
        return;
      }
      const json = JSON.stringify(deps.toBody(job));
      if (json !== last) {
        last = json;
        write(event('progress', json));
      }
      if (isTerminalJobStatus(job.status)) {
        write(event(job.status, json));
        stop();
        return;
      }
    } catch (err) {
      // A store hiccup: keep the stream open and try again on the next tick.
      deps.log.warn({ jobId: id, err: (err as Error).message }, 'job stream poll failed');
    }
    if (!stopped) timer = setTimeout(() => void tick(), opts.pollMs ?? 200);
  };

  const keepAlive = setInterval(() => write(': keep-alive\n\n'), opts.keepAliveMs ?? 15_000);
  // The client went away (the server destroys the body) or the body finished: stop polling.
  body.on('close', stop);
  // Sends the headers at once, and tells EventSource clients how long to wait before reconnecting.
  write('retry: 2000\n\n');
  void tick();
  return { body, end: stop, ended };
};
