/**
 * Child processes for bench/api.bench.ts: the real `harvest serve`, a bare Fastify hello-world, and
 * reading a process's resident set size from /proc. Bench-only.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';

export interface Served {
  child: ChildProcess;
  url: string;
  /** Process spawn → first `GET /health/ready` answered 200, in ms. */
  readyMs: number;
  /** Everything the process wrote to stderr so far (capped). */
  stderr: () => string;
}

const STDERR_CAP = 1 << 20;

const collect = (child: ChildProcess, stream: 'stdout' | 'stderr'): (() => string) => {
  let text = '';
  child[stream]?.setEncoding('utf8');
  child[stream]?.on('data', (chunk: string) => {
    text += chunk;
    // Keep the start (the address line) and the end (BENCH_MAX_RSS_KB) of a chatty process.
    if (text.length > STDERR_CAP) text = text.slice(0, STDERR_CAP / 2) + text.slice(-STDERR_CAP / 2);
  });
  return () => text;
};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Spawns `node <args>` and measures spawn → first 200 from `GET <url>/health/ready`, polling every
 * 10 ms once the process has printed its address (`serving the API on http://…` on stderr).
 * Throws when the process exits or is not ready within `timeoutMs`.
 */
export const startServer = async (args: string[], opts: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Served> => {
  const t0 = performance.now();
  const child = spawn(process.execPath, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = collect(child, 'stderr');
  let exited: string | undefined;
  child.once('exit', (code, signal) => {
    exited = `exited with ${signal ?? `code ${code}`}`;
  });
  child.once('error', (err) => {
    exited = `could not be spawned: ${err.message}`;
  });
  const deadline = t0 + (opts.timeoutMs ?? 30_000);
  let url: string | undefined;
  for (;;) {
    if (exited !== undefined) throw new Error(`the server ${exited} before it was ready; its stderr:\n${stderr().slice(-4000)}`);
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the server was not ready within ${opts.timeoutMs ?? 30_000} ms (address ${url ?? 'never printed'}); its stderr:\n${stderr().slice(-4000)}`);
    }
    url ??= /serving the API on (http:\/\/\S+)/.exec(stderr())?.[1];
    if (url !== undefined) {
      const ok = await fetch(`${url}/health/ready`).then(
        async (r) => {
          await r.arrayBuffer();
          return r.status === 200;
        },
        () => false,
      );
      if (ok) return { child, url, readyMs: performance.now() - t0, stderr };
    }
    await sleep(10);
  }
};

/** A bare Fastify server (`GET /` → `{hello:'world'}`) from the project's node_modules, in a child process. */
export const startHelloWorld = async (cwd: string, bodyFile?: string): Promise<{ child: ChildProcess; url: string }> => {
  const route = bodyFile
    ? // The same bytes as a given response, sent as is: what a bare Fastify manages on that payload.
      `const body = require('node:fs').readFileSync(${JSON.stringify(bodyFile)}); app.get('/', async (req, reply) => reply.type('application/json; charset=utf-8').send(body));`
    : "app.get('/', async () => ({ hello: 'world' }));";
  const script = [
    "const app = require('fastify')({ logger: false });",
    route,
    "app.listen({ host: '127.0.0.1', port: 0 }).then((address) => console.log(address), (err) => { console.error(err); process.exit(1); });",
    "process.on('SIGTERM', () => app.close().then(() => process.exit(0)));",
  ].join('\n');
  const child = spawn(process.execPath, ['-e', script], { cwd, env: { PATH: process.env.PATH }, stdio: ['ignore', 'pipe', 'pipe'] });
  const stdout = collect(child, 'stdout');
  const stderr = collect(child, 'stderr');
  const deadline = performance.now() + 15_000;
  for (;;) {
    const url = /http:\/\/\S+/.exec(stdout())?.[0];
    if (url !== undefined) return { child, url };
    if (child.exitCode !== null || performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the Fastify hello-world did not start: ${stderr().slice(-2000)}`);
    }
    await sleep(10);
  }
};

/** `VmRSS` / `VmHWM` of a process in KiB from /proc/<pid>/status; undefined once it has gone. */
export const procMemKb = (pid: number): { rss: number; hwm: number } | undefined => {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string): number => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return undefined;
  }
};

const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

/** CPU time (user + system) a process has used, in ms, from /proc/<pid>/stat; undefined once it has gone. */
export const procCpuMs = (pid: number): number | undefined => {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS;
  } catch {
    return undefined;
  }
};

/**
 * Waits until the process uses less than `maxShare` of a core over a `windowMs` window (it has
 * worked off whatever it was still doing), at most `maxMs`. Returns the wait and whether it settled.
 */
export const waitIdle = async (pid: number, opts: { windowMs?: number; maxShare?: number; maxMs?: number } = {}): Promise<{ ms: number; settled: boolean }> => {
  const windowMs = opts.windowMs ?? 500;
  const t0 = performance.now();
  let before = procCpuMs(pid);
  while (before !== undefined && performance.now() - t0 < (opts.maxMs ?? 300_000)) {
    await sleep(windowMs);
    const after = procCpuMs(pid);
    if (after === undefined) break;
    if (after - before < windowMs * (opts.maxShare ?? 0.05)) return { ms: performance.now() - t0 - windowMs, settled: true };
    before = after;
  }
  return { ms: performance.now() - t0, settled: false };
};

/** Samples VmRSS every `everyMs` until stopped; returns the largest sample and the sample count. */
export const sampleRss = (pid: number, everyMs = 100): { stop: () => { maxKb: number; samples: number } } => {
  let maxKb = 0;
  let samples = 0;
  const take = (): void => {
    const mem = procMemKb(pid);
    if (mem === undefined || !Number.isFinite(mem.rss)) return;
    samples += 1;
    maxKb = Math.max(maxKb, mem.rss);
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      take();
      return { maxKb, samples };
    },
  };
};

/** Sends SIGTERM and waits up to `timeoutMs` for the exit (then SIGKILL). */
export const stopChild = async (child: ChildProcess, timeoutMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number; killed: boolean }> => {
  const t0 = performance.now();
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode, ms: 0, killed: false };
  const exit = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
  child.kill('SIGTERM');
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, timeoutMs);
  const [code, signal] = await exit;
  clearTimeout(timer);
  return { code, signal, ms: performance.now() - t0, killed };
};
