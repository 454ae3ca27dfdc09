/*
 * Feed parsing throughput of the rss source's pure path (decode bytes → feedsmith → FeedEntry →
 * NewItem with HTML reduced to text) on the 29 real feeds in test/fixtures/feeds/rss-parser (the
 * same bytes as ../shared/data/feeds/rss-parser; `--data DIR` or HARVEST_SHARED_DATA reads
 * DIR/feeds/rss-parser instead, and skips with one line when that is absent). Prints feeds/s, entries/s and MB/s over --rounds passes and writes the
 * same to docs/bench/feeds.md. Asserts nothing. Run: npm run bench:feeds -- [--rounds N]
 */
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { decodeFeedBytes } from '../src/sources/rss/decode.js';
import { isUsableEntry, mapFeedEntry } from '../src/sources/rss/map.js';
import { parseFeedDocument } from '../src/sources/rss/parse.js';
import { positiveIntArg, stringArg } from './args.js';
import { requireBenchData, ROOT } from './data-dir.js';

const FEEDS = 'feeds/rss-parser';
/** The committed copy unless a data folder is named; a named folder without the feeds is a skip. */
const DATA =
  stringArg('data') === undefined && !process.env.HARVEST_SHARED_DATA ? resolve(ROOT, 'test/fixtures', FEEDS) : join(requireBenchData('bench:feeds', [FEEDS]), FEEDS);
const rounds = positiveIntArg('rounds', 20);
const COMMAND = `npm run bench:feeds -- --rounds ${rounds}`;

const files = readdirSync(DATA).sort().map((f) => ({ name: f, bytes: readFileSync(join(DATA, f)) }));
const totalBytes = files.reduce((n, f) => n + f.bytes.byteLength, 0);

const pass = (): { feeds: number; entries: number; errors: number } => {
  let feeds = 0;
  let entries = 0;
  let errors = 0;
  for (const f of files) {
    try {
      const parsed = parseFeedDocument(decodeFeedBytes(f.bytes).text);
      entries += parsed.entries.filter(isUsableEntry).map((e) => mapFeedEntry(e, { feedName: 'bench', fetchedAt: '2026-01-01T00:00:00.000Z' })).length;
      feeds += 1;
    } catch {
      errors += 1;
    }
  }
  return { feeds, entries, errors };
};

pass(); // warm-up
const t0 = performance.now();
let last = { feeds: 0, entries: 0, errors: 0 };
for (let i = 0; i < rounds; i++) last = pass();
const seconds = (performance.now() - t0) / 1000;

const lines = [
  `# Feed parsing (rss source, pure path)`,
  '',
  `Command: \`${COMMAND}\` — ${files.length} files, ${(totalBytes / 1024).toFixed(0)} KiB, ${rounds} rounds after one warm-up; Node ${process.version}; ${cpus().length} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(' / ')} at the end.`,
  '',
  '| figure | value |',
  '|---|---|',
  `| feeds parsed per round | ${last.feeds} (${last.errors} not a feed) |`,
  `| entries per round | ${last.entries} |`,
  `| feeds/s | ${((files.length * rounds) / seconds).toFixed(1)} |`,
  `| entries/s | ${((last.entries * rounds) / seconds).toFixed(0)} |`,
  `| MB/s | ${((totalBytes * rounds) / 1e6 / seconds).toFixed(2)} |`,
  `| ms per round | ${((seconds * 1000) / rounds).toFixed(1)} |`,
  '',
];
console.log(lines.join('\n'));
mkdirSync(join(ROOT, 'docs/bench'), { recursive: true });
writeFileSync(join(ROOT, 'docs/bench/feeds.md'), lines.join('\n'));
