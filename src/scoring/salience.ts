import type { ScoringConfig } from '../config/scoring.config.js';
import type { SalienceInput, ScoreBreakdown } from '../domain/score.js';

export type { SalienceInput };

/** The learned relevance model's part (ADR 0030): r in [−1, 1], worth `weight` points, and its sentence. */
export interface RelevancePart {
  r: number;
  weight: number;
  explanation: string;
}

const HOUR_MS = 3_600_000;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The monotone squashing of SPEC 2.3 (ADR 0021): the score itself up to the knee (k = knee·cap),
 * then an exponential approach to the cap, k + (cap − k)·(1 − e^(−(score − k)/(cap − k))). It is
 * continuous with slope 1 at the knee and strictly increasing, so it keeps the order of scores
 * where the hard clamp tied every loud item at the cap. knee 0 gives cap·(1 − e^(−score/cap)).
 */
export const squashScore = (score: number, cap: number, knee: number): number => {
  const x = Math.max(0, score);
  const k = knee * cap;
  if (x <= k) return x;
  const room = cap - k;
  return k + room * -Math.expm1(-(x - k) / room);
};

/**
 * SPEC 2.3, with every weight taken from `cfg`:
 * raw = likes·wl + reposts·wr + replies·wp + quotes·wq; metrics = 10·ln(1 + max(0, raw));
 * score = (base + metrics + urgency·wu) · boost[category] · mult[sentiment] · 0.5^(ageHours / H);
 * salience = squashScore(score, cap, knee). An item dated in the future counts as age 0. The
 * breakdown keeps the score before squashing as `unclamped`, with `cap` and `knee`. With the
 * learned relevance model (ADR 0030), `relevancePart = weight · r` joins the sum beside urgency,
 * so the squashing stays monotone and the breakdown still states the whole formula.
 */
export const computeSalience = (input: SalienceInput, now: Date, cfg: ScoringConfig, relevance?: RelevancePart): { salience: number; breakdown: ScoreBreakdown } => {
  const w = cfg.weights;
  const raw = input.likes * w.likes + input.reposts * w.reposts + input.replies * w.replies + input.quotes * w.quotes;
  const metrics = 10 * Math.log1p(Math.max(0, raw));
  const urgency = Math.max(0, input.urgency);
  const urgencyPart = urgency * w.urgency;
  const created = Date.parse(input.createdAt);
  const ageHours = Number.isNaN(created) ? 0 : Math.max(0, (now.getTime() - created) / HOUR_MS);
  const recency = Math.pow(0.5, ageHours / w.halfLifeHours);
  const categoryBoost = cfg.categoryBoosts[input.category] ?? 1;
  const sentimentMultiplier = cfg.sentimentMultipliers[input.sentiment] ?? 1;
  const relevancePart = relevance ? round3(relevance.weight * relevance.r) : 0;
  const unclamped = (w.base + metrics + urgencyPart + relevancePart) * categoryBoost * sentimentMultiplier * recency;
  const salience = round3(squashScore(unclamped, w.cap, w.knee));
  return {
    salience,
    breakdown: {
      raw,
      metrics: round3(metrics),
      urgency,
      urgencyPart,
      base: w.base,
      categoryBoost,
      sentimentMultiplier,
      ageHours: round3(ageHours),
      recency: Math.round(recency * 1e6) / 1e6,
      unclamped: round3(unclamped),
      cap: w.cap,
      knee: w.knee,
      ...(relevance && { relevance: relevance.r, relevancePart, relevanceNote: relevance.explanation }),
    },
  };
};
