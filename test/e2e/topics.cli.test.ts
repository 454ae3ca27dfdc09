import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { topicsConfigSchema } from '../../src/config/topics.config.js';
import { silentLogger } from '../../src/observability/logger.js';
import { runTopics } from '../../src/pipeline/topics.stage.js';
import { fixedClock } from '../../src/platform/clock.js';
import { createKyselyStore } from '../../src/store/kysely/kysely.store.js';
import { cleanEnv, ROOT, runCli } from '../helpers/cli.js';
import { newItem } from '../helpers/factories.js';
import { createPgDatabase, dropPgDatabase, tempDir, TEST_DATABASE_URL } from '../helpers/stores.js';

const EXAMPLES = resolve(ROOT, 'test/fixtures/topics/own_research-examples.jsonl');

interface Line {
  id: unknown;
  category: string;
  topics: { name: string; score: number }[];
}
const parse = (stdout: string): Line[] => stdout.trim().split('\n').map((l) => JSON.parse(l) as Line);
const jsonl = (rows: unknown[]): string => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

describe('harvest topics train / classify --topics', () => {
  let dir: string;
  let model: string;
  beforeAll(async () => {
    dir = tempDir('harvest-topics-');
    model = join(dir, 'model.json');
    const r = await runCli(['topics', 'train', '--examples', EXAMPLES, '--output', model]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/trained 3 topics on 24 examples/);
  });

  it('adds topics [{name, score}] sorted by score to every classify line, keeping the analysis fields', async () => {
    const input = join(dir, 'in.jsonl');
    writeFileSync(
      input,
      jsonl([
        { id: 'q', text: 'A new superconducting processor with more logical qubits' },
        { id: 7, title: 'Cheaper batteries', text: 'sodium-ion storage for the grid' },
        { id: 'r', text: 'a robot hand learns grasping with tactile sensing' },
        { id: 'empty', text: '' },
      ]),
    );
    const r = await runCli(['classify', '--topics', model, '--input', input]);
    expect(r.code, r.stderr).toBe(0);
    const lines = parse(r.stdout);
    expect(lines.map((l) => l.id)).toEqual(['q', 7, 'r', 'empty']);
    expect(lines.map((l) => l.topics[0]?.name)).toEqual(['quantum', 'energy', 'robotics', expect.any(String)]);
    for (const l of lines) {
      expect(Object.keys(l)).toEqual(['id', 'category', 'sentiment', 'sentimentScore', 'urgency', 'tags', 'confidence', 'reasoning', 'topics']);
      expect(l.topics.map((t) => t.name).sort()).toEqual(['energy', 'quantum', 'robotics']);
      const scores = l.topics.map((t) => t.score);
      expect(scores).toEqual([...scores].sort((a, b) => b - a));
      expect(scores.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 2);
    }
    // Without --topics the output is what it always was.
    const plain = await runCli(['classify', '--input', input]);
    expect(parse(plain.stdout).every((l) => !('topics' in l))).toBe(true);
  });

  it('with --topics a line may leave out its id (its line number stands in) and carry a label the model does not know', async () => {
    const r = await runCli(['classify', '--topics', model, '--top-topics', '2'], { input: jsonl([{ text: 'qubits', label: 'quantum' }, { text: 'a drone', label: 'aviation' }]) });
    expect(r.code, r.stderr).toBe(0);
    const lines = parse(r.stdout);
    expect(lines.map((l) => [l.id, l.topics.length])).toEqual([
      [1, 2],
      [2, 2],
    ]);
    expect(r.stderr).toMatch(/1 line\(s\) carry a label the topic model does not know: "aviation" \(1\)/);
  });

  it('refuses examples with one label only, empty texts or missing labels: exit 2, line named, nothing written', async () => {
    const out = join(dir, 'bad-model.json');
    const one = await runCli(['topics', 'train', '--examples', '-', '--output', out], { input: jsonl([{ text: 'a', label: 'x' }, { text: 'b', label: 'x' }]) });
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/at least two labels; found only "x" in 2 example/);
    const bad = await runCli(['topics', 'train', '--examples', '-', '--output', out], { input: jsonl([{ text: 'ok', label: 'a' }, { text: '   ', label: 'b' }, { text: 'no label' }, { text: 'x', label: '' }]) });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/stdin:2: text: is empty/);
    expect(bad.stderr).toMatch(/stdin:3: label: is missing/);
    expect(bad.stderr).toMatch(/stdin:4: label: is empty/);
    expect(existsSync(out)).toBe(false);
    const missing = await runCli(['topics', 'train', '--examples', join(dir, 'nope.jsonl'), '--output', out]);
    expect([missing.code, /cannot read input file .*nope\.jsonl: ENOENT/.test(missing.stderr)]).toEqual([2, true]);
  });

  it('a failed training leaves the previous model file as it was', async () => {
    const before = readFileSync(model, 'utf8');
    const r = await runCli(['topics', 'train', '--examples', '-', '--output', model], { input: jsonl([{ text: 'only', label: 'one' }]) });
    expect(r.code).toBe(2);
    expect(readFileSync(model, 'utf8')).toBe(before);
  });

  it('refuses a model file that is not a topic model: exit 2 naming it, nothing printed', async () => {
    const notModel = join(dir, 'not-a-model.json');
    writeFileSync(notModel, '{"format":"something else"}');
    const r = await runCli(['classify', '--topics', notModel], { input: jsonl([{ id: 1, text: 'x' }]) });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/not-a-model\.json is not a topic model/);
    const absent = await runCli(['classify', '--topics', join(dir, 'absent.json')], { input: jsonl([{ id: 1, text: 'x' }]) });
    expect([absent.code, /cannot read topic model .*absent\.json: ENOENT/.test(absent.stderr)]).toEqual([2, true]);
  });

  it('does bounded work on 1 MB abstracts and on a taxonomy of 1,000 topics', async () => {
    const big = 'quantum qubits entanglement '.repeat(40_000);
    const r = await runCli(['classify', '--topics', model], { input: jsonl([{ id: 'big', text: big }]) });
    expect(r.code, r.stderr).toBe(0);
    expect(parse(r.stdout)[0]?.topics[0]?.name).toBe('quantum');

    const many = Array.from({ length: 2000 }, (_, i) => ({ text: `topic${i % 1000} paper number ${i} about field${i % 1000}`, label: `t${i % 1000}` }));
    const out = join(dir, 'many.json');
    const t = await runCli(['topics', 'train', '--examples', '-', '--output', out], { input: jsonl([...many, { text: big, label: 't0' }]) });
    expect(t.code, t.stderr).toBe(0);
    expect(t.stderr).toMatch(/trained 1000 topics on 2001 examples/);
    const c = await runCli(['classify', '--topics', out], { input: jsonl([{ id: 1, text: 'about field42' }]) });
    expect(c.code, c.stderr).toBe(0);
    const topics = parse(c.stdout)[0]?.topics ?? [];
    expect(topics).toHaveLength(20);
    expect(topics[0]?.name).toBe('t42');

    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ text: `paper ${i}`, label: `t${i}` }));
    const refused = await runCli(['topics', 'train', '--examples', '-', '--output', join(dir, 'too-many.json')], { input: jsonl(tooMany) });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/name 1001 labels; a model holds at most 1000/);
  }, 180_000);
});

