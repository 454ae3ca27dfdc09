import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, cleanEnv } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

/** Starts `harvest serve` and resolves with its URL once it prints it. */
const serve = (env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string; exited: Promise<unknown> }> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    const exited = new Promise((r) => child.on('close', r));
    child.stdout.on('data', () => undefined);
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
      const m = /serving the API on (http:\/\/\S+)/.exec(err);
      if (m?.[1]) resolve({ child, url: m[1], exited });
    });
    void exited.then(() => reject(new Error(`exited before serving: ${err}`)));
  });

describe('a refresh whose server was killed with SIGKILL', () => {
  // A feed that never answers keeps the refresh job running until the kill.
  let hang: Server;
  const held: Array<() => void> = [];
  beforeAll(async () => {
    hang = createServer((req, res) => void held.push(() => res.destroy()));
    await new Promise<void>((r) => hang.listen(0, '127.0.0.1', r));
  });
  afterAll(async () => {
    for (const release of held) release();
    await new Promise((r) => hang.close(r));
  });

  it('is released when the server restarts: the next POST /refresh is accepted at once, not 409', async () => {
    const dir = tempDir('harvest-orphan-');
    const cfg = join(dir, 'settings.yaml');
    const port = (hang.address() as AddressInfo).port;
    writeFileSync(cfg, `sources:\n  rss:\n    feeds:\n      - name: slow\n        url: http://127.0.0.1:${port}/feed.xml\n    timeoutMs: 60000\n    maxRetries: 0\n`);
    const env = cleanEnv({ HARVEST_DB_PATH: join(dir, 'h.db'), HARVEST_CONFIG: cfg });

    const first = await serve(env);
    const accepted = await fetch(`${first.url}/refresh`, { method: 'POST' });
    expect(accepted.status).toBe(202);
    const { jobId } = (await accepted.json()) as { jobId: string };
    // Wait until the job runs (its fetch is now hanging on the feed).
    for (let i = 0; i < 100; i++) {
      const job = (await (await fetch(`${first.url}/bulk-jobs/${jobId}`)).json()) as { status: string };
      if (job.status === 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect((await fetch(`${first.url}/refresh`, { method: 'POST' })).status).toBe(409);
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await serve(env);
    try {
      const t0 = Date.now();
      const again = await fetch(`${second.url}/refresh`, { method: 'POST' });
      expect(again.status).toBe(202);
      expect(Date.now() - t0).toBeLessThan(30_000);
      const old = (await (await fetch(`${second.url}/bulk-jobs/${jobId}`)).json()) as { status: string; error: string };
      expect(old).toMatchObject({ status: 'failed' });
      expect(old.error).toMatch(/process that ran it is gone/);
    } finally {
      second.child.kill('SIGKILL');
      await second.exited;
    }
  }, 60_000);
});
