/*
 * bench:spikes throughput: 10,000 series × 2,000 five-minute buckets of generated mention counts
 * (a daily rhythm, Poisson-like noise, bursts) through the shipped detector, beside a plain EWMA
 * z-score measured in the same run; and the cost of one update at series lengths 1,000 and 200,000
 * (the incremental update must not grow with the series' length).
 */
import { createDetector } from '../src/spikes/detector.js';
import type { DetectorSettings } from '../src/spikes/spikes.config.js';
import { prng } from './generate.js';

const BUCKET_MS = 300_000;
const SHAPES = 64;

/** SHAPES distinct generated count series of `length` buckets; series k uses shape k % SHAPES. */
export const generateShapes = (length: number, seed = 17): Float64Array[] => {
  const rand = prng(seed);
  return Array.from({ length: SHAPES }, () => {
    const base = 0.2 + rand() * 30;
    const out = new Float64Array(length);
    let burst = 0;
    for (let i = 0; i < length; i++) {
      const hour = ((i * 5) / 60) % 24;
      const mean = base * (1 + 0.6 * Math.sin(((hour - 6) / 24) * 2 * Math.PI));
      if (burst === 0 && rand() < 0.0015) burst = 12;
      const lambda = mean + (burst > 0 ? 5 * base + 10 : 0);
      if (burst > 0) burst--;
      out[i] = Math.max(0, Math.round(lambda + Math.sqrt(lambda) * (rand() + rand() + rand() - 1.5) * 2));
    }
    return out;
  });
};

/** The baseline: an EWMA mean and variance, z-score of the newest bucket (no season, no likelihood). */
const ewmaZ = () => {
  let mean = 0;
  let variance = 1;
  return {
    update(v: number): number {
      const z = (v - mean) / Math.sqrt(variance + 1e-9);
      const d = v - mean;
      mean += 0.05 * d;
      variance = 0.95 * (variance + 0.05 * d * d);
      return z > 4 ? 1 : 0;
    },
  };
};

export interface Throughput {
  series: number;
  buckets: number;
  detectorPerSecond: number;
  baselinePerSecond: number;
  spikes: number;
}

/** Buckets per second, bucket-major (every series gets bucket t before any gets t+1, as the product scores them). */
export const measureThroughput = (settings: DetectorSettings, series = 10_000, buckets = 2_000): Throughput => {
  const shapes = generateShapes(buckets);
  const start = Date.UTC(2026, 0, 5);
  let t0 = process.hrtime.bigint();
  const baselines = Array.from({ length: series }, () => ewmaZ());
  let sink = 0;
  for (let b = 0; b < buckets; b++) for (let s = 0; s < series; s++) sink += baselines[s]!.update(shapes[s % SHAPES]![b]!);
  const baselineNs = Number(process.hrtime.bigint() - t0);
  t0 = process.hrtime.bigint();
  const detectors = Array.from({ length: series }, () => createDetector(settings, BUCKET_MS));
  let spikes = 0;
  for (let b = 0; b < buckets; b++) {
    const at = start + b * BUCKET_MS;
    for (let s = 0; s < series; s++) if (detectors[s]!.update(shapes[s % SHAPES]![b]!, at).spike) spikes++;
  }
  const detectorNs = Number(process.hrtime.bigint() - t0);
  if (sink < 0) console.log(sink);
  const total = series * buckets;
  return { series, buckets, detectorPerSecond: total / (detectorNs / 1e9), baselinePerSecond: total / (baselineNs / 1e9), spikes };
};

/** Nanoseconds per update once a series is `length` buckets long (best of 50 blocks of 1,000 further updates). */
export const updateCost = (settings: DetectorSettings, length: number): number => {
  const shape = generateShapes(1000, 5)[3]!;
  const d = createDetector(settings, BUCKET_MS);
  let at = Date.UTC(2026, 0, 5);
  for (let i = 0; i < length; i++, at += BUCKET_MS) d.update(shape[i % 1000]!, at);
  let best = Infinity;
  for (let r = 0; r < 50; r++) {
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++, at += BUCKET_MS) d.update(shape[i]!, at);
    best = Math.min(best, Number(process.hrtime.bigint() - t0) / 1000);
  }
  return best;
};
