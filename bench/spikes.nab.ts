/*
 * The NAB corpus for bench:spikes: each series parsed with the batch mode's own reader, its
 * labelled windows as row indexes, and the detector's labels scored with the scorer port.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { detectSeries } from '../src/spikes/batch.js';
import { parseSeriesCsv, type Series } from '../src/spikes/series-csv.js';
import type { DetectorSettings } from '../src/spikes/spikes.config.js';
import { NAB_PROFILES, normalise, PROFILES, scoreFile, windowIndexes, type ProfileName } from './spikes.scorer.js';

export interface NabFile {
  /** `<set>/<file>.csv`, as NAB names it. */
  name: string;
  set: string;
  series: Series;
  windows: Array<[number, number]>;
}

/** The NAB folder: `dir` itself when it holds `labels/`, else `dir/spikes/nab`. */
export const nabRoot = (dir: string): string | undefined => [dir, resolve(dir, 'spikes/nab')].find((d) => existsSync(resolve(d, 'labels/combined_windows.json')));

export const loadNab = (root: string): NabFile[] => {
  const labels = JSON.parse(readFileSync(resolve(root, 'labels/combined_windows.json'), 'utf8')) as Record<string, Array<[string, string]>>;
  const files: NabFile[] = [];
  for (const set of readdirSync(resolve(root, 'data')).sort()) {
    for (const f of readdirSync(resolve(root, 'data', set)).sort()) {
      const name = `${set}/${f}`;
      const series = parseSeriesCsv(readFileSync(resolve(root, 'data', name), 'utf8'), name, { lenientOrder: true });
      files.push({ name, set, series, windows: windowIndexes(series.times, labels[name] ?? []) });
    }
  }
  return files;
};

/** Raw NAB score and window count of one group of files, per profile. */
export type GroupScore = Record<ProfileName, { raw: number; windows: number }>;
const emptyGroup = (): GroupScore => ({ standard: { raw: 0, windows: 0 }, reward_low_FP_rate: { raw: 0, windows: 0 }, reward_low_FN_rate: { raw: 0, windows: 0 } });

/** Per-file raw scores of the detector's labels (a detection is a raised spike), per profile. */
export const scoreDetector = (files: readonly NabFile[], settings: DetectorSettings): Map<string, Record<ProfileName, number>> => {
  const out = new Map<string, Record<ProfileName, number>>();
  for (const f of files) {
    const { labels } = detectSeries(f.series, settings);
    const detected = Array.from(labels, (l) => l === 1);
    out.set(f.name, Object.fromEntries(PROFILES.map((p) => [p, scoreFile(detected, f.windows, NAB_PROFILES[p]).score])) as Record<ProfileName, number>);
  }
  return out;
};

/** Windows per file that NAB scores (after the probationary period), from the null detector. */
export const windowCounts = (files: readonly NabFile[]): Map<string, number> =>
  new Map(files.map((f) => [f.name, scoreFile(new Array<boolean>(f.series.values.length).fill(false), f.windows, NAB_PROFILES.standard).windows]));

/** Normalised scores per set and in total from per-file raw scores. */
export const normaliseBySet = (files: readonly NabFile[], raw: Map<string, Record<ProfileName, number>>, windows: Map<string, number>): Map<string, Record<ProfileName, number>> => {
  const groups = new Map<string, GroupScore>();
  for (const f of files) {
    const r = raw.get(f.name);
    if (!r) continue;
    for (const key of [f.set, 'total']) {
      const g = groups.get(key) ?? emptyGroup();
      for (const p of PROFILES) {
        g[p].raw += r[p];
        g[p].windows += windows.get(f.name) ?? 0;
      }
      groups.set(key, g);
    }
  }
  return new Map([...groups].map(([k, g]) => [k, Object.fromEntries(PROFILES.map((p) => [p, normalise(g[p].raw, g[p].windows, NAB_PROFILES[p])])) as Record<ProfileName, number>]));
};

/** A published detector's per-file raw scores (results/<det>/<det>_<profile>_scores.csv). */
export const publishedScores = (root: string, det: string): Map<string, Record<ProfileName, number>> => {
  const out = new Map<string, Record<ProfileName, number>>();
  for (const p of PROFILES) {
    const rows = readFileSync(resolve(root, `results/${det}/${det}_${p}_scores.csv`), 'utf8').trim().split('\n').slice(1);
    for (const row of rows) {
      const c = row.split(',');
      if (c[0] === 'Totals') continue;
      const r = out.get(c[2]!) ?? ({} as Record<ProfileName, number>);
      r[p] = Number(c[4]);
      out.set(c[2]!, r);
    }
  }
  return out;
};
