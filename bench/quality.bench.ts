/*
 * Quality benchmark of the offline heuristic analyzer on real labelled data (../shared/data,
 * `--data DIR` or HARVEST_SHARED_DATA; skipped with one line when absent) and the bundled demo
 * corpus: 3-class sentiment on airline tweets and on app-review star ratings (against the plain
 * `vader-sentiment` package, with 5-fold cross-validated figures for the data-tuned settings), bug /
 * feature-request / security detection and the `security` topic tag on the CLAP app reviews and
 * the demo corpus (with a one-line keyword-regex baseline measured in the same run), bad-input
 * timings and throughput. Prints the figures and writes docs/bench/quality.md (quality.report.ts).
 * Asserts nothing. Run: npm run bench:quality
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Category } from '../src/domain/analysis.js';
import type { HeuristicOptions } from '../src/analysis/heuristic/heuristic.analyzer.js';
import { analyzeText } from '../src/analysis/heuristic/heuristic.analyzer.js';
import { firstPerKey, parseCsvRecords } from './csv.js';
import { requireBenchData, ROOT } from './data-dir.js';
import type { ClassScores } from './quality.metrics.js';
import { binaryScores } from './quality.metrics.js';
import type { ClapResult, Report } from './quality.report.js';
import { markdown, printSummary } from './quality.report.js';
import type { LabelledText, SentimentDomain } from './quality.sentiment.js';
import { evalSentiment, starSentiment } from './quality.sentiment.js';

const TWEETS = 'airline/Tweets.csv';
const CLAP_RQ1 = 'app_reviews/clap_scalabrino2017_rq1-raw-data.csv';
const CLAP_RQ3 = 'app_reviews/clap_scalabrino2017_rq3-manually-classified-implemented-reviews.csv';
const DATA = requireBenchData('bench:quality', [TWEETS, CLAP_RQ1, CLAP_RQ3]);

const readRecords = (rel: string): Record<string, string>[] => parseCsvRecords(readFileSync(resolve(DATA, rel), 'utf8'));

// ---- sentiment domains --------------------------------------------------------------------

/** The brands the tweets address, configured as a deployment monitoring them would. */
const AIRLINE_OPTS: HeuristicOptions = {
  products: ['Virgin America', 'United', 'Southwest', 'Delta', 'US Airways', 'USAirways', 'American', 'JetBlue'],
  competitors: [],
};
const NO_CONFIG: HeuristicOptions = { products: [], competitors: [] };

const loadTweets = (): LabelledText[] => firstPerKey(readRecords(TWEETS), 'tweet_id').map((r) => ({ text: r.text ?? '', gold: r.airline_sentiment ?? '' }));

const starDomain = (name: string, file: string, column: string): SentimentDomain => ({
  name,
  gold: 'star rating (1–2 negative, 3 neutral, 4–5 positive)',
  texts: readRecords(file).map((r) => ({ text: r[column] ?? '', gold: starSentiment(r.rating ?? '') })),
  opts: NO_CONFIG,
});

