/*
 * Bytes the story assigner allocates per item, collected garbage included: V8's sampling heap
 * profiler (`HeapProfiler.startSampling` keeping objects collected by major and minor GCs) over N
 * generated items (default 30,000; generating is not sampled), with the functions that allocate most.
 * A diagnostic behind ADR 0022's sixth-session amendment; asserts nothing.
 * Run: node --import tsx bench/stories.alloc.ts [N]
 */
import { Session } from 'node:inspector/promises';
import { generateCorpus } from '../scripts/generate-demo-corpus.js';
import { createStoryAssigner } from '../src/stories/assigner.js';
import type { StoryItem } from '../src/stories/features.js';
import { createMemoryStoryState } from '../src/stories/memory.state.js';
import { createMemoryDocumentFrequencies } from '../src/text/tfidf.js';

interface SampleNode {
  callFrame: { functionName: string };
  selfSize: number;
  children: SampleNode[];
}

const n = Number(process.argv[2] ?? 30_000);
if (!Number.isInteger(n) || n <= 0) throw new Error(`usage: stories.alloc.ts [N] (a positive item count), got ${process.argv[2]}`);
const items: StoryItem[] = [];
for (let seed = 1; items.length < n; seed++) {
  for (const r of generateCorpus(seed).slice(0, n - items.length)) {
    items.push({ key: String(items.length), text: r.text, title: r.title ?? null, url: `${r.url}-w${seed}`, at: Date.parse(r.createdAt) + (seed - 1) * 7 * 24 * 3_600_000 });
  }
}
const assigner = createStoryAssigner(createMemoryStoryState(), createMemoryDocumentFrequencies());
const session = new Session();
session.connect();
await session.post('HeapProfiler.startSampling', { samplingInterval: 4096, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
for (const it of items) assigner.assign(it);
const { profile } = (await session.post('HeapProfiler.stopSampling')) as { profile: { head: SampleNode } };
session.disconnect();

const byFunction = new Map<string, number>();
let total = 0;
const walk = (node: SampleNode): void => {
  const name = node.callFrame.functionName || '(anonymous)';
  byFunction.set(name, (byFunction.get(name) ?? 0) + node.selfSize);
  total += node.selfSize;
  for (const c of node.children) walk(c);
};
walk(profile.head);
console.log(`${n.toLocaleString('en-US')} items: ${(total / n / 1024).toFixed(1)} KB allocated per item (sampled every 4 KB)`);
for (const [name, bytes] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${String(Math.round(bytes / n)).padStart(7)} B/item  ${name}`);
