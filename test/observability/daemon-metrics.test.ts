import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

describe('harvest daemon --metrics-port (the built binary)', () => {
  it('serves its pipeline metrics while it runs, and stops the listener on SIGTERM', async () => {
    const dir = tempDir('harvest-daemon-metrics-');
    const cfg = join(dir, 'settings.yaml');
    writeFileSync(cfg, 'sources:\n  demo:\n    enabled: true\nmetrics:\n  daemonHost: 127.0.0.1\n');
    const env = cleanEnv({ HARVEST_CONFIG: cfg, HARVEST_DB_PATH: join(dir, 'app.db') });
    const child = spawn(process.execPath, [BIN, 'daemon', '--interval', '600', '--metrics-port', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    const ready = new Promise<string>((resolve, reject) => {
      const check = () => {
        const url = /metrics on (http:\/\/\S+)/.exec(err)?.[1];
        if (url && /run #1 succeeded/.test(out)) resolve(url);
      };
      child.stdout.on('data', (d: Buffer) => ((out += d.toString()), check()));
      child.stderr.on('data', (d: Buffer) => ((err += d.toString()), check()));
      child.on('close', (code) => reject(new Error(`daemon exited (${code}) early: ${err}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      const url = await ready;
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics\/prometheus$/);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      const text = await res.text();
      expect(text).toContain('harvest_pipeline_stage_runs_total{stage="fetch",outcome="success"} 1');
      expect(text).toContain('harvest_source_fetched_items_total{source="demo"} 2000');
      expect(text).toContain('harvest_pipeline_expected_interval_seconds 600');
      expect(text).toMatch(/^harvest_pipeline_last_success_timestamp_seconds \d+/m);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await expect(fetch(url)).rejects.toThrow();
    } finally {
      child.kill('SIGKILL');
    }
  }, 90_000);

  it('rejects a bad --metrics-port before opening anything', async () => {
    const r = await runCli(['daemon', '--interval', '60', '--metrics-port', '70000'], { env: cleanEnv({ HARVEST_DB_PATH: join(tempDir('harvest-dm-'), 'app.db') }) });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/--metrics-port.*must be an integer between 0 and 65535/);
  });
});
