import { spawn, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

interface Running {
  child: ChildProcess;
  url: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `harvest <args>` and resolves once it prints the address it serves on. */
const start = (args: string[], env: NodeJS.ProcessEnv): Promise<Running> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    const exited = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    child.stdout.on('data', () => undefined);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /serving the API on (http:\/\/\S+)/.exec(err);
      if (m?.[1]) resolve({ child, url: m[1], stderr: () => err, exited });
    });
    void exited.then((code) => reject(new Error(`exited ${code} before serving: ${err}`)));
  });

describe('serving the API', () => {
  it('`harvest demo` loads the demo data, serves it, and stops cleanly on SIGTERM', async () => {
    const dir = tempDir('harvest-serve-');
    const s = await start(['demo', '--port', '0'], cleanEnv({ HARVEST_DB_PATH: join(dir, 'demo.db') }));
    const ready = await fetch(`${s.url}/health/ready`);
    expect(ready.status).toBe(200);
    const top = (await (await fetch(`${s.url}/top?limit=5`)).json()) as Array<{ category: string }>;
    expect(top).toHaveLength(5);
    s.child.kill('SIGTERM');
    expect(await s.exited).toBe(0);
    expect(s.stderr()).toMatch(/SIGTERM: finishing in-flight work/);
  }, 60_000);

  it('finishes every accepted request when SIGTERM arrives under load', async () => {
    const dir = tempDir('harvest-serve-');
    const cfg = join(dir, 'settings.yaml');
    writeFileSync(cfg, 'api:\n  rateLimit:\n    anonymousPerMinute: 1000000\n');
    const env = cleanEnv({ HARVEST_DB_PATH: join(dir, 'demo.db'), HARVEST_CONFIG: cfg });
    const s = await start(['demo', '--port', '0'], env);
    let ok = 0;
    let failed = 0;
    let refused = 0;
    const kinds: string[] = [];
    let stop = false;
    const worker = async (): Promise<void> => {
      while (!stop) {
        try {
          const r = await fetch(`${s.url}/top?limit=20`);
          await r.arrayBuffer();
          if (r.status === 200) ok += 1;
          else {
            failed += 1;
            kinds.push(`status ${r.status}`);
          }
        } catch (err) {
          // After the listener closes, new connections are refused: the request never started.
          const code = (err as { cause?: { code?: string } }).cause?.code;
          if (code === 'ECONNREFUSED') refused += 1;
          else {
            failed += 1;
            kinds.push(`${code ?? (err as Error).message}`);
          }
        }
      }
    };
    const workers = Array.from({ length: 16 }, worker);
    await new Promise((r) => setTimeout(r, 1500));
    // Like a load balancer: keep sending for half of the server's 1 s drain after SIGTERM (the
    // endpoint is being removed), then stop starting new requests. Everything sent must succeed.
    const okBefore = ok;
    s.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 500));
    stop = true;
    await Promise.all(workers);
    const servedDuringDrain = ok - okBefore;
    expect(await s.exited).toBe(0);
    console.log(`[serve test] under load: ${ok} ok, ${failed} failed, ${refused} refused after close ${JSON.stringify([...new Set(kinds)])}`);
    expect(ok).toBeGreaterThan(50);
    expect(servedDuringDrain).toBeGreaterThan(0);
    expect(failed).toBe(0);
  }, 60_000);
});
