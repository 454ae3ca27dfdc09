import { createHash } from 'node:crypto';
import type { NewItem } from '../src/domain/item.js';
import { seededRandom } from '../src/platform/random.js';
import type { FetchBatch, Source } from '../src/sources/source.port.js';

/** Seeded PRNG (mulberry32) so every run generates the same items. */
export const prng = seededRandom;

const OPENERS = ['honestly', 'ugh', 'wow', 'so', 'PSA:', 'hey @brindlepost', 'not gonna lie', 'quick question:', ''];
const BODIES = [
  'Brindlepost is down again, cannot log in since 9am and the status page says all green',
  'found a stored XSS in the Brindlepost comment editor, reported it through the security page',
  'the export button crashes the desktop app every time I attach a PDF',
  'would love a dark mode and keyboard shortcuts for the board view, please add it',
  'we are cancelling our Brindlepost subscription and switching to Kestrelboard next month',
  'Taskmoth just shipped offline sync, Brindlepost still does not have it',
  'how do I change the owner of a workspace? cannot find it in settings',
  'support took 5 days to answer a billing question, really frustrating experience',
  'love the new timeline view, it made our planning meeting so much faster, thank you team',
  'new paper on arXiv about CRDT-based collaborative editing with benchmarks https://arxiv.org/abs/2411.01234',
  'lunch was great today, nothing to do with work',
];
const CLOSERS = ['', '#brindlepost', '😤', '🙏', 'anyone else?', 'https://brindlepost.example/status', '!!!'];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;

/** Item number `n`, deterministic for a given seed; created within `spanHours` before `now`. */
export const generateItem = (r: () => number, n: number, now: Date, spanHours = 120): NewItem => {
  const text = `${pick(r, OPENERS)} ${pick(r, BODIES)} ${pick(r, CLOSERS)} (${n})`.trim();
  const followers = Math.floor(Math.pow(r(), 3) * 200_000);
  const likes = Math.floor(Math.pow(r(), 4) * (followers / 50 + 20));
  return {
    source: 'demo',
    externalId: `gen-${n}`,
    url: `https://bench.invalid/p/${n}`,
    author: { id: `a${n % 5000}`, handle: `user${n % 5000}`, name: `User ${n % 5000}`, followers },
    title: null,
    text,
    lang: 'en',
    createdAt: new Date(now.getTime() - r() * spanHours * 3_600_000).toISOString(),
    fetchedAt: now.toISOString(),
    metrics: { likes, reposts: Math.floor(likes / 7), replies: Math.floor(likes / 5), quotes: Math.floor(likes / 20), views: likes * 40 },
    queries: ['bench'],
    contentHash: createHash('sha256').update(`\n${text}`).digest('hex'),
    raw: { n },
  };
};

/** Yields `total` generated items in batches, never holding more than one batch in memory. */
export function* generateBatches(total: number, batchSize: number, now: Date, seed = 42): Generator<NewItem[]> {
  const r = prng(seed);
  for (let start = 0; start < total; start += batchSize) {
    const n = Math.min(batchSize, total - start);
    yield Array.from({ length: n }, (_, i) => generateItem(r, start + i, now));
  }
}

/** A Source over generated items with an offset cursor, for whole-pipeline runs. */
export const generatedSource = (total: number, batchSize: number, now: Date): Source => ({
  name: 'demo',
  async *fetch(ctx): AsyncIterable<FetchBatch> {
    const offset = Number((await ctx.getCursor('bench')) ?? 0);
    let done = 0;
    for (const items of generateBatches(total, batchSize, now)) {
      done += items.length;
      if (done <= offset) continue;
      yield { items, cursor: { key: 'bench', value: String(done) } };
    }
  },
});