/** The store the trending CLI reads: a SQLite file, and a PostgreSQL database when TEST_DATABASE_URL is set. */
interface CliTarget {
  name: string;
  open: (now: Date) => Promise<{ env: Record<string, string>; store: ReturnType<typeof createKyselyStore>; done: () => Promise<void> }>;
}
const cliTargets: CliTarget[] = [
  {
    name: 'sqlite',
    open: async (now) => {
      const path = join(tempDir('harvest-topics-trend-'), 'h.db');
      return { env: { HARVEST_DB_PATH: path }, store: createKyselyStore({ path }, fixedClock(now)), done: async () => undefined };
    },
  },
];
if (TEST_DATABASE_URL) {
  const base = TEST_DATABASE_URL;
  cliTargets.push({
    name: 'postgres',
    open: async (now) => {
      const url = await createPgDatabase(base);
      return { env: { DATABASE_URL: url }, store: createKyselyStore({ path: '', url, poolSize: 2 }, fixedClock(now)), done: () => dropPgDatabase(base, url) };
    },
  });
}

describe.each(cliTargets)('harvest topics (trending) and harvest discoveries [$name]', (target) => {
  it('prints every taxonomy topic with its window count, baseline and growth; --topic gives one; a bad window is exit 2', async () => {
    const now = new Date('2026-11-20T12:00:00.000Z');
    const opened = await target.open(now);
    const store = opened.store;
    await store.migrate();
    const ago = (d: number): string => new Date(now.getTime() - d * 86_400_000).toISOString();
    await store.saveFetchBatch('demo', [
      newItem(1, { title: 'Logical qubits on a trapped-ion quantum computer', createdAt: ago(1) }),
      newItem(2, { title: 'Surface code quantum error correction', createdAt: ago(2) }),
      newItem(3, { title: 'Legged robot locomotion on stairs', createdAt: ago(30) }),
    ]);
    await store.saveFetchBatch('arxiv', [
      newItem(4, { source: 'arxiv', title: 'Trapped-ion logical qubits', text: 'quantum computer qubits', createdAt: ago(0.5) }),
      newItem(5, { source: 'arxiv', title: 'Perovskite tandem solar cells pass 30 % efficiency', text: 'solar cells', createdAt: ago(3) }),
    ]);
    await runTopics({ store, clock: fixedClock(now), log: silentLogger(), topics: topicsConfigSchema.parse({}) });
    await store.close();
    const env = cleanEnv({ ...opened.env, HARVEST_NOW: now.toISOString() });
    const r = await runCli(['topics', '--window', '7d', '--json'], { env });
    expect(r.code, r.stderr).toBe(0);
    const rows = JSON.parse(r.stdout) as Array<{ name: string; count: number; baseline: number; growth: number; topItems: Array<{ id: number }> }>;
    expect(rows).toHaveLength(12);
    expect(rows[0]).toMatchObject({ name: 'quantum', count: 3, baseline: 0, growth: 4 });
    expect(rows.find((t) => t.name === 'robotics')).toMatchObject({ count: 0, baseline: 1 });
    const table = await runCli(['topics', '--window', '7d'], { env });
    expect(table.stdout).toMatch(/^quantum\s+3\s+0\s+×4\s+/m);
    const one = await runCli(['topics', '--topic', 'quantum', '--json'], { env });
    expect(JSON.parse(one.stdout)).toMatchObject({ name: 'quantum', count: 3 });
    const disc = await runCli(['discoveries', '--json'], { env });
    expect(disc.code, disc.stderr).toBe(0);
    const found = JSON.parse(disc.stdout) as Array<{ id: number; topic: string; breakdown: Record<string, number> }>;
    expect(found.map((d) => [d.id, d.topic]).sort()).toEqual([
      [4, 'quantum'],
      [5, 'energy'],
    ]);
    const scores = (rows: Array<{ score: number }>) => rows.map((d) => d.score);
    expect(scores(found as unknown as Array<{ score: number }>)).toEqual([...scores(found as unknown as Array<{ score: number }>)].sort((a, b) => b - a));
    // --hours, --topic and --min-score narrow the list.
    const recent = await runCli(['discoveries', '--hours', '24', '--json'], { env });
    expect((JSON.parse(recent.stdout) as Array<{ id: number }>).map((d) => d.id)).toEqual([4]);
    const energy = await runCli(['discoveries', '--topic', 'energy', '--json'], { env });
    expect((JSON.parse(energy.stdout) as Array<{ id: number }>).map((d) => d.id)).toEqual([5]);
    const top = Math.max(...scores(found as unknown as Array<{ score: number }>));
    const high = await runCli(['discoveries', '--min-score', String(Math.floor(top * 10) / 10), '--json'], { env });
    expect((JSON.parse(high.stdout) as Array<{ id: number }>).length).toBe(1);
    const none = await runCli(['discoveries', '--min-score', '100'], { env });
    expect([none.code, none.stdout]).toEqual([0, expect.stringMatching(/^no discoveries of items created in the last 168 h scoring at least 100:/)]);
    const discTable = await runCli(['discoveries', '--min-score', '0'], { env });
    expect(discTable.stdout).toMatch(/^score\s+nov emg ech obs rec/m);
    expect(discTable.stdout).toMatch(/quantum\s+#4 \[arxiv\] Trapped-ion logical qubits/);
    const badScore = await runCli(['discoveries', '--min-score', '500'], { env });
    expect(badScore.code).toBe(2);
    const unknown = await runCli(['topics', '--topic', 'astrology'], { env });
    expect([unknown.code, /no topic "astrology"/.test(unknown.stderr)]).toEqual([2, true]);
    const bad = await runCli(['topics', '--window', 'forever'], { env });
    expect([bad.code, /window "forever" must be a duration like 14d/.test(bad.stderr)]).toEqual([2, true]);
    await opened.done();
  }, 120_000);
});
