/** The quality bench's figures: the console summary and docs/bench/quality.md. */
import type { ClassScores, MultiClassScores } from './quality.metrics.js';
import { fmt } from './quality.metrics.js';
import type { SentimentReport } from './quality.sentiment.js';
import { SENTIMENTS } from './quality.sentiment.js';

export interface ClapRow {
  label: string;
  ours: ClassScores;
  oursStrict: ClassScores;
  baseline: ClassScores;
  baselineRe: string;
}

export interface ClapResult {
  rows: ClapRow[];
  confusion: Record<string, Record<string, number>>;
  /** Mean urgency per `priority` value, when the file has one. */
  urgencyByPriority: Record<string, number>;
}

export interface Report {
  date: string;
  sentiment: SentimentReport;
  clap: ClapResult;
  rq3: ClapResult;
  securityTag: { rq1: ClassScores; rq3: ClassScores };
  demo: { n: number; accuracy: number; security: ClassScores; securityTag: ClassScores };
  badInput: { name: string; chars: number; ms: number; category: string; sentiment: string }[];
  itemsPerSecond: number;
}

const COMMAND = 'npm run bench:quality';
const TARGETS: Readonly<Record<string, number>> = { bug: 0.85, 'feature request': 0.72 };

const table = (header: readonly string[], rows: readonly (readonly string[])[]): string =>
  [header, header.map(() => '---'), ...rows].map((r) => `| ${r.join(' | ')} |`).join('\n');

const ok = (v: number, t: number): string => (v >= t ? 'met' : 'NOT met');
const pct = (n: number): string => `${(n * 100).toFixed(0)} %`;

const summaryTable = (r: Report): string => {
  const air = r.sentiment.domains[0];
  const rows: string[][] = [];
  if (air) {
    rows.push(['airline sentiment macro-F1', fmt(air.ours.macroF1), fmt(air.cv.macroF1), '≥ 0.650', ok(air.ours.macroF1, 0.65)]);
  }
  for (const d of r.sentiment.domains) {
    const gap = d.ours.weightedF1 - d.plain.weightedF1;
    rows.push([`${d.name}: weighted F1 vs plain VADER ${fmt(d.plain.weightedF1)}`, fmt(d.ours.weightedF1), fmt(d.cv.weightedF1), '≥ plain − 0.01', gap >= -0.01 ? 'met' : 'NOT met']);
  }
  for (const c of r.clap.rows) {
    const t = TARGETS[c.label];
    rows.push([`CLAP ${c.label} F1 (rq3: ${fmt(r.rq3.rows.find((x) => x.label === c.label)?.ours.f1 ?? 0)})`, fmt(c.ours.f1), 'rules, not tuned', t ? `≥ ${fmt(t)}` : '—', t ? ok(c.ours.f1, t) : '']);
  }
  const tag = r.securityTag.rq1;
  rows.push(['CLAP `security` tag recall on SECURITY', pct(tag.recall), '', '≥ 80 %', ok(tag.recall, 0.8)]);
  rows.push(['CLAP `security` tag precision on the rest', pct(tag.precision), '', 'reported', '']);
  const worst = Math.max(...r.badInput.map((b) => b.ms));
  rows.push(['bad input: slowest ms per item', worst.toFixed(2), '', '< 5', worst < 5 ? 'met' : 'NOT met']);
  rows.push(['throughput (items/s)', r.itemsPerSecond.toFixed(0), '', '≥ 10000', ok(r.itemsPerSecond, 10_000)]);
  return table(['figure', 'measured', `${r.sentiment.folds}-fold CV`, 'target', ''], rows);
};

const sentimentTable = (r: SentimentReport): string =>
  table(
    ['domain (gold)', 'n', 'ours macro-F1', 'CV macro-F1', 'plain VADER macro-F1', 'ours weighted F1', 'CV weighted F1', 'plain VADER weighted F1', 'ours acc.', 'plain acc.'],
    r.domains.map((d) => [
      `${d.name} (${d.gold})`, String(d.n), fmt(d.ours.macroF1), fmt(d.cv.macroF1), fmt(d.plain.macroF1),
      fmt(d.ours.weightedF1), fmt(d.cv.weightedF1), fmt(d.plain.weightedF1), fmt(d.ours.accuracy), fmt(d.plain.accuracy),
    ]),
  );

const ablationTable = (r: SentimentReport): string => {
  const base = r.ablations[0]?.perDomain ?? [];
  const delta = (v: number, b: number | undefined): string => (b === undefined ? fmt(v) : `${fmt(v)} (${v - b >= 0 ? '+' : ''}${(v - b).toFixed(3)})`);
  return table(
    ['variant', ...r.domains.flatMap((d) => [`${d.name} macro-F1`, `${d.name} weighted F1`])],
    r.ablations.map((a) => [a.name, ...a.perDomain.flatMap((p, i) => [delta(p.macroF1, base[i]?.macroF1), delta(p.weightedF1, base[i]?.weightedF1)])]),
  );
};

