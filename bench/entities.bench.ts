/*
 * Entity names in text (issue 16): precision and recall of the gazetteer + rules extractor against
 * the hand-labelled sample in test/fixtures/entities/labelled-sample.jsonl (70 demo posts, 20 reddit
 * titles, 10 arXiv abstracts), per domain, beside two baselines measured in the same run: the
 * gazetteer alone, and every capitalised run that does not open a sentence. A prediction matches a
 * label when their normalised names are equal; the kind is scored on the matches.
 * Run: npm run bench:entities
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { normalizeName } from '../src/entities/normalize.js';
import { buildGazetteer, textMentions, type TextMention } from '../src/entities/text-entities.js';
import { ROOT } from './data-dir.js';

interface Labelled {
  id: string;
  source: string;
  text: string;
  entities: TextMention[];
}

type Extractor = (text: string) => TextMention[];

const gaz = buildGazetteer();
const full: Extractor = (t) => textMentions(t, gaz);
const gazetteerOnly: Extractor = (t) => textMentions(t, gaz).filter((m) => gaz.has(normalizeName(m.name)));
const capitalised: Extractor = (t) =>
  [...t.matchAll(/(?<![.!?]\s|^)\b[A-Z][\w-]+(?:\s[A-Z][\w-]+)*/g)].map((m) => ({ name: m[0], kind: 'org' as const }));

const score = (rows: readonly Labelled[], ex: Extractor): { p: number; r: number; f1: number; kind: number; tp: number; fp: number; fn: number } => {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let kindOk = 0;
  for (const row of rows) {
    const gold = new Map(row.entities.map((e) => [normalizeName(e.name), e.kind]));
    const got = new Map(ex(row.text).map((e) => [normalizeName(e.name), e.kind]));
    for (const [k, kind] of got) {
      if (!gold.has(k)) fp++;
      else {
        tp++;
        if (gold.get(k) === kind) kindOk++;
      }
    }
    for (const k of gold.keys()) if (!got.has(k)) fn++;
  }
  const p = tp + fp === 0 ? 1 : tp / (tp + fp);
  const r = tp + fn === 0 ? 1 : tp / (tp + fn);
  return { p, r, f1: p + r === 0 ? 0 : (2 * p * r) / (p + r), kind: tp === 0 ? 0 : kindOk / tp, tp, fp, fn };
};

const rows = readFileSync(resolve(ROOT, 'test/fixtures/entities/labelled-sample.jsonl'), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Labelled);
const domains: Array<[string, Labelled[]]> = [
  ['demo (70)', rows.filter((r) => r.source === 'demo')],
  ['reddit + arXiv (30)', rows.filter((r) => r.source !== 'demo')],
  ['all (100)', rows],
];
const pct = (x: number): string => (100 * x).toFixed(1).padStart(5);
console.log('| extractor | set | precision | recall | F1 | kind right | tp/fp/fn |');
console.log('|---|---|---:|---:|---:|---:|---|');
for (const [name, ex] of [['gazetteer + rules', full], ['gazetteer only', gazetteerOnly], ['capitalised runs (baseline)', capitalised]] as const) {
  for (const [set, rs] of domains) {
    const s = score(rs, ex);
    console.log(`| ${name} | ${set} | ${pct(s.p)} | ${pct(s.r)} | ${pct(s.f1)} | ${pct(s.kind)} | ${s.tp}/${s.fp}/${s.fn} |`);
  }
}
const t0 = performance.now();
let n = 0;
while (performance.now() - t0 < 1000) {
  for (const r of rows) n += full(r.text).length >= 0 ? 1 : 0;
}
console.log(`\nthroughput: ${Math.round(n / ((performance.now() - t0) / 1000))} texts/s (gazetteer + rules, this sample, one core)`);
