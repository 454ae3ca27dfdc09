/*
 * Scoring one series' closed 5-minute buckets since its last run (ADR 0025), late items included.
 * The stored state holds, beside the detector's state after the last scored bucket, a checkpoint:
 * its state `lateBuckets` buckets earlier. Each run resumes from the checkpoint and replays those
 * buckets with their counts as they are now (an item that arrived after its bucket was scored is
 * in them), then scores the new buckets: bounded work (lateBuckets + the new buckets), and the
 * detector learns the corrected counts. A spike already recorded stays as it is (its alert may be
 * out); a spike the late items make is recorded and alerted like any other. An item later than
 * `lateBuckets` is counted in the volumes, but its bucket is not rescored.
 */
import type { NewSpike, SeriesState } from '../store/volumes.port.js';
import { createDetector, type DetectorState } from './detector.js';
import { BUCKET_MS, seriesKind } from './series-keys.js';
import type { SpikesDeps } from './spikes.service.js';

const HOUR_BUCKETS = 12;

/** What `spike_series.state` holds (JSON); a bare detector state (before late rescoring) reads as one with no checkpoint. */
export interface StoredSeriesState {
  detector: DetectorState;
  /** The detector's state after bucket `through` (null: a fresh detector, the series' first bucket is `through` + 1). */
  checkpoint: { through: number; state: DetectorState | null } | null;
}

export const parseStoredState = (raw: string | null | undefined): StoredSeriesState | undefined => {
  if (!raw) return undefined;
  try {
    const v = JSON.parse(raw) as Partial<StoredSeriesState> & Partial<DetectorState>;
    if (v.detector) return { detector: v.detector, checkpoint: v.checkpoint ?? null };
    return { detector: v as DetectorState, checkpoint: null };
  } catch {
    return undefined;
  }
};

interface Plan {
  /** First bucket this pass runs the detector over (≤ `fresh` when it replays). */
  start: number;
  /** First bucket not scored before. */
  fresh: number;
  restored: DetectorState | undefined;
  replay: boolean;
}

/** Where this pass starts: at the checkpoint when there is one within the backlog, else after the last scored bucket. */
const plan = (deps: SpikesDeps, firstBucket: string, prev: SeriesState | undefined, lastClosed: number): Plan => {
  const stored = parseStoredState(prev?.state);
  const capped = lastClosed - (deps.config.maxBacklogBuckets - 1) * BUCKET_MS;
  const fresh = Math.max(prev?.scoredThrough ? Date.parse(prev.scoredThrough) + BUCKET_MS : Date.parse(firstBucket), capped);
  const cp = stored?.checkpoint;
  if (cp && prev?.scoredThrough && deps.config.lateBuckets > 0 && cp.through + BUCKET_MS >= capped && cp.through < fresh) {
    return { start: cp.through + BUCKET_MS, fresh, restored: cp.state ?? undefined, replay: true };
  }
  return { start: fresh, fresh, restored: stored?.detector, replay: false };
};

/** Scores one series from its checkpoint (or the bucket after its last scored one) through `lastClosed`; returns new buckets scored and spikes recorded. */
export const scoreSeries = async (deps: SpikesDeps, key: string, firstBucket: string, prev: SeriesState | undefined, lastClosed: number): Promise<{ buckets: number; spikes: NewSpike[] }> => {
  const { config } = deps;
  const p = plan(deps, firstBucket, prev, lastClosed);
  if (lastClosed < p.fresh) return { buckets: 0, spikes: [] };
  const base = p.start - (HOUR_BUCKETS - 1) * BUCKET_MS;
  const points = await deps.store.volumes.series(key, '5m', new Date(base).toISOString(), new Date(lastClosed).toISOString());
  // Counts by bucket index from `base` (the 11 buckets before `start` fill the first hour).
  const counts = new Float64Array(Math.floor((lastClosed - base) / BUCKET_MS) + 1);
  for (const x of points) {
    const i = (Date.parse(x.bucket) - base) / BUCKET_MS;
    if (Number.isInteger(i) && i >= 0 && i < counts.length) counts[i] = x.count;
  }
  const countAt = (i: number): number => (i >= 0 && i < counts.length ? (counts[i] as number) : 0);
  // Spikes recorded in the replayed buckets stay; the open one (if among them) ends only after its start.
  const known = p.replay ? await deps.store.volumes.spikes({ key, since: new Date(p.start).toISOString(), limit: 1000 }) : [];
  const knownStarts = new Set(known.map((s) => s.startedAt));
  const openStart = known.find((s) => s.id === prev?.openSpikeId)?.startedAt ?? '';
  const detector = createDetector(config.detector, BUCKET_MS, p.restored);
  const spikes: NewSpike[] = [];
  const open: { peak: number; endedAt: string | null } | undefined = prev?.openSpikeId ? { peak: 0, endedAt: null } : undefined;
  let current: NewSpike | undefined;
  let hour = 0;
  for (let i = 0; i < HOUR_BUCKETS - 1; i++) hour += countAt(i);
  let score = prev?.lastScore ?? 0;
  let waiting = false;
  const checkpointAt = lastClosed - config.lateBuckets * BUCKET_MS;
  let checkpoint: StoredSeriesState['checkpoint'] = checkpointAt < p.start && p.restored === undefined && config.lateBuckets > 0 ? { through: p.start - BUCKET_MS, state: null } : null;
  // A bucket's time as text only where a spike starts or ends (most buckets need none).
  const iso = (t: number): string => new Date(t).toISOString();
  for (let t = p.start, i = HOUR_BUCKETS - 1; t <= lastClosed; t += BUCKET_MS, i++) {
    const value = countAt(i);
    hour += value - countAt(i - HOUR_BUCKETS);
    const step = detector.update(value, t);
    if (t === checkpointAt) checkpoint = { through: t, state: detector.save() };
    score = step.score;
    const below = step.score < config.detector.threshold;
    // A detector spike on too few items waits (while the score stays high) until its hour holds enough.
    if (step.spike) waiting = true;
    else if (below) waiting = false;
    if (waiting && hour >= config.minHourCount && knownStarts.has(iso(t))) waiting = false;
    else if (waiting && hour >= config.minHourCount) {
      const at = iso(t);
      waiting = false;
      if (current && current.endedAt === null) current.endedAt = at;
      if (open && open.endedAt === null && at > openStart) open.endedAt = at;
      current = { key, kind: seriesKind(key), startedAt: at, score: step.score, peakScore: step.score, count: value, expected: step.expected, spread: step.spread, p: step.p, hourCount: hour, endedAt: null };
      spikes.push(current);
    } else if (current && current.endedAt === null) {
      if (below) current.endedAt = iso(t);
      else current.peakScore = Math.max(current.peakScore, step.score);
    } else if (open && open.endedAt === null && iso(t) > openStart) {
      if (below) open.endedAt = iso(t);
      else open.peak = Math.max(open.peak, step.score);
    }
  }
  const stored: StoredSeriesState = { detector: detector.save(), checkpoint };
  const state: SeriesState = { key, kind: seriesKind(key), state: JSON.stringify(stored), scoredThrough: new Date(lastClosed).toISOString(), lastScore: score, openSpikeId: prev?.openSpikeId ?? null };
  await deps.store.volumes.saveScored({ state, spikes, open }, deps.clock.now().toISOString());
  return { buckets: (lastClosed - p.fresh) / BUCKET_MS + 1, spikes };
};
