/*
 * The demo corpus part of bench:stories: how each wave the generator wrote (its `incident` field)
 * comes out, one Markdown table row per wave.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { clusterBatch } from '../src/stories/batch.js';
import { ROOT } from './data-dir.js';

export const demoWaves = (): string[] => {
  const posts = readFileSync(resolve(ROOT, 'data/demo/corpus.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as { title?: string; text: string; url: string; createdAt: string; incident?: string });
  const stories = clusterBatch(posts.map((p) => ({ text: p.text, title: p.title ?? null, url: p.url, at: Date.parse(p.createdAt) })));
  const waves = [...new Set(posts.flatMap((p) => (p.incident ? [p.incident] : [])))];
  return waves.map((w) => {
    const members = posts.flatMap((p, i) => (p.incident === w ? [i] : []));
    const counts = new Map<number, number>();
    for (const i of members) counts.set(stories[i] as number, (counts.get(stories[i] as number) ?? 0) + 1);
    const [main, inMain] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [0, 0];
    const others = posts.filter((p, i) => stories[i] === main && p.incident !== w).length;
    return `| ${w} | ${members.length} | ${counts.size} | ${inMain} (${Math.round((100 * inMain) / members.length)} %) | ${others} |`;
  });
};

