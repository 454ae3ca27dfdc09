import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cleanEnv, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

/** `harvest spikes detect`: NAB-format CSV in, `timestamp,value,anomaly_score,label` out, bad input refused by line. */
const stamp = (i: number, stepMin = 5, start = Date.UTC(2026, 0, 1)): string => new Date(start + i * stepMin * 60_000).toISOString().replace('T', ' ').slice(0, 19);

/** Two weeks of 5-minute mention counts with a daily rhythm (deterministic noise) and a burst at bucket 3,500. */
const mentions = (): number[] =>
  Array.from({ length: 4032 }, (_, i) => {
    const hour = ((i * 5) / 60) % 24;
    const base = 3 + 2 * Math.sin((hour / 24) * 2 * Math.PI);
    const noise = ((i * 7919) % 5) - 2;
    const burst = i >= 3500 && i < 3512 ? 40 : 0;
    return Math.max(0, Math.round(base + noise * 0.6) + burst);
  });

const csv = (values: readonly (number | string)[], stamps?: readonly string[]): string => `timestamp,value\n${values.map((v, i) => `${stamps?.[i] ?? stamp(i)},${v}`).join('\n')}\n`;

interface Row { timestamp: string; value: string; score: number; label: number }
const parse = (stdout: string): Row[] =>
  stdout
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .map(([timestamp, value, score, label]) => ({ timestamp: timestamp!, value: value!, score: Number(score), label: Number(label) }));

describe('harvest spikes detect', () => {
  let dir: string;
  const file = (name: string, text: string): string => {
    const p = join(dir, name);
    writeFileSync(p, text);
    return p;
  };
  beforeAll(() => {
    dir = tempDir('harvest-spikes-');
  });

  it('scores every row in [0, 1] and raises one spike at the burst, echoing timestamps and values', async () => {
    const values = mentions();
    const r = await runCli(['spikes', 'detect', '--input', file('mentions.csv', csv(values))]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('timestamp,value,anomaly_score,label');
    const rows = parse(r.stdout);
    expect(rows).toHaveLength(values.length);
    expect(rows[10]).toMatchObject({ timestamp: stamp(10), value: String(values[10]) });
    for (const row of rows) expect(row.score >= 0 && row.score <= 1).toBe(true);
    const spikes = rows.flatMap((row, i) => (row.label === 1 ? [i] : []));
    expect(spikes.some((i) => i >= 3500 && i <= 3503)).toBe(true);
    expect(spikes.filter((i) => i >= 3500 && i < 3600)).toHaveLength(1);
    const stdin = await runCli(['spikes', 'detect'], { input: csv(values) });
    expect(stdin.stdout).toBe(r.stdout);
  });

  it('gives sane scores (no NaN, no spike) for a constant series, 1e12 values and a month-long gap', async () => {
    const constant = await runCli(['spikes', 'detect', '--input', file('flat.csv', csv(new Array(500).fill(7)))]);
    expect(constant.code, constant.stderr).toBe(0);
    expect(parse(constant.stdout).every((r) => r.score === 0 && r.label === 0)).toBe(true);

    const huge = await runCli(['spikes', 'detect', '--input', file('huge.csv', csv(mentions().map((v) => v * 1e12)))]);
    expect(huge.code, huge.stderr).toBe(0);
    const hugeRows = parse(huge.stdout);
    expect(hugeRows.every((r) => Number.isFinite(r.score) && r.score >= 0 && r.score <= 1)).toBe(true);
    expect(hugeRows.some((r, i) => r.label === 1 && i >= 3500 && i <= 3503)).toBe(true);

    const stamps = Array.from({ length: 600 }, (_, i) => stamp(i < 300 ? i : i + 31 * 288));
    const gap = await runCli(['spikes', 'detect', '--input', file('gap.csv', csv(mentions().slice(0, 600), stamps))]);
    expect(gap.code, gap.stderr).toBe(0);
    const gapRows = parse(gap.stdout);
    expect(gapRows.every((r) => Number.isFinite(r.score))).toBe(true);
    expect(gapRows.filter((r) => r.label === 1)).toHaveLength(0);
  });

  it.each([
    ['unsorted timestamps', csv([1, 2, 3], [stamp(0), stamp(2), stamp(1)]), /line 4: timestamp .* is earlier than the line before/],
    ['a duplicate timestamp', csv([1, 2, 3], [stamp(0), stamp(1), stamp(1)]), /line 4: duplicate timestamp/],
    ['a non-numeric value', csv([1, 'lots', 3]), /line 3: value "lots" is not a finite number/],
    ['an infinite value', csv([1, 'Infinity', 3]), /line 3: value "Infinity" is not a finite number/],
    ['a date that is not one', csv([1, 2], ['yesterday', stamp(1)]), /line 2: timestamp "yesterday" is not a date/],
    ['a one-line series', csv([5]), /line 3: a series needs at least 2 rows/],
    ['no header', '2026-01-01 00:00:00,1\n2026-01-01 00:05:00,2\n', /line 1 must be the header "timestamp,value"/],
    ['an empty file', '', /line 1 must be the header/],
  ])('refuses %s: the line named, exit 2, nothing on stdout', async (_name, text, message) => {
    const r = await runCli(['spikes', 'detect', '--input', file('bad.csv', text)]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
  });

  it('names a missing input file (exit 2)', async () => {
    const r = await runCli(['spikes', 'detect', '--input', join(dir, 'nope.csv')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read input file .*nope\.csv: ENOENT/);
  });

  it('takes its settings from the config, not from the data', async () => {
    const cfg = file('strict.yaml', 'spikes:\n  detector:\n    threshold: 1\n');
    const r = await runCli(['--config', cfg, 'spikes', 'detect', '--input', file('m2.csv', csv(mentions()))]);
    expect(r.code, r.stderr).toBe(0);
    expect(parse(r.stdout).filter((row) => row.label === 1).length).toBeLessThanOrEqual(1);
    const bad = await runCli(['--config', file('bad.yaml', 'spikes:\n  detector:\n    threshold: 2\n'), 'spikes', 'detect', '--input', file('m3.csv', csv(mentions()))]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/spikes\.detector\.threshold/);
  });

  it('`harvest spikes` lists recorded spikes from the store (none yet: a clear line, or [] with --json)', async () => {
    const env = cleanEnv({ HARVEST_DB_PATH: join(dir, 'app.db') });
    const text = await runCli(['spikes', '--hours', '6'], { env });
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/no spikes in the last 6 h/);
    const json = await runCli(['spikes', '--json', '--series', 'term:login'], { env });
    expect(json.code, json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual([]);
    const bad = await runCli(['spikes', '--hours', 'soon'], { env });
    expect(bad.code).toBe(2);
  });
});