const perClassTable = (s: MultiClassScores): string =>
  table(
    ['class', 'precision', 'recall', 'F1', 'support'],
    SENTIMENTS.map((l) => {
      const c = s.perClass[l];
      return [l, fmt(c?.precision ?? 0), fmt(c?.recall ?? 0), fmt(c?.f1 ?? 0), String(c?.support ?? 0)];
    }),
  );

const clapTable = (rows: readonly ClapRow[]): string =>
  table(
    ['class', 'ours P', 'ours R', 'ours F1', 'strict F1', 'regex P', 'regex R', 'regex F1', 'support'],
    rows.map((c) => [
      c.label, fmt(c.ours.precision), fmt(c.ours.recall), fmt(c.ours.f1), fmt(c.oursStrict.f1),
      fmt(c.baseline.precision), fmt(c.baseline.recall), fmt(c.baseline.f1), String(c.ours.support),
    ]),
  );

const confusionTable = (conf: Record<string, Record<string, number>>): string => {
  const cols = [...new Set(Object.values(conf).flatMap((r) => Object.keys(r)))].sort();
  return table(['gold \\ ours', ...cols], Object.entries(conf).map(([g, r]) => [g, ...cols.map((c) => String(r[c] ?? 0))]));
};

const tagTable = (r: Report): string => {
  const row = (name: string, s: ClassScores): string[] => [name, pct(s.recall), pct(s.precision), fmt(s.f1), String(s.support), String(s.predicted)];
  return table(['data (gold)', 'recall', 'precision', 'F1', 'gold', 'tagged'], [
    row('CLAP rq1 (SECURITY label)', r.securityTag.rq1),
    row('CLAP rq3 (SECURITY label)', r.securityTag.rq3),
    row('demo corpus (expected category security)', r.demo.securityTag),
  ]);
};

const tuning = (t: { askingWeight: number; neutralBand: number; problemShift: number; questionPositiveAt: number; askingPositiveAt: number }): string =>
  `asking ${t.askingWeight}×, band ±${t.neutralBand}, shift ${t.problemShift}, question ≥ ${t.questionPositiveAt}, asking question ≥ ${t.askingPositiveAt}`;

/** Console summary. */
export const printSummary = (r: Report): void => {
  console.log(summaryTable(r));
  console.log('\nSentiment per domain (ours vs plain vader-sentiment, ±0.05)');
  console.log(sentimentTable(r.sentiment));
  console.log(ablationTable(r.sentiment));
  console.log(`CV picks per fold: ${r.sentiment.foldChoices.map(tuning).join('; ')}; whole data: ${tuning(r.sentiment.fullDataChoice)}`);
  console.log('\nCLAP rq1 reviews: ours vs keyword-regex baseline');
  console.log(clapTable(r.clap.rows));
  console.log('\nCLAP rq3 reviews');
  console.log(clapTable(r.rq3.rows));
  console.log('\nsecurity topic tag');
  console.log(tagTable(r));
  console.log(`\ndemo corpus: category accuracy ${fmt(r.demo.accuracy)}, security P ${fmt(r.demo.security.precision)} R ${fmt(r.demo.security.recall)}`);
  console.log(`bad input ms/item: ${r.badInput.map((b) => `${b.name} ${b.ms.toFixed(3)}`).join(', ')}`);
};

