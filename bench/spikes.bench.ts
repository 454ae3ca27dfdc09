/*
 * Spike detector benchmark. NAB (../shared/data/spikes/nab, or `--data` as that folder or the data
 * folder; skipped with one line when absent): the shipped detector's raised spikes scored with the
 * NAB scorer port (bench/spikes.scorer.ts) — standard, low-FP and low-FN, per data set and in total —
 * beside the published detectors on the same files; settings chosen by leave-one-set-out
 * cross-validation over a small grid (chosen on the other sets, scored on the held-out one). Then
 * throughput (10,000 series × 2,000 buckets, beside a plain EWMA z-score in the same run) and the
 * cost of one update at two series lengths. Writes docs/bench/spikes.md. Asserts nothing.
 * Run: npm run bench:spikes -- --data ../shared/data/spikes/nab
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, resolve } from 'node:path';
import { DEFAULT_DETECTOR, detectorSettingsSchema, type DetectorSettings } from '../src/spikes/spikes.config.js';
import { stringArg } from './args.js';
import { chooseDataDir, ROOT, skipLine } from './data-dir.js';
import { loadNab, nabRoot, normaliseBySet, publishedScores, scoreDetector, windowCounts, type NabFile } from './spikes.nab.js';
import { PROFILES, type ProfileName } from './spikes.scorer.js';
import { measureThroughput, updateCost } from './spikes.throughput.js';

const COMMAND = 'npm run bench:spikes -- --data ../shared/data/spikes/nab';
const PUBLISHED = ['ARTime', 'numenta', 'twitterADVec', 'windowedGaussian', 'null'];
type Scores = Map<string, Record<ProfileName, number>>;
/** The detector as ADR 0025 first shipped it: no contextual novelty, its threshold and cooldown. */
const BEFORE = detectorSettingsSchema.parse({ noveltyWeight: 0, threshold: 0.22, cooldown: 60, minDeviation: 0.3, noveltyGateLevel: 0 });
/** The defaults shipped until 2026-12-05: the novelty gate on every series, minDeviation 0.3. */
const UNTIL_1205 = detectorSettingsSchema.parse({ noveltyGateLevel: 0, minDeviation: 0.3 });

const GRID: Array<Partial<DetectorSettings>> = [];
for (const threshold of [0.22, 0.27])
  for (const cooldown of [30, 60, 100])
    for (const noveltyHalfLife of [30, 60, 300])
      for (const noveltyBins of [4, 5, 8]) for (const minDeviation of [0.3, 1]) GRID.push({ threshold, cooldown, noveltyHalfLife, noveltyBins, minDeviation });
// noveltyGate 1 / noveltyGateLevel 1 (one mention, on sparse count series) in every grid point: a
// product constraint (a lone mention in a silent series is not news), not a setting fitted to NAB —
// and NAB cannot tell gate levels apart: every series the gate touched there has fractional values.

const root = (): string => {
  const choice = chooseDataDir(stringArg('data'));
  const found = nabRoot(choice.dir);
  if (found) return found;
  console.log(skipLine('bench:spikes', choice, 'spikes/nab/labels/combined_windows.json'));
  process.exit(0);
};

const fmt = (x: number | undefined): string => (x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(1));
const sum = (raw: Scores, files: readonly NabFile[], p: ProfileName): number => files.reduce((a, f) => a + (raw.get(f.name)?.[p] ?? 0), 0);

/** Leave-one-set-out: for each set with windows, the grid point best on the other sets (standard profile, normalised), scored on it. */
const crossValidate = (files: readonly NabFile[], windows: Map<string, number>): { chosen: Map<string, Partial<DetectorSettings>>; heldOut: Scores } => {
  const perConfig = GRID.map((g) => scoreDetector(files, detectorSettingsSchema.parse(g)));
  const sets = [...new Set(files.map((f) => f.set))].filter((s) => files.some((f) => f.set === s && (windows.get(f.name) ?? 0) > 0));
  const chosen = new Map<string, Partial<DetectorSettings>>();
  const heldOut: Scores = new Map();
  for (const set of sets) {
    const train = files.filter((f) => f.set !== set);
    let best = 0;
    let bestScore = -Infinity;
    perConfig.forEach((raw, k) => {
      const s = normaliseBySet(train, raw, windows).get('total')!.standard;
      if (s > bestScore) [best, bestScore] = [k, s];
    });
    chosen.set(set, GRID[best]!);
    for (const f of files.filter((x) => x.set === set)) heldOut.set(f.name, perConfig[best]!.get(f.name)!);
  }
  return { chosen, heldOut };
};

const table = (title: string, rows: Array<[string, Map<string, Record<ProfileName, number>>]>, sets: string[]): string[] => [
  `### ${title}`,
  '',
  `| detector | ${sets.join(' | ')} |`,
  `|---|${sets.map(() => '---:').join('|')}|`,
  ...rows.map(([name, m]) => `| ${name} | ${sets.map((s) => PROFILES.map((p) => fmt(m.get(s)?.[p])).join(' / ')).join(' | ')} |`),
  '',
];

