import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const parse = (stdout: string): { id: unknown; story: string }[] => stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: unknown; story: string });

describe('harvest cluster', () => {
  let dir: string;
  beforeAll(() => {
    dir = tempDir('harvest-cluster-');
  });

  it('writes one {id, story} line per input line, in input order, stories named after their first member in createdAt order', async () => {
    const lines = [
      { id: 'late', text: 'Magnitude 6.1 earthquake near Tehran kills 12, Iranian officials say', createdAt: '2026-11-16T16:00:00Z' },
      { id: 7, text: 'Apple unveils the iPhone 5 in San Francisco', createdAt: '2026-11-16T15:00:00Z' },
      { id: 'early', text: 'A magnitude 6.1 earthquake struck near Tehran, Iran, killing 12 people', createdAt: '2026-11-16T14:00:00Z', source: 'rss', title: 'Quake hits Iran' },
      { id: 'link', text: 'look at this', url: 'https://arxiv.org/abs/2411.01234v2' },
      { id: 'link2', text: 'and this', url: 'https://arxiv.org/pdf/2411.01234', createdAt: null, title: null },
    ];
    const input = join(dir, 'in.jsonl');
    writeFileSync(input, `${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
    const r = await runCli(['cluster', '--input', input]);
    expect(r.code, r.stderr).toBe(0);
    expect(parse(r.stdout)).toEqual([
      { id: 'late', story: 'early' },
      { id: 7, story: '7' },
      { id: 'early', story: 'early' },
      { id: 'link', story: 'link' },
      { id: 'link2', story: 'link' },
    ]);
    const stdin = await runCli(['cluster', '--input', '-'], { input: lines.map((l) => JSON.stringify(l)).join('\n') });
    expect(stdin.stdout).toBe(r.stdout);
  });

  it('rejects malformed JSONL naming each line and field, exit 2, nothing on stdout', async () => {
    const input = join(dir, 'bad.jsonl');
    writeFileSync(input, ['{"id":1,"text":"fine"}', '{"id":2,"text":', '{"text":"no id"}', '{"id":4,"text":42}', '{"id":5,"text":"x","createdAt":"yesterday"}', '{"id":6,"text":"x","url":5}', '{"id":7}', ''].join('\n'));
    const r = await runCli(['cluster', '--input', input]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/malformed cluster input: 6 problem/);
    expect(r.stderr).toMatch(/bad\.jsonl:2: not valid JSON/);
    expect(r.stderr).toMatch(/bad\.jsonl:3: id: is missing/);
    expect(r.stderr).toMatch(/bad\.jsonl:4: text: must be a string/);
    expect(r.stderr).toMatch(/bad\.jsonl:5: createdAt: is not a date/);
    expect(r.stderr).toMatch(/bad\.jsonl:6: url: must be a string/);
    expect(r.stderr).toMatch(/bad\.jsonl:7: text: is missing/);
  });

  it('names a missing input file; an empty input prints nothing', async () => {
    const r = await runCli(['cluster', '--input', join(dir, 'nope.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot read input file .*nope\.jsonl: ENOENT/);
    const empty = await runCli(['cluster'], { input: '' });
    expect([empty.code, empty.stdout]).toEqual([0, '']);
  });

  it('copes with empty and URL-only texts, a 1 MB text and 100,000 copies of one text', async () => {
    const big = 'Brindlepost outage report. '.repeat(40_000);
    const copies = Array.from({ length: 100_000 }, (_, i) => JSON.stringify({ id: `c${i}`, text: 'is Brindlepost down for anyone else? boards not loading' }));
    const input = join(dir, 'stress.jsonl');
    writeFileSync(input, [JSON.stringify({ id: 'empty', text: '' }), JSON.stringify({ id: 'url', text: 'https://example.com/x' }), JSON.stringify({ id: 'big', text: big }), ...copies].join('\n'));
    const r = await runCli(['cluster', '--input', input]);
    expect(r.code, r.stderr).toBe(0);
    const out = parse(r.stdout);
    expect(out).toHaveLength(100_003);
    expect(out.slice(0, 3)).toEqual([{ id: 'empty', story: 'empty' }, { id: 'url', story: 'url' }, { id: 'big', story: 'big' }]);
    expect(new Set(out.slice(3).map((o) => o.story))).toEqual(new Set(['c0']));
  });
});
