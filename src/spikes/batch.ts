/*
 * `harvest spikes detect`: a NAB-format series in, `timestamp,value,anomaly_score,label` out —
 * the same streaming detector the product runs, one bucket after another; no database.
 */
import { createDetector } from './detector.js';
import { bucketWidthMs, type Series } from './series-csv.js';
import type { DetectorSettings } from './spikes.config.js';

export interface ScoredSeries {
  scores: Float64Array;
  labels: Uint8Array;
}

/** Runs the detector over a parsed series. */
export const detectSeries = (series: Series, settings: DetectorSettings): ScoredSeries => {
  const detector = createDetector(settings, bucketWidthMs(series.times));
  const n = series.values.length;
  const scores = new Float64Array(n);
  const labels = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const step = detector.update(series.values[i]!, series.times[i]!);
    scores[i] = step.score;
    labels[i] = step.spike ? 1 : 0;
  }
  return { scores, labels };
};

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : String(Math.round(x * 1e6) / 1e6));

/** The output CSV lines (header first); values are echoed as parsed. */
export function* scoredCsvLines(series: Series, scored: ScoredSeries): Generator<string> {
  yield 'timestamp,value,anomaly_score,label';
  for (let i = 0; i < series.values.length; i++) yield `${series.stamps[i]},${series.values[i]},${fmt(scored.scores[i]!)},${scored.labels[i]}`;
}
