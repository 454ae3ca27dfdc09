import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';

const ASTRO = ['galaxy cluster redshift survey', 'supernova light curves and the hubble constant', 'exoplanet transits seen by the kepler telescope', 'dark matter halos of dwarf galaxies', 'gravitational waves from neutron star mergers', 'polarization of the cosmic microwave background'];
const BIO = ['protein folding of membrane transporters', 'gene expression in the mouse brain', 'crispr screens of cell division', 'antibiotic resistance in gut bacteria', 'single cell sequencing of immune cells', 'enzyme kinetics of bacterial metabolism'];
const jsonl = (rows: object[]): string => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;
const parse = (stdout: string): { id: unknown; score: number }[] => stdout.trim().split('\n').map((l) => JSON.parse(l) as { id: unknown; score: number });

describe('harvest rank', () => {
  let dir: string;
  let items: string;
  beforeAll(() => {
    dir = tempDir('harvest-rank-');
    items = join(dir, 'items.jsonl');
    writeFileSync(items, jsonl([...ASTRO, ...BIO].map((text, i) => ({ id: i, text }))));
  });

  it('ranks the input by a model learned from positives only: {id, score} lines, highest first, at most --limit', async () => {
    const train = join(dir, 'train.jsonl');
    writeFileSync(train, jsonl([{ id: 'x1', text: 'telescope survey of galaxy redshift and dark matter', label: 1 }, { id: 'x2', text: 'neutron star and supernova observations', label: 1 }]));
    const r = await runCli(['rank', '--train', train, '--input', items, '--limit', '5']);
    expect(r.code, r.stderr).toBe(0);
    const out = parse(r.stdout);
    expect(out).toHaveLength(5);
    expect(out.filter((o) => Number(o.id) < ASTRO.length).length).toBeGreaterThanOrEqual(4);
    for (let i = 1; i < out.length; i++) expect(out[i - 1]!.score).toBeGreaterThanOrEqual(out[i]!.score);
    const all = await runCli(['rank', '--train', train], { input: jsonl([...ASTRO, ...BIO].map((text, i) => ({ id: i, text }))) });
    expect(parse(all.stdout).slice(0, 5)).toEqual(out);
    expect(parse(all.stdout)).toHaveLength(ASTRO.length + BIO.length);
  });

  it('learns from negatives and leaves training ids out of the output', async () => {
    const train = join(dir, 'train-neg.jsonl');
    writeFileSync(train, jsonl([{ id: 0, text: ASTRO[0], label: 0 }, { id: 6, text: BIO[0], label: 1 }, { id: 'p', text: 'gene expression, cell sequencing and bacterial enzymes', label: 1 }, { id: 'n', text: 'stars and galaxies', label: 0 }]));
    const r = await runCli(['rank', '--train', train, '--input', items]);
    expect(r.code, r.stderr).toBe(0);
    const ids = parse(r.stdout).map((o) => o.id);
    expect(ids).toHaveLength(10);
    expect(ids).not.toContain(0);
    expect(ids).not.toContain(6);
    expect(Number(ids[0])).toBeGreaterThanOrEqual(ASTRO.length);
  });

  it('a training file with no positives: exit 2 with the reason, nothing written', async () => {
    const train = join(dir, 'neg-only.jsonl');
    writeFileSync(train, jsonl([{ id: 'a', text: 'x', label: 0 }]));
    const r = await runCli(['rank', '--train', train, '--input', items]);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/no positives: all 1 labelled ids are 0/);
  });

  it('malformed JSONL in either file: each line named, exit 2, nothing written', async () => {
    const train = join(dir, 'bad-train.jsonl');
    writeFileSync(train, ['{"id":1,"text":"a","label":1}', '{"id":2,"text":"b","label":"yes"}', '{"id":3,"text":"c"}', 'nope'].join('\n'));
    const r = await runCli(['rank', '--train', train, '--input', items]);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/malformed rank --train input: 3 problem/);
    expect(r.stderr).toMatch(/bad-train\.jsonl:2: label: must be 1 \(relevant\) or 0/);
    expect(r.stderr).toMatch(/bad-train\.jsonl:3: label: is missing/);
    expect(r.stderr).toMatch(/bad-train\.jsonl:4: not valid JSON/);
    const good = join(dir, 'good-train.jsonl');
    writeFileSync(good, jsonl([{ id: 1, text: 'a', label: 1 }]));
    const bad = join(dir, 'bad-items.jsonl');
    writeFileSync(bad, ['{"id":1,"text":"a"}', '{"id":2}'].join('\n'));
    const r2 = await runCli(['rank', '--train', good, '--input', bad]);
    expect([r2.code, r2.stdout]).toEqual([2, '']);
    expect(r2.stderr).toMatch(/bad-items\.jsonl:2: text: is missing/);
  });

  it('usage errors exit 2: no --train, a bad --limit, both files on stdin, a missing file', async () => {
    expect((await runCli(['rank', '--input', items])).code).toBe(2);
    const limit = await runCli(['rank', '--train', items, '--input', items, '--limit', '-1']);
    expect(limit.code).toBe(2);
    expect(limit.stderr).toMatch(/--limit/);
    const both = await runCli(['rank', '--train', '-']);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/cannot both read stdin/);
    const missing = await runCli(['rank', '--train', join(dir, 'nope.jsonl'), '--input', items]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read input file .*nope\.jsonl: ENOENT/);
  });
});
