import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../observability/logger.js';
import type { Clock } from '../platform/clock.js';
import type { Job, JobKind } from '../store/jobs.port.js';
import type { Store } from '../store/store.port.js';

/** What a job body sees while it runs. */
export interface JobContext {
  readonly job: Job;
  readonly store: Store;
  readonly log: Logger;
  /** Ids per chunk for bulk bodies. */
  readonly chunkSize: number;
  /** Aborted when cancel is requested (from any replica), the job is lost, or the runner closes. */
  readonly signal: AbortSignal;
  /** Adds progress and refreshes the heartbeat; picks up a cancel request. Returns false when the body should stop. */
  progress(delta: { done?: number; failed?: number }): Promise<boolean>;
  /** Awaited between chunks (the runner's `betweenChunks` option). */
  pace(): Promise<void>;
}

/** What a body ends with; `status` defaults to `succeeded`. */
export interface JobOutcome {
  result: Record<string, unknown>;
  status?: 'succeeded' | 'failed';
  error?: string;
}

/** A job to start: what the store records and the body that does the work. */
export interface JobSpec {
  kind: JobKind;
  params: Record<string, unknown>;
  total: number;
  /** At most one queued or running job of this kind (checked and inserted in one transaction). */
  exclusive?: boolean;
  run(ctx: JobContext): Promise<JobOutcome>;
}

export interface JobRunnerDeps {
  store: Store;
  clock: Clock;
  log: Logger;
}

export interface JobRunnerOptions {
  /** Ids per chunk; default 200. */
  chunkSize?: number;
  /** Heartbeat (and cancel check) period while a body runs; default 5 s. */
  heartbeatMs?: number;
  /** A running job with no heartbeat for this long is failed as interrupted; default 60 s. */
  staleAfterMs?: number;
  /** How long `close()` waits for running bodies; default 5 s. */
  closeTimeoutMs?: number;
  /** Awaited between chunks (tests slow a job down with it); default none. */
  betweenChunks?: () => Promise<void>;
}

/** Runs store-backed jobs in this process after the request that started them has been answered. */
export interface JobRunner {
  /** Records the job and schedules its body; undefined when `exclusive` and one is already active. */
  start(spec: JobSpec): Promise<Job | undefined>;
  /** The instant (ISO) before which a heartbeat means the job's process is gone. */
  staleBefore(): string;
  /** Fails jobs (of any process) whose heartbeat stopped longer than `staleAfterMs` ago. */
  failStale(): Promise<number>;
  /** This runner's `host:pid:instance`, recorded on every job it creates. */
  readonly owner: string;
  /**
   * Fails, at once, jobs created on this host by a process that is gone (its pid is not alive, or
   * is our own pid but another instance: a container restarted as pid 1). Called at start.
   */
  releaseOrphans(): Promise<number>;
  /** Resolves when every body started here has settled. */
  idle(): Promise<void>;
  /** Stops bodies running here (they end `failed`, interrupted) and waits for them, up to `closeTimeoutMs`. */
  close(): Promise<void>;
}

type StopReason = 'cancel' | 'lost' | 'shutdown';

const INTERRUPTED = 'interrupted: server shut down before the job finished';

