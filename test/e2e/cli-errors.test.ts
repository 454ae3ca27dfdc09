import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../src/export/signals.export.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

/** One line on stderr, no stack trace, exit 2, nothing written: what a user should see for a mistake. */
const expectClearUsageError = (r: { code: number | null; stderr: string }, pattern: RegExp): void => {
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(pattern);
  expect(r.stderr).not.toMatch(/\n\s+at |unexpected error/);
};

describe('clear errors instead of stacks', () => {
  it('serve on a port in use: one line naming the port, exit 2', async () => {
    const blocker = createServer();
    await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
    const port = (blocker.address() as AddressInfo).port;
    const dir = tempDir('harvest-clierr-');
    try {
      const r = await runCli(['serve', '--port', String(port)], { env: cleanEnv({ HARVEST_DB_PATH: join(dir, 'h.db') }), killAfterMs: 30_000 });
      expectClearUsageError(r, new RegExp(`cannot serve on 127\\.0\\.0\\.1:${port}: the port is in use`));
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  }, 40_000);

  it('export into a folder that does not exist names the real path, exit 2, no database created', async () => {
    const dir = tempDir('harvest-clierr-');
    const r = await runCli(['export', '--format', 'csv', '--output', '/nonexistent/dir/x.csv'], { env: cleanEnv({ HARVEST_DB_PATH: join(dir, 'h.db') }) });
    expectClearUsageError(r, /cannot write \/nonexistent\/dir\/x\.csv: the folder \/nonexistent\/dir does not exist/);
    expect(r.stderr).not.toMatch(/\.tmp/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fetch --source manual says manual is not fetchable', async () => {
    const dir = tempDir('harvest-clierr-');
    const r = await runCli(['fetch', '--source', 'manual'], { env: cleanEnv({ HARVEST_DB_PATH: join(dir, 'h.db') }) });
    expectClearUsageError(r, /"manual" is not a fetchable source/);
    expect(existsSync(join(dir, 'h.db'))).toBe(false);
  });

  it('classify with a missing id names the line and the field', async () => {
    const r = await runCli(['classify'], { input: '{"id":"a","text":"fine"}\n{"text":"no id here"}\n' });
    expectClearUsageError(r, /stdin:2: id: is missing/);
    expect(r.stdout).toBe('');
  });

  it('an invalid enum value lists the allowed values', async () => {
    const r = await runCli(['top', '--category', 'nope']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/must be one of: outage, security, bug/);
  });
});

describe('CSV cells', () => {
  it('keeps negative numbers as numbers and still guards text that starts like a formula', () => {
    expect(csvCell(-0.26)).toBe('-0.26');
    expect(csvCell(-1)).toBe('-1');
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('=cmd()')).toBe("'=cmd()");
    expect(csvCell('@handle, hi')).toBe(`"'@handle, hi"`);
  });
});
