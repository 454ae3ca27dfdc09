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
import type { StoryItem } from '../src/stories/features.js';
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
  /** µs per item (wall) in each tenth of the run, in order: flat when the cost does not grow with the state. */
  tenths: number[];
}

/** Items through a throwaway assigner before timing, so JIT compilation is not counted as the first items' cost. */
const WARMUP_ITEMS = 10_000;

/**
 * `n` generated items through one fresh assigner, a week of posts at a time (generating them, keys
 * included, is not timed), after a warm-up of `WARMUP_ITEMS` items of other seeds through another assigner.
 */
export const throughput = (n: number): Throughput => {
  const warm = createStoryAssigner(createMemoryStoryState(), createMemoryDocumentFrequencies());
  for (let seed = 1_001, i = 0; i < WARMUP_ITEMS; seed++) for (const it of generatedWeek(seed).slice(0, WARMUP_ITEMS - i)) warm.assign({ key: `w${i++}`, ...it });
  const assigner = createStoryAssigner(createMemoryStoryState(), createMemoryDocumentFrequencies());
  const stories = new Set<string>();
  const tenth = Math.max(1, Math.ceil(n / 10));
  const tenths: number[] = [];
  let [wall, cpu, done, sliceNs, inSlice] = [0, 0, 0, 0, 0];
  for (let seed = 1; done < n; seed++) {
    const week = generatedWeek(seed)
      .slice(0, n - done)
      .map((it, i): StoryItem => ({ key: String(done + i), ...it }));
    const cpu0 = process.cpuUsage();
    const start = process.hrtime.bigint();
    let mark = start;
    for (const it of week) {
      stories.add(assigner.assign(it).story);
      done++;
      if (++inSlice === tenth || done === n) {
        const now = process.hrtime.bigint();
        tenths.push((sliceNs + Number(now - mark)) / 1e3 / inSlice);
        [mark, sliceNs, inSlice] = [now, 0, 0];
      }
    }
    sliceNs += Number(process.hrtime.bigint() - mark);
    wall += Number(process.hrtime.bigint() - start) / 1e9;
    const used = process.cpuUsage(cpu0);
    cpu += (used.user + used.system) / 1e6;
  }
  return { perSecond: n / wall, microsPerItem: (wall * 1e6) / n, perCpuSecond: n / cpu, stories: stories.size, tenths };
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