/** `host:pid:instance`; the instance tells apart two processes that had the same pid. */
const processOwner = (): string => `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

const pidAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: alive, owned by another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** True when `owner` is a process on this host other than `self` that no longer runs. */
export const ownerIsGone = (owner: string, self: string): boolean => {
  const [host, pidText, instance] = owner.split(':');
  const [selfHost, selfPid, selfInstance] = self.split(':');
  if (host !== selfHost || instance === undefined || instance === selfInstance) return false;
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0) return false;
  return String(pid) === selfPid || !pidAlive(pid);
};

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export const createJobRunner = (deps: JobRunnerDeps, opts: JobRunnerOptions = {}): JobRunner => {
  const { store, clock } = deps;
  const log = deps.log.child({ component: 'jobs' });
  const chunkSize = opts.chunkSize ?? 200;
  const heartbeatMs = opts.heartbeatMs ?? 5000;
  const staleAfterMs = opts.staleAfterMs ?? 60_000;
  const pace = opts.betweenChunks ?? (async () => undefined);
  const owner = processOwner();
  const running = new Map<string, { stop: (why: StopReason) => void; done: Promise<void> }>();
  let closed = false;

  /** Records how a body ended; the first terminal status wins, so a job failed as stale stays failed. */
  const finish = async (job: Job, why: StopReason | undefined, outcome: JobOutcome | { error: unknown }): Promise<void> => {
    const result = 'result' in outcome ? outcome.result : undefined;
    if (why === 'cancel') await store.jobs.markStatus(job.id, 'cancelled', result);
    else if (why === 'shutdown') await store.jobs.markStatus(job.id, 'failed', result, INTERRUPTED);
    else if ('result' in outcome) await store.jobs.markStatus(job.id, outcome.status ?? 'succeeded', outcome.result, outcome.error);
    else await store.jobs.markStatus(job.id, 'failed', undefined, messageOf(outcome.error));
    if (!('result' in outcome) && why === undefined) log.warn({ jobId: job.id, kind: job.kind, err: messageOf(outcome.error) }, 'job failed');
  };

  const execute = async (job: Job, spec: JobSpec, controller: AbortController): Promise<void> => {
    const reason = (): StopReason | undefined => controller.signal.reason as StopReason | undefined;
    const stop = (why: StopReason): void => {
      if (!controller.signal.aborted) controller.abort(why);
    };
    if (controller.signal.aborted) {
      await store.jobs.markStatus(job.id, 'failed', undefined, INTERRUPTED);
      return;
    }
    if (!(await store.jobs.claim(job.id))) return;
    const progress = async (delta: { done?: number; failed?: number }): Promise<boolean> => {
      const now = await store.jobs.progress(job.id, delta);
      if (!now) stop('lost');
      else if (now.cancelRequested) stop('cancel');
      return !controller.signal.aborted;
    };
    let beating = false;
    const timer = setInterval(() => {
      if (beating) return;
      beating = true;
      progress({})
        .catch((err: unknown) => log.warn({ jobId: job.id, err: messageOf(err) }, 'job heartbeat failed'))
        .finally(() => (beating = false));
    }, heartbeatMs);
    timer.unref();
    const ctx: JobContext = { job, store, log: log.child({ jobId: job.id, kind: job.kind }), chunkSize, signal: controller.signal, progress, pace };
    try {
      const outcome = await spec.run(ctx);
      await finish(job, reason(), outcome);
    } catch (err) {
      await finish(job, reason(), { error: err });
    } finally {
      clearInterval(timer);
    }
  };

  const schedule = (job: Job, spec: JobSpec): void => {
    const controller = new AbortController();
    const done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => execute(job, spec, controller))
      .catch((err: unknown) => log.error({ jobId: job.id, err: messageOf(err) }, 'job bookkeeping failed'))
      .finally(() => running.delete(job.id));
    running.set(job.id, { stop: (why) => controller.abort(why), done });
  };

  const staleBefore = (): string => new Date(clock.now().getTime() - staleAfterMs).toISOString();
  const idle = async (): Promise<void> => {
    while (running.size > 0) await Promise.allSettled([...running.values()].map((r) => r.done));
  };

  return {
    async start(spec) {
      if (closed) throw new Error('job runner is closed');
      const job = spec.exclusive ? await store.jobs.createExclusive(spec.kind, spec.params, spec.total, owner) : await store.jobs.create(spec.kind, spec.params, spec.total, owner);
      if (job) schedule(job, spec);
      return job;
    },
    staleBefore,
    failStale: () => store.jobs.failStale(staleBefore()),
    owner,
    releaseOrphans: () => store.jobs.failOrphaned((o) => ownerIsGone(o, owner), 'interrupted: the process that ran it is gone (restarted or killed)'),
    idle,
    async close() {
      closed = true;
      for (const r of running.values()) r.stop('shutdown');
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, opts.closeTimeoutMs ?? 5000);
        timer.unref();
      });
      await Promise.race([idle(), timeout]);
      clearTimeout(timer);
    },
  };
};
