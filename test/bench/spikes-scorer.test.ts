import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { NAB_PROFILES, normalise, nabTime, PROFILES, scaledSigmoid, scoreFile, windowIndexes, type ProfileName } from '../../bench/spikes.scorer.js';

/*
 * The NAB scorer port against NAB's own published numbers (test/fixtures/nab, MIT, numenta/NAB):
 * windowedGaussian's per-file scores recomputed from its raw output and published threshold; the
 * null detector's per-file scores; and the normalised corpus scores of ARTime, Numenta HTM,
 * Twitter ADVec and windowedGaussian recomputed from their published raw totals.
 */
const NAB = resolve(import.meta.dirname, '../fixtures/nab');
const read = (p: string): string => readFileSync(resolve(NAB, p), 'utf8');
const labels = JSON.parse(read('labels/combined_windows.json')) as Record<string, Array<[string, string]>>;
const thresholds = JSON.parse(read('config/thresholds.json')) as Record<string, Record<ProfileName, { threshold: number; score: number }>>;
const finals = JSON.parse(read('results/final_results.json')) as Record<string, Record<ProfileName, number>>;

interface Published { file: string; threshold: number; score: number; tp: number; tn: number; fp: number; fn: number }
const published = (det: string, profile: ProfileName): Published[] =>
  read(`results/${det}/${det}_${profile}_scores.csv`)
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','))
    .map((c) => ({ file: c[2]!, threshold: Number(c[3]), score: Number(c[4]), tp: Number(c[5]), tn: Number(c[6]), fp: Number(c[7]), fn: Number(c[8]) }));

const RAW = ['ec2_request_latency_system_failure', 'rogue_agent_key_hold', 'rogue_agent_key_updown'];
const raw = (name: string): { times: number[]; scores: number[] } => {
  const rows = read(`results/windowedGaussian/realKnownCause/windowedGaussian_${name}.csv`).trim().split('\n').slice(1).map((l) => l.split(','));
  return { times: rows.map((r) => nabTime(r[0]!)), scores: rows.map((r) => Number(r[2])) };
};

describe('NAB scorer port', () => {
  it('has NAB’s scaled sigmoid: ~0.987 at a window’s start, 0 at its end, -1 far after it', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 4);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(3.5)).toBe(-1);
  });

  describe.each(PROFILES)('profile %s', (profile) => {
    const cost = NAB_PROFILES[profile];
    it.each(RAW)('reproduces windowedGaussian on realKnownCause/%s.csv from its raw output', (name) => {
      const { times, scores } = raw(name);
      const threshold = thresholds.windowedGaussian![profile].threshold;
      const got = scoreFile(scores.map((s) => s >= threshold), windowIndexes(times, labels[`realKnownCause/${name}.csv`]!), cost);
      const want = published('windowedGaussian', profile).find((p) => p.file === `realKnownCause/${name}.csv`)!;
      expect(Math.abs(got.score - want.score)).toBeLessThan(0.1);
      expect(got.score).toBeCloseTo(want.score, 6);
      expect([got.tp, got.tn, got.fp, got.fn]).toEqual([want.tp, want.tn, want.fp, want.fn]);
    });

    it.each(RAW)('reproduces the null detector on realKnownCause/%s.csv', (name) => {
      const { times } = raw(name);
      const got = scoreFile(times.map(() => false), windowIndexes(times, labels[`realKnownCause/${name}.csv`]!), cost);
      const want = published('null', profile).find((p) => p.file === `realKnownCause/${name}.csv`)!;
      expect(got.score).toBeCloseTo(want.score, 9);
    });

    it.each(['ARTime', 'numenta', 'twitterADVec', 'windowedGaussian'])('normalises %s’s published raw total to its published corpus score', (det) => {
      const total = published(det, profile).find((p) => p.file === '')!;
      // The full corpus (with realTweets) has 116 windows: NAB's null total is -116 · fnWeight.
      const nullTotal = published('null', profile).find((p) => p.file === '')!;
      const windows = -nullTotal.score / cost.fnWeight;
      expect(windows).toBe(116);
      expect(Math.abs(normalise(total.score, windows, cost) - finals[det]![profile])).toBeLessThan(0.1);
    });
  });

  it('rejects a window that does not start on a row of the file', () => {
    expect(() => windowIndexes([nabTime('2014-01-01 00:00:00')], [['2014-01-01 00:05:00', '2014-01-01 00:10:00']])).toThrow(/does not start and end on rows/);
  });
});