export const markdown = (r: Report): string => `# Heuristic analyzer quality

Produced by \`${COMMAND}\` on ${r.date} (Node ${process.version}). Data: \`../shared/data\`
(see its README) and the bundled demo corpus (\`data/demo\`). Figures are for the offline
\`heuristic\` analyzer (\`rules-v1\`).

## Summary

${summaryTable(r)}

The CV column is the ${r.sentiment.folds}-fold cross-validated figure of the settings tuned by data
(see "Sentiment"); the category rules and the tag lexicon are hand-written, not tuned by a search,
so their second-domain figure is the check (CLAP rq3 and the demo corpus below).

## Sentiment

Three domains with sentiment labels: the airline tweets (human labels; airline names configured as
products, 155 duplicate ids removed) and the two CLAP review files, whose star rating serves as the
label (1–2 negative, 3 neutral, 4–5 positive; a proxy, noisier than human sentiment labels). Plain
VADER is the \`vader-sentiment\` package as published with its ±0.05 thresholds, on the same texts.

${sentimentTable(r.sentiment)}

Cross-validation: ${r.sentiment.folds} interleaved folds per domain; on each fold the setting (weight of
positive words in asking questions × neutral band of the lexicon × problem-report shift × positive
threshold of questions × positive threshold of questions that ask for information or action, a
4 × 4 × 8 × 6 × 4 grid) is the one with the best mean macro-F1 over the other folds of all three domains
together, and the held-out fold is labelled with it. Picks per
fold: ${r.sentiment.foldChoices.map(tuning).join('; ')}. The whole data would pick
${tuning(r.sentiment.fullDataChoice)}; the analyzer ships asking 0.3×, band ±0.35, shift −0.5,
question ≥ 0.3, asking question ≥ 0.6: the asking threshold is the pick of every fold and leaves
the CLAP reviews within 0.001; a threshold of 0.5 for every question, also picked, lowers them
(weighted F1 −0.007; see the ablation table: a rule that helps one domain and hurts another does
not go in); 0.3× is the weight proposed before this grid existed; band ±0.35 (VADER's ±0.1…0.3
words) rather than ±0.55 because the wider band changes more general text for no clear gain (the
two are within 0.001 on every domain). The CV column therefore estimates tuning by data on unseen
folds; the shipped column is the rule set as shipped.

Each rule removed alone (or a rejected one added alone), change against the shipped analyzer in
brackets:

${ablationTable(r.sentiment)}

Airline, per class (ours):

${perClassTable(r.sentiment.domains[0]?.ours ?? { accuracy: 0, macroF1: 0, weightedF1: 0, perClass: {}, confusion: {} })}

Confusion (rows gold, columns ours):

${confusionTable(r.sentiment.domains[0]?.ours.confusion ?? {})}

## CLAP app reviews: bug, feature request, security

3,000 reviews of \`clap_scalabrino2017_rq1-raw-data.csv\`, one-vs-rest over all of them.
Mapping: bug ← BUG counts our \`bug\` **and** \`outage\` (CLAP has no outage class); \`complaint\`
is not counted. "strict F1" counts \`bug\` alone. feature request ← FEATURE, security ← SECURITY.
The regex baseline is measured in the same run: ${r.clap.rows.map((c) => `${c.label} \`${c.baselineRe}\``).join(', ')}.

${clapTable(r.clap.rows)}

Our categories per CLAP label (rows gold, columns ours):

${confusionTable(r.clap.confusion)}

### Second CLAP file

