/*
 * The throughput part of bench:stories: generated items (the demo corpus generator, one seed per
 * week) through one incremental assigner; generating is not timed.
 */
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

