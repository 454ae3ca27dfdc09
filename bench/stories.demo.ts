/*
 * The demo corpus part of bench:stories: how each wave the generator wrote (its `incident` field)
 * comes out, one Markdown table row per wave: as `harvest cluster` sees the posts (text only), then
 * as the pipeline's stories stage does (incident keys from the heuristic analyzer with
 * config/settings.yaml's products, competitors and aliases; ADR 0022).
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyzeText } from '../src/analysis/heuristic/heuristic.analyzer.js';
import { loadConfig } from '../src/config/load.js';
import { clusterBatch, type BatchItem } from '../src/stories/batch.js';
import { incidentsOf } from '../src/stories/incidents.js';
import { ROOT } from './data-dir.js';

export interface DemoPost { title?: string; text: string; url: string; createdAt: string; incident?: string; expected: string }

const H = 3_600_000;

/** How one wave came out: the stories its posts fall into, the largest of them, and the other posts in it. */
export interface WaveOutcome {
  wave: string;
  members: number[];
  stories: number;
  inLargest: number;
  others: DemoPost[];
}

/** Each wave the generator wrote (its `incident` field), in first-seen order, as `stories` (one story per post) has it. */
export const waveOutcomes = (posts: readonly DemoPost[], stories: readonly number[]): WaveOutcome[] =>
  [...new Set(posts.flatMap((p) => (p.incident ? [p.incident] : [])))].map((wave) => {
    const members = posts.flatMap((p, i) => (p.incident === wave ? [i] : []));
    const counts = new Map<number, number>();
    for (const i of members) counts.set(stories[i] as number, (counts.get(stories[i] as number) ?? 0) + 1);
    const [main, inLargest] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
    return { wave, members, stories: counts.size, inLargest, others: posts.filter((p, i) => stories[i] === main && p.incident !== wave) };
  });

const rows = (posts: readonly DemoPost[], stories: readonly number[], detail: boolean): string[] =>
  waveOutcomes(posts, stories).map(({ wave: w, members, stories: n, inLargest: inMain, others }) => {
    if (!detail) return `| ${w} | ${members.length} | ${n} | ${inMain} (${Math.round((100 * inMain) / members.length)} %) | ${others.length} |`;
    const times = members.map((i) => Date.parse((posts[i] as DemoPost).createdAt));
    const [first, last] = [Math.min(...times), Math.max(...times)];
    const category = w.startsWith('sec-') ? 'security' : 'outage';
    const near = others.filter((p) => !p.incident && p.expected === category && Date.parse(p.createdAt) >= first - 3 * H && Date.parse(p.createdAt) <= last + 3 * H).length;
    return `| ${w} | ${members.length} | ${n} | ${inMain} (${Math.round((100 * inMain) / members.length)} %) | ${others.length} (${near}) |`;
  });

/** The bundled demo corpus. */
export const loadDemoPosts = (): DemoPost[] =>
  readFileSync(resolve(ROOT, 'data/demo/corpus.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as DemoPost);

/** The posts as `harvest cluster` reads them (text only). */
export const demoItems = (posts: readonly DemoPost[]): BatchItem[] => posts.map((p) => ({ text: p.text, title: p.title ?? null, url: p.url, at: Date.parse(p.createdAt) }));

/** The posts as the pipeline's stories stage sees them: with incident keys from the heuristic analyzer and `config/settings.yaml`'s names. */
export const keyedDemoItems = (posts: readonly DemoPost[]): BatchItem[] => {
  const { analysis } = loadConfig({}, { file: 'config/settings.yaml', cwd: ROOT }).config;
  const opts = { products: analysis.products, competitors: analysis.competitors, aliases: analysis.aliases };
  return demoItems(posts).map((it) => {
    const a = analyzeText(it, opts);
    return { ...it, ...incidentsOf({ ...it, category: a.category, products: a.entities.products }) };
  });
};

export const demoWaves = (): string[] => {
  const posts = loadDemoPosts();
  return [
    ...rows(posts, clusterBatch(demoItems(posts)), false),
    '',
    'With incident keys, as the pipeline\'s stories stage assigns them (categories, products and failure reports from the heuristic analyzer with `config/settings.yaml`; ADR 0022). In brackets: of the other posts, those the generator wrote as untagged posts of the wave\'s category dated within 3 h of the wave.',
    '',
    '| wave | posts | stories they fall into | in the largest | other posts in that story |',
    '|---|---|---|---|---|',
    ...rows(posts, clusterBatch(keyedDemoItems(posts)), true),
  ];
};
