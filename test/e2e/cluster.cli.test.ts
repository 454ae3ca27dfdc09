import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { EMBEDDINGS_FAKE_KEY, hashVector, startEmbeddingsFake } from '../fakes/embeddings-fake.js';
import { cleanEnv, runCli } from '../helpers/cli.js';
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

  it('--embeddings joins paraphrases by the configured provider\'s vectors, asking once per distinct text; errors name the problem, never the key', async () => {
    // The fake maps the two login paraphrases to one direction; other texts to hash vectors.
    const fake = await startEmbeddingsFake({ vectorOf: (text, dims) => (/log ?in|sign in/i.test(text) ? hashVector('login', dims) : hashVector(text, dims)) });
    try {
      const lines = [
        { id: 'a', text: 'Brindlepost login page broken for everyone this morning', createdAt: '2026-12-05T06:00:00Z' },
        { id: 'b', text: 'Cannot sign in to Brindlepost, the authentication screen just spins', createdAt: '2026-12-05T06:01:00Z' },
        { id: 'c', text: 'Brindlepost announces new pricing tiers for small teams', createdAt: '2026-12-05T06:02:00Z' },
        { id: 'd', text: 'Brindlepost login page broken for everyone this morning', createdAt: '2026-12-05T06:03:00Z' },
      ];
      const input = lines.map((l) => JSON.stringify(l)).join('\n');
      const cwd = tempDir('harvest-cluster-emb-');
      const env = cleanEnv({ OPENAI_API_KEY: EMBEDDINGS_FAKE_KEY, OPENAI_BASE_URL: fake.baseUrl });
      const plain = await runCli(['cluster'], { input, env, cwd });
      expect(parse(plain.stdout).map((o) => o.story)).toEqual(['a', 'b', 'c', 'a']);
      expect(fake.bodies).toHaveLength(0);

      const dense = await runCli(['cluster', '--embeddings'], { input, env, cwd });
      expect(dense.code, dense.stderr).toBe(0);
      expect(parse(dense.stdout).map((o) => o.story)).toEqual(['a', 'a', 'c', 'a']);
      expect(fake.inputs().sort()).toEqual([lines[0]?.text, lines[1]?.text, lines[2]?.text].sort());

      const noKey = await runCli(['cluster', '--embeddings'], { input, env: cleanEnv({ OPENAI_BASE_URL: fake.baseUrl }), cwd });
      expect([noKey.code, noKey.stdout]).toEqual([2, '']);
      expect(noKey.stderr).toContain('needs an API key: set OPENAI_API_KEY');

      const wrongKey = 'sk-wrong-0123456789abcdefWRONG';
      const refused = await runCli(['cluster', '--embeddings'], { input, env: cleanEnv({ OPENAI_API_KEY: wrongKey, OPENAI_BASE_URL: fake.baseUrl }), cwd });
      expect([refused.code, refused.stdout]).toEqual([1, '']);
      expect(refused.stderr).toContain('embeddings: HTTP 401: Incorrect API key provided');
      expect(refused.stderr).not.toContain('0123456789abcdef');
    } finally {
      await fake.close();
    }
  });
});

