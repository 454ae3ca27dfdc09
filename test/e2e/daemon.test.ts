import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const setup = (): NodeJS.ProcessEnv => {
  const dir = tempDir('harvest-daemon-');
  const cfg = join(dir, 'settings.yaml');
  writeFileSync(cfg, 'sources:\n  demo:\n    enabled: true\n');
  return cleanEnv({ HARVEST_CONFIG: cfg, HARVEST_DB_PATH: join(dir, 'app.db') });
};

describe('harvest daemon', () => {
  it('runs the pipeline every interval, up to --max-runs', async () => {
    const env = setup();
    const r = await runCli(['daemon', '--interval', '1', '--max-runs', '2'], { env });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.match(/^run #\d+ succeeded/gm)).toHaveLength(2);
    expect(r.stdout).toMatch(/run #1 succeeded[\s\S]*fetch\s+2000 new[\s\S]*run #2 succeeded[\s\S]*fetch\s+0 new/);
  });

  it('finishes the current run and exits 0 on SIGTERM', async () => {
    const env = setup();
    const child = spawn(process.execPath, [BIN, 'daemon', '--interval', '3600'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const firstRun = new Promise<void>((resolve) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        if (/run #1 succeeded/.test(out)) resolve();
      });
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    await firstRun;
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const db = new Database(env.HARVEST_DB_PATH as string, { readonly: true });
    expect(db.prepare('select status from pipeline_runs').all()).toEqual([{ status: 'succeeded' }]);
    db.close();
  });
});
