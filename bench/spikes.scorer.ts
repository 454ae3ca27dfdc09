/*
 * A port of the Numenta Anomaly Benchmark scorer (numenta/NAB `nab/sweeper.py` and the
 * normalisation in `nab/runner.py`, MIT): labelled anomaly windows, a scaled-sigmoid reward for
 * the earliest detection in a window, a falling penalty for false positives after a window, the
 * three cost profiles, the probationary period (the first 15 % of a file, at most 750 rows, is not
 * scored) and the normalisation between the null detector (no detections) and a perfect one (the
 * first row of every window). Checked against NAB's published per-file scores in
 * test/bench/spikes-scorer.test.ts.
 */

/** One cost profile of `config/profiles.json`. */
export interface CostMatrix {
  tpWeight: number;
  fnWeight: number;
  fpWeight: number;
  tnWeight: number;
}

export type ProfileName = 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';
export const PROFILES: readonly ProfileName[] = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'];

/** NAB's profiles (config/profiles.json). */
export const NAB_PROFILES: Record<ProfileName, CostMatrix> = {
  standard: { tpWeight: 1, fnWeight: 1, fpWeight: 0.11, tnWeight: 1 },
  reward_low_FP_rate: { tpWeight: 1, fnWeight: 1, fpWeight: 0.22, tnWeight: 1 },
  reward_low_FN_rate: { tpWeight: 1, fnWeight: 2, fpWeight: 0.11, tnWeight: 1 },
};

export interface FileScore {
  score: number;
  tp: number;
  tn: number;
  fp: number;
  fn: number;
  /** Windows with at least one scored row. */
  windows: number;
}

const PROBATION_PERCENT = 0.15;

/** NAB: min(floor(0.15 · rows), 0.15 · 5000). */
export const probationaryLength = (rows: number): number => Math.min(Math.floor(PROBATION_PERCENT * rows), PROBATION_PERCENT * 5000);

const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));

/** NAB's scaledSigmoid: +0.987 at the start of a window, 0 at its end, towards -1 after it. */
export const scaledSigmoid = (relativePosition: number): number => (relativePosition > 3 ? -1 : 2 * sigmoid(-5 * relativePosition) - 1);

/** NAB timestamps ("2014-04-10 07:15:00" or with ".000000") as epoch ms, read as UTC. */
export const nabTime = (s: string): number => Date.parse(`${s.trim().replace(' ', 'T').replace(/\.\d+$/, '')}Z`);

/** Window limits as row indexes [first, last] (a limit must be one of the file's timestamps). */
export const windowIndexes = (times: readonly number[], windows: ReadonlyArray<readonly [string, string]>): Array<[number, number]> => {
  const index = new Map<number, number>();
  times.forEach((t, i) => index.set(t, i));
  return windows.map(([a, b]) => {
    const lo = index.get(nabTime(a));
    const hi = index.get(nabTime(b));
    if (lo === undefined || hi === undefined) throw new Error(`window ${a} – ${b} does not start and end on rows of the file`);
    return [lo, hi];
  });
};

/**
 * Each scored row's weighted reward if it were a detection (NAB `calcSweepScore`) and its window
 * (-1: outside every window). Rows inside the probationary period are left out (`undefined`).
 */
export const sweepScores = (rows: number, windows: ReadonlyArray<readonly [number, number]>, cost: CostMatrix): { weight: Float64Array; window: Int32Array; first: number } => {
  const maxTP = scaledSigmoid(-1);
  const first = probationaryLength(rows);
  const weight = new Float64Array(rows);
  const window = new Int32Array(rows).fill(-1);
  let w = 0;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < rows; i++) {
    const cur = w < windows.length && i >= windows[w]![0] ? windows[w]! : undefined;
    if (cur) {
      const width = cur[1] - cur[0] + 1;
      weight[i] = (scaledSigmoid(-(cur[1] - i + 1) / width) * cost.tpWeight) / maxTP;
      window[i] = w;
      if (i === cur[1]) {
        prevRight = i;
        prevWidth = width;
        w++;
      }
    } else {
      const unweighted = prevRight < 0 ? -1 : scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1));
      weight[i] = unweighted * cost.fpWeight;
    }
  }
  return { weight, window, first };
};

/**
 * NAB's score of one file: `detected[i]` says whether row i is a detection (NAB: anomaly score ≥
 * threshold). Each window counts its best (earliest) detection, or -fnWeight when it has none;
 * each detection outside a window adds its (negative) weighted reward.
 */
export const scoreFile = (detected: ArrayLike<boolean>, windows: ReadonlyArray<readonly [number, number]>, cost: CostMatrix): FileScore => {
  const rows = detected.length;
  const { weight, window, first } = sweepScores(rows, windows, cost);
  const best = new Map<number, number>();
  const seen = new Set<number>();
  let tp = 0;
  let tn = 0;
  let fp = 0;
  let fn = 0;
  let fpScore = 0;
  for (let i = first; i < rows; i++) {
    const win = window[i]!;
    if (win >= 0) seen.add(win);
    if (detected[i]) {
      if (win >= 0) {
        tp++;
        best.set(win, Math.max(best.get(win) ?? -Infinity, weight[i]!));
      } else {
        fp++;
        fpScore += weight[i]!;
      }
    } else if (win >= 0) fn++;
    else tn++;
  }
  let score = fpScore;
  for (const win of seen) score += best.get(win) ?? -cost.fnWeight;
  return { score, tp, tn, fp, fn, windows: seen.size };
};

/** NAB's normalised corpus score: 100 · (raw − null) / (perfect − null); null = −fnWeight · windows, perfect = tpWeight · windows. */
export const normalise = (raw: number, windows: number, cost: CostMatrix): number => {
  const nullScore = -cost.fnWeight * windows;
  const perfect = cost.tpWeight * windows;
  return (100 * (raw - nullScore)) / (perfect - nullScore);
};