The 725 reviews of \`clap_scalabrino2017_rq3-manually-classified-implemented-reviews.csv\`
(column \`body\`), same mapping and baseline. Its errors were looked at during development for
general patterns, so it is not a clean hold-out. Mean urgency by the file's \`priority\`:
${Object.entries(r.rq3.urgencyByPriority).map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}.

${clapTable(r.rq3.rows)}

### Demo corpus

${r.demo.n} generated posts with an \`expected\` category: accuracy ${fmt(r.demo.accuracy)}; \`security\`
category precision ${fmt(r.demo.security.precision)}, recall ${fmt(r.demo.security.recall)}.

## The \`security\` topic tag

Tags say what an item is about, whatever its category; \`security\` is set by the topic lexicon
(\`src/analysis/heuristic/tags.rules.ts\`) and always with the \`security\` category. Recall is
over the reviews labelled SECURITY, precision over every tagged review: CLAP is single-label, so
a bug report about a hacked account or a feature request for a PIN lock, tagged \`security\`,
counts against precision here although the tag is right about its topic.

${tagTable(r)}

## Bad input and throughput

Mean time per item of \`analyzeText\` (200 runs after a warm-up; texts longer than 10,000
characters are read on their first 10,000):

${table(['input', 'characters', 'ms per item', 'category', 'sentiment'], r.badInput.map((b) => [b.name, String(b.chars), b.ms.toFixed(3), b.category, b.sentiment]))}

${r.itemsPerSecond.toFixed(0)} items/s of \`analyzeText\` over the airline texts (3 passes after
a warm-up, one core; the machine may be shared, so treat it as a floor).

## Which data each rule was written against

- Sentiment is VADER's algorithm (lexicon from the \`vader-sentiment\` package; negation, boosters,
  caps, "but", punctuation; edge punctuation stripped from words as Python VADER does) with VADER's
  weights and its ±0.05 thresholds. A rule stays only when, measured alone (the ablation table),
  it helps every domain or is neutral on one: failure words (written against airline tweets and
  app reviews), request words set to 0 ("please", "help", "hope"; airline tweets; "like" and
  "kind" keep their valence, they are sentiment in general text), complaint markers ("why",
  "still", "again"; airline tweets), multi-word expressions (airline tweets and app reviews).
  Praise words and emoji are neutral here and kept as general English. Rejected, each helping
  airline tweets and lowering app reviews: negative valences 1.5×, the asymmetric thresholds,
  question threshold 0.5 for every question.
- Four rules for VADER's known gaps (2026-12-05), written from general English, then measured
  alone on all three domains and checked for how often they change a label on text with no
  sentiment gold (the demo corpus, 2,000 posts; news sentences from \`stories/ecbplus-dev.jsonl\`):
  words VADER's raters put within ±0.3 of neutral (about 500 of its 7,500 entries: "number" 0.3,
  "apology" 0.2) carry no valence, so a lone weak word no longer makes a text positive; our own
  overrides keep theirs (zeroing our 0.3 for "ok"/"yes"/"fine"/"okay" too helped both domains more
  but turns "lunch was okay" neutral where VADER and people say positive) — changes 8 of the 2,000
  demo posts and 10 of 2,356 news sentences;
  negation and boosters reach back only within their own sentence ("they can't find it. WTF!" is
  not a negated "WTF"); "like" after a perception, copular or request verb ("looks like", "it's
  like", "I'd like") carries no valence, the verb "like" keeps it; positive words in an *asking*
  question (opening with how/what/when/where/which/why/can/could/would/will/should/do/does/did/
  any…) count 0.3×, so "can you tell me the best way to the gate?" is not praise. Questions opening
  with is/are/has/have/who are left out: in general text they are often rhetorical ("is this the
  best day ever?"). Positive words in every question 0.3× helps both domains more (ablation
  table) but is left out for that reason: general tweets are not among our data, and the issue's
  held-out general set must stay at VADER's level.
- Three more (2026-12-05, second session), each measured alone (ablation table) and counted for
  the labels it changes against the shipped analyzer on text without sentiment gold (ECB+ news
  sentences, one per line of \`stories/ecbplus-dev.jsonl\`, 8,438; the demo corpus, 2,000; the
  item titles and snippets of \`feeds/rss-parser-expected\`, 439; MAG paper titles of
  \`topics/mag-dev.jsonl\`, 5,598): a question that asks for information or action (a question
  sentence opening with how/what/when/…/can/do/any or is/are/has/have; not "who", which opens
  "who's excited?") is positive only from 0.6 — "What is the phone number for reservations?
  Thanks" is not praise; rhetorical praise ("is this the best day ever?") is above it — changes
  1 news sentence (a reporter's "Can you lay out for us …?"), 36 demo posts (all product questions such as "Can you share a channel with
  another workspace? Thanks in advance!"), 0 feed items, 0 titles; waiting with a duration and
  unreachable service ("waited 45 mins", "a 2 hour delay", "hung up on me", "can't get through to
  anyone") and rhetorical complaints ("thanks for nothing", "what's the point of …", "how come …",
  "seriously?", "are you kidding") as negative expressions — 0 labels changed on any of the four.
  Each was written from general complaint language after reading 50 misclassified airline tweets
  of each large confusion cell; none names an airline or airline-only thing. Measured and not
  taken: "thanks for" followed only by negative words as sarcasm (airline +0.000, CLAP rq3 −0.001:
  "thank you for the hard work" is sincere), a negated negative of our own additions counting 0
  rather than positive (airline +0.001, rq3 −0.002), and a stray "?" with no word before it (CLAP's
  "? it's very good") not making a question (CLAP rq1 macro −0.004: the question threshold had been
  keeping those short 3-star reviews neutral). Reverting the airline file's publisher artefacts
  ("Cancelled Flightled") lowers its figure (0.637 → 0.635 before these rules), so the bench reads
  the file as published.
- Tried and dropped, each within noise on airline tweets (±0.003) or lowering app reviews:
  "however"/"though" as contrast words like "but", CamelCase hashtags read as words, "thanks"
  without valence in a text with negative words, "(could|should|need to) be better" /
  "deserve better" as negative expressions, a positive threshold of 0.3–0.5 for feature requests.
- The settings tuned by data (asking-question weight, neutral band, problem-report shift, question
  threshold, asking-question threshold) are cross-validated above, on all three domains together.
- Category cues (\`src/analysis/heuristic/*.cues.ts\`) were written from general English and
  checked against CLAP rq1/rq3 and the demo corpus; errors were read for general patterns, no
  phrase was copied. Security needs an incident, a vulnerability or a threat (topic words count
  once; research or announcement language raises the bar): written against the demo corpus.
- The \`security\` tag lexicon was written from the issue's vocabulary before looking at CLAP (rq1
  recall 94 %, precision 62 % then), then CLAP rq1's misses were read: "trojan horse" excluded,
  "scam"/"fraud" removed, requests for contacts/location access and "is my data safe" added.
- Our analyzer is single-label, CLAP is single-label: reviews that report a bug and ask for a
  feature count as misses for one of the two. PERFORMANCE and ENERGY reviews ("freezes", "drains
  battery, please fix") are mostly predicted bug; CLAP labels them apart.
`;
