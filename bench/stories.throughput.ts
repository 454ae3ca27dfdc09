/*
 * The throughput part of bench:stories: generated items (the demo corpus generator, one seed per
 * week) through one incremental assigner; generating is not timed. bench:stories runs each size in
 * a child process of its own (`measureInChild`), with the heap flag `bin/harvest.js` gives the
 * product's processes (ADR 0033), so each peak RSS is that run's alone.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { generateCorpus } from '../scripts/generate-demo-corpus.js';
import { createStoryAssigner } from '../src/stories/assigner.js';
import type { BatchItem } from '../src/stories/batch.js';
import { createMemoryStoryState } from '../src/stories/memory.state.js';
import { createMemoryDocumentFrequencies } from '../src/text/tfidf.js';

/** The demo corpus generator's posts for one seed, moved `seed - 1` weeks later (URLs made unique per week). */
const generatedWeek = (seed: number): BatchItem[] =>
  generateCorpus(seed).map((r) => ({ text: r.text, title: r.title ?? null, url: `${r.url}-w${seed}`, at: Date.parse(r.createdAt) + (seed - 1) * 7 * 24 * 3_600_000 }));

export interface Throughput {
  perSecond: number;
  microsPerItem: number;
  /** Items per second of this process's CPU time (user + system): less sensitive to a loaded machine. */
  perCpuSecond: number;
  stories: number;
}

/** `n` generated items through one assigner, a week of posts at a time (generating is not timed). */
export const throughput = (n: number): Throughput => {
  const assigner = createStoryAssigner(createMemoryStoryState(), createMemoryDocumentFrequencies());
  const stories = new Set<string>();
  let [wall, cpu, done] = [0, 0, 0];
  for (let seed = 1; done < n; seed++) {
    const week = generatedWeek(seed).slice(0, n - done);
    const cpu0 = process.cpuUsage();
    const start = process.hrtime.bigint();
    for (const it of week) stories.add(assigner.assign({ key: String(done++), ...it }).story);
    wall += Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpu0);
    cpu += (used.user + used.system) / 1e6;
  }
  return { perSecond: n / wall, microsPerItem: (wall * 1e6) / n, perCpuSecond: n / cpu, stories: stories.size };
};


export interface ChildThroughput extends Throughput {
  /** Peak resident set size of the child process, MB. */
  rssMb: number;
}

/** `throughput(n)` in a fresh Node process with the product's heap flag; its figures and peak RSS. */
export const measureInChild = (n: number): ChildThroughput => {
  const out = execFileSync(process.execPath, ['--heap-growing-percent=25', '--import', 'tsx', fileURLToPath(import.meta.url), String(n)], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(out.trim().split('\n').pop() as string) as ChildThroughput;
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const n = Number(process.argv[2]);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`usage: stories.throughput.ts N (a positive item count), got ${process.argv[2]}`);
  const t = throughput(n);
  console.log(JSON.stringify({ ...t, rssMb: process.resourceUsage().maxRSS / 1024 }));
}