const main = (): void => {
  const dir = root();
  const t0 = Date.now();
  const files = loadNab(dir);
  const windows = windowCounts(files);
  const sets = [...[...new Set(files.map((f) => f.set))].filter((s) => files.some((f) => f.set === s && (windows.get(f.name) ?? 0) > 0)), 'total'];
  const ours = scoreDetector(files, DEFAULT_DETECTOR);
  const rows: Array<[string, Scores]> = [['**ours (shipped defaults)**', normaliseBySet(files, ours, windows)]];
  const { chosen, heldOut } = crossValidate(files, windows);
  rows.push(['ours, leave-one-set-out CV', normaliseBySet(files.filter((f) => heldOut.has(f.name)), heldOut, windows)]);
  rows.push(['shipped until 2026-12-05: novelty gate on every series (noveltyGateLevel 0), minDeviation 0.3', normaliseBySet(files, scoreDetector(files, UNTIL_1205), windows)]);
  rows.push(['ours without the novelty gate (noveltyGate 0; not shipped)', normaliseBySet(files, scoreDetector(files, detectorSettingsSchema.parse({ noveltyGate: 0 })), windows)]);
  rows.push(['before: residual likelihood only (noveltyWeight 0, ADR 0025 as first landed)', normaliseBySet(files, scoreDetector(files, BEFORE), windows)]);
  for (const det of PUBLISHED) rows.push([det, normaliseBySet(files, publishedScores(dir, det), windows)]);
  const noAnomaly = files.filter((f) => (windows.get(f.name) ?? 0) === 0);
  const fpRaw = (raw: Scores): string => PROFILES.map((p) => sum(raw, noAnomaly, p).toFixed(2)).join(' / ');
  const accuracySeconds = (Date.now() - t0) / 1000;

  const cold = measureThroughput(DEFAULT_DETECTOR);
  const tp = measureThroughput(DEFAULT_DETECTOR);
  const before = measureThroughput(BEFORE);
  const short = updateCost(DEFAULT_DETECTOR, 1_000);
  const long = updateCost(DEFAULT_DETECTOR, 200_000);

  const nWindows = [...windows.values()].reduce((a, b) => a + b, 0);
  const out = [
    '# bench:spikes',
    '',
    `Command: \`${COMMAND}\` (${new Date().toISOString().slice(0, 10)}, Node ${process.version}). Accuracy part ${accuracySeconds.toFixed(1)} s.`,
    '',
    `## NAB (${files.length} series, ${nWindows} scored windows; NAB without realTweets)`,
    '',
    'Each cell: standard / reward_low_FP_rate / reward_low_FN_rate, normalised per column exactly as NAB normalises its',
    'corpus (100 · (raw − null) / (perfect − null), null = −fnWeight · windows, perfect = tpWeight · windows) over that',
    'column\'s files. A detection is a raised spike (`label` 1: score ≥ threshold, outside the cooldown); the published',
    'detectors are scored from their published per-file raw scores (`results/*_scores.csv`, each at its own tuned',
    'threshold) on the same files. Total includes artificialNoAnomaly (no windows; only false positives count there).',
    'The realTweets set (Twitter mention volumes, the closest to our held-out series) is not in the data, so there is no',
    'figure on it. Two files repeat or step back a timestamp: `spikes detect` refuses them (exit 2); the bench keeps',
    'their rows as they are, in file order (nothing skipped or collapsed).',
    '',
    ...table('Normalised scores per data set', rows, sets),
    `artificialNoAnomaly raw score (false positives only; 0 is best): ours ${fpRaw(ours)}; ${PUBLISHED.slice(0, 4).map((d) => `${d} ${fpRaw(publishedScores(dir, d))}`).join('; ')}.`,
    '',
    'Cross-validation: for each set with windows, the grid point (threshold × cooldown × noveltyHalfLife × noveltyBins × minDeviation,',
    `${GRID.length} points) best on the other sets (standard, total) is scored on the held-out set. Chosen per held-out set:`,
    '',
    ...[...chosen].map(([s, g]) => `- ${s}: ${JSON.stringify(g)}`),
    '',
    `Shipped defaults: ${JSON.stringify(DEFAULT_DETECTOR)}`,
    '',
    '## Throughput',
    '',
    `${tp.series.toLocaleString('en')} series × ${tp.buckets.toLocaleString('en')} buckets of generated 5-minute counts (daily rhythm, bursts), one bucket of every series at a time:`,
    '',
    '| detector | buckets/s | spikes raised |',
    '|---|---:|---:|',
    `| shipped detector, first pass | ${Math.round(cold.detectorPerSecond).toLocaleString('en')} | ${cold.spikes.toLocaleString('en')} |`,
    `| shipped detector, second pass | ${Math.round(tp.detectorPerSecond).toLocaleString('en')} | ${tp.spikes.toLocaleString('en')} |`,
    `| before: residual likelihood only (noveltyWeight 0), third pass | ${Math.round(before.detectorPerSecond).toLocaleString('en')} | ${before.spikes.toLocaleString('en')} |`,
    `| baseline: plain EWMA z-score (same loop), first / second pass | ${Math.round(cold.baselinePerSecond).toLocaleString('en')} / ${Math.round(tp.baselinePerSecond).toLocaleString('en')} | — |`,
    '',
    `Target ≥ 1,000,000 buckets/s: ${cold.detectorPerSecond >= 1e6 ? 'met on both passes' : tp.detectorPerSecond >= 1e6 ? 'met on the second pass, missed on the first' : 'missed'}.`,
    '',
    `One update (best block of 1,000): ${short.toFixed(0)} ns at series length 1,000, ${long.toFixed(0)} ns at 200,000 — the state is a fixed`,
    'set of numbers, a time-of-day profile and a 256-bit table of seen patterns, so the cost does not grow with the series.',
    '',
    `Load average at the end of the run: ${loadavg().map((x) => x.toFixed(1)).join(' / ')} (2 cores, shared).`,
    '',
  ].join('\n');
  console.log(out);
  const target = resolve(ROOT, 'docs/bench/spikes.md');
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, out);
  console.log(`wrote ${target}`);
};

main();