const throughput = (texts: readonly string[], opts: HeuristicOptions): number => {
  for (const text of texts.slice(0, 2000)) analyzeText({ text }, opts);
  let n = 0;
  const start = process.hrtime.bigint();
  for (let pass = 0; pass < 3; pass++) for (const text of texts) {
    analyzeText({ text }, opts);
    n++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return n / seconds;
};

// ---- CLAP app reviews ----------------------------------------------------------------------

/**
 * Mapping of our single category to CLAP's labels. bug ← BUG counts our `bug` and `outage`
 * (CLAP has no outage class; an app "down for everyone" is reported as a bug). `complaint` is
 * not counted as bug. feature_request ← FEATURE, security ← SECURITY.
 */
const CLAP_MAP: ReadonlyArray<readonly [string, string, readonly Category[]]> = [
  ['bug', 'BUG', ['bug', 'outage']],
  ['feature request', 'FEATURE', ['feature_request']],
  ['security', 'SECURITY', ['security']],
];

const BASELINE: Readonly<Record<string, RegExp>> = {
  BUG: /bug|crash|error|fix|freez|not work|doesn'?t work|broken/i,
  FEATURE: /add|please|would be nice|wish|feature|option|should/i,
  SECURITY: /secur|virus|hack|malware|privacy|permission/i,
};

const evalClap = (file: string, textColumn: string): ClapResult => {
  const reviews = readRecords(file);
  const gold = reviews.map((r) => r.category ?? '');
  const results = reviews.map((r) => analyzeText({ text: r[textColumn] ?? '' }, NO_CONFIG));
  const pred = results.map((a) => a.category);
  const confusion: Record<string, Record<string, number>> = {};
  const urgency: Record<string, number[]> = {};
  gold.forEach((g, i) => {
    const row = (confusion[g] ??= {});
    row[pred[i] ?? ''] = (row[pred[i] ?? ''] ?? 0) + 1;
    const priority = reviews[i]?.priority;
    if (priority) (urgency[priority] ??= []).push(results[i]?.urgency ?? 0);
  });
  const rows = CLAP_MAP.filter(([, clap]) => gold.includes(clap)).map(([label, clap, cats]) => {
    const isGold = gold.map((g) => g === clap);
    const re = BASELINE[clap] ?? /$^/;
    return {
      label,
      ours: binaryScores(isGold, pred.map((p) => cats.includes(p))),
      oursStrict: binaryScores(isGold, pred.map((p) => p === cats[0])),
      baseline: binaryScores(isGold, reviews.map((r) => re.test(r[textColumn] ?? ''))),
      baselineRe: re.source,
    };
  });
  const urgencyByPriority = Object.fromEntries(
    Object.entries(urgency).map(([k, v]) => [k, v.reduce((a, b) => a + b, 0) / v.length]),
  );
  return { rows, confusion, urgencyByPriority };
};

// ---- security topic tag, demo corpus, bad input --------------------------------------------

/** `security` tag against a gold flag: recall on the flagged rows, precision on all tagged rows. */
const tagScores = (texts: readonly { text: string; title?: string | null; gold: boolean }[], opts: HeuristicOptions): ClassScores =>
  binaryScores(texts.map((t) => t.gold), texts.map((t) => analyzeText({ text: t.text, title: t.title }, opts).tags.includes('security')));

const DEMO_OPTS: HeuristicOptions = { products: ['Brindlepost'], competitors: ['Kestrelboard', 'Ferncircle', 'Taskmoth'] };

interface DemoPost {
  text: string;
  title?: string;
  expected: Category;
}

const evalDemo = (): Report['demo'] => {
  const posts = readFileSync(resolve(ROOT, 'data/demo/corpus.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as DemoPost);
  const pred = posts.map((p) => analyzeText({ text: p.text, title: p.title }, DEMO_OPTS));
  const isSec = posts.map((p) => p.expected === 'security');
  return {
    n: posts.length,
    accuracy: pred.filter((a, i) => a.category === posts[i]?.expected).length / posts.length,
    security: binaryScores(isSec, pred.map((a) => a.category === 'security')),
    securityTag: binaryScores(isSec, pred.map((a) => a.tags.includes('security'))),
  };
};

const BAD_INPUT: ReadonlyArray<readonly [string, string]> = [
  ['empty', ''],
  ['emoji only', '😀🔥👍🏽❤️‍🔥🇺🇸🫠'.repeat(4)],
  ['50,000 characters', 'the app crashes again and again, @acme please fix! https://x.example/a #fail 😡 '.repeat(700).slice(0, 50_000)],
  ['mixed scripts', 'Acme アプリが落ちる 应用崩溃 приложение падает ελληνικά हिन्दी crash'],
  ['HTML entities', '&lt;b&gt;great&lt;/b&gt; &amp;amp; &#x1F600; &#99999999; &bogus; '.repeat(20)],
  ['RTL text', 'التطبيق لا يعمل منذ الصباح \u202Eevil\u202C שלום עולם '.repeat(10)],
];

/** Mean milliseconds per item over 200 runs after 50 warm-up runs. */
const badInputTimings = (): Report['badInput'] =>
  BAD_INPUT.map(([name, text]) => {
    for (let i = 0; i < 50; i++) analyzeText({ text }, NO_CONFIG);
    const start = process.hrtime.bigint();
    for (let i = 0; i < 200; i++) analyzeText({ text }, NO_CONFIG);
    const a = analyzeText({ text }, NO_CONFIG);
    return { name, chars: text.length, ms: Number(process.hrtime.bigint() - start) / 1e6 / 200, category: a.category, sentiment: a.sentiment };
  });

const main = (): void => {
  const tweets = loadTweets();
  const clapRows = readRecords(CLAP_RQ1);
  const rq3Rows = readRecords(CLAP_RQ3);
  const report: Report = {
    date: new Date().toISOString().slice(0, 10),
    sentiment: evalSentiment([
      { name: 'airline tweets', gold: 'airline_sentiment (human)', texts: tweets, opts: AIRLINE_OPTS },
      starDomain('CLAP reviews (rq1)', CLAP_RQ1, 'review'),
      starDomain('CLAP reviews (rq3)', CLAP_RQ3, 'body'),
    ]),
    clap: evalClap(CLAP_RQ1, 'review'),
    rq3: evalClap(CLAP_RQ3, 'body'),
    securityTag: {
      rq1: tagScores(clapRows.map((r) => ({ text: r.review ?? '', gold: r.category === 'SECURITY' })), NO_CONFIG),
      rq3: tagScores(rq3Rows.map((r) => ({ text: r.body ?? '', gold: r.category === 'SECURITY' })), NO_CONFIG),
    },
    demo: evalDemo(),
    badInput: badInputTimings(),
    itemsPerSecond: throughput(tweets.map((t) => t.text), AIRLINE_OPTS),
  };
  console.log(`Heuristic analyzer quality — ${report.date}, data ${DATA}\n`);
  printSummary(report);
  const out = resolve(ROOT, 'docs/bench/quality.md');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, markdown(report));
  console.log(`\nwrote ${out}`);
};

main();
