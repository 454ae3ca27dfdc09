/*
 * Story assignment, old code against new in one process: the same generated items (the demo corpus
 * generator, one seed per week, as `bench:stories`) through the assigner of this tree and of another
 * tree of the repository (e.g. `git archive <commit> src | tar -x -C /tmp/old` and a symlink
 * /tmp/old/node_modules to this tree's), alternated, so a
 * loaded machine weighs on both alike. Prints items per CPU-second and per wall second for each
 * round, their medians, whether both gave the same stories, and the load average. Writes nothing;
 * asserts nothing.
 * Run: node --import tsx bench/stories.ab.ts --old /tmp/old [--items 100000] [--rounds 4]
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateCorpus } from '../scripts/generate-demo-corpus.js';
import type { BatchItem } from '../src/stories/batch.js';

interface Tree {
  createStoryAssigner: (state: unknown, df: unknown) => { assign(item: BatchItem & { key: string }): { story: string } };
  createMemoryStoryState: () => unknown;
  createMemoryDocumentFrequencies: () => unknown;
}

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

const load = async (root: string): Promise<Tree> => {
  const at = (p: string): string => pathToFileURL(resolve(root, p)).href;
  const [a, s, t] = await Promise.all([import(at('src/stories/assigner.ts')), import(at('src/stories/memory.state.ts')), import(at('src/text/tfidf.ts'))]);
  return { ...a, ...s, ...t } as Tree;
};

const run = (tree: Tree, items: readonly BatchItem[]): { wall: number; cpu: number; stories: string[] } => {
  const assigner = tree.createStoryAssigner(tree.createMemoryStoryState(), tree.createMemoryDocumentFrequencies());
  const stories = new Array<string>(items.length);
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < items.length; i++) stories[i] = assigner.assign({ key: String(i), ...(items[i] as BatchItem) }).story;
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const used = process.cpuUsage(cpu0);
  return { wall: items.length / wall, cpu: items.length / ((used.user + used.system) / 1e6), stories };
};

const main = async (): Promise<void> => {
  const oldRoot = arg('old');
  if (!oldRoot) throw new Error('--old DIR (a tree of the repository with src/) is required');
  const n = Number(arg('items') ?? 100_000);
  const rounds = Number(arg('rounds') ?? 4);
  const items: BatchItem[] = [];
  for (let seed = 1; items.length < n; seed++) {
    for (const r of generateCorpus(seed)) items.push({ text: r.text, title: r.title ?? null, url: `${r.url}-w${seed}`, at: Date.parse(r.createdAt) + (seed - 1) * 7 * 24 * 3_600_000 });
  }
  items.length = n;
  const trees = { old: await load(oldRoot), new: await load(resolve(import.meta.dirname, '..')) };
  const res = { old: { wall: [] as number[], cpu: [] as number[] }, new: { wall: [] as number[], cpu: [] as number[] } };
  const load0 = loadavg();
  let same = true;
  for (let r = 0; r < rounds; r++) {
    const order = r % 2 === 0 ? (['old', 'new'] as const) : (['new', 'old'] as const);
    const out: Record<string, string[]> = {};
    for (const k of order) {
      const x = run(trees[k], items);
      res[k].wall.push(x.wall);
      res[k].cpu.push(x.cpu);
      out[k] = x.stories;
      console.log(`round ${r + 1} ${k}: ${Math.round(x.cpu).toLocaleString('en-US')} items per CPU-second, ${Math.round(x.wall).toLocaleString('en-US')} items/s wall`);
    }
    same &&= out.old?.every((s, i) => s === out.new?.[i]) ?? false;
  }
  const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;
  for (const k of ['old', 'new'] as const) console.log(`${k}: median ${Math.round(median(res[k].cpu)).toLocaleString('en-US')} items per CPU-second, ${Math.round(median(res[k].wall)).toLocaleString('en-US')} items/s wall`);
  console.log(`${n.toLocaleString('en-US')} items, ${rounds} rounds; same stories for every item: ${same ? 'yes' : 'NO'}`);
  console.log(`load average ${load0.map((x) => x.toFixed(1)).join(' / ')} before, ${loadavg().map((x) => x.toFixed(1)).join(' / ')} after (2 cores)`);
};

await main();
