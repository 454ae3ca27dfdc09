import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseDataDir, firstMissing, ROOT, skipLine } from '../../bench/data-dir.js';

const run = promisify(execFile);
const empty = mkdtempSync(join(tmpdir(), 'harvest-bench-data-'));
afterAll(() => rmSync(empty, { recursive: true, force: true }));

describe('bench data folder: --data, HARVEST_SHARED_DATA, then ../shared/data', () => {
  it('prefers --data, then the environment, then ../shared/data beside the checkout', () => {
    expect(chooseDataDir('/data/sets', { HARVEST_SHARED_DATA: '/elsewhere' })).toEqual({ dir: '/data/sets', from: '--data' });
    expect(chooseDataDir(undefined, { HARVEST_SHARED_DATA: '/elsewhere' })).toEqual({ dir: '/elsewhere', from: 'HARVEST_SHARED_DATA' });
    expect(chooseDataDir(undefined, {})).toEqual({ dir: resolve(ROOT, '../shared/data'), from: 'the default ../shared/data' });
  });

  it('names the first missing file, or none when all are there', () => {
    mkdirSync(join(empty, 'airline'), { recursive: true });
    writeFileSync(join(empty, 'airline/Tweets.csv'), 'tweet_id,text\n');
    expect(firstMissing(empty, ['airline/Tweets.csv'])).toBeUndefined();
    expect(firstMissing(empty, ['airline/Tweets.csv', 'topics/mag-dev.jsonl'])).toBe('topics/mag-dev.jsonl');
    const line = skipLine('bench:topics', { dir: empty, from: '--data' }, 'topics/mag-dev.jsonl');
    expect(line).toBe(`bench:topics: skipped — ${join(empty, 'topics/mag-dev.jsonl')} not found (data from --data; pass --data DIR, see bench/README.md)`);
  });
});

describe.each(['quality', 'llm', 'feeds', 'topics', 'spikes', 'feedback'])('bench:%s without its data', (name) => {
  it('says so in one line and exits 0 (no ENOENT, no hang)', async () => {
    const data = mkdtempSync(join(empty, `${name}-`));
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', `bench/${name}.bench.ts`, '--data', data], { cwd: ROOT, timeout: 25_000 });
    expect(stdout.trim().split('\n')).toHaveLength(1);
    expect(stdout).toMatch(new RegExp(`^bench:${name}: skipped — .* not found \\(data from --data; pass --data DIR`));
    expect(stderr).toBe('');
  });
});
