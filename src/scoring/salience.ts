import type { ScoringConfig } from '../config/scoring.config.js';
import type { SalienceInput, ScoreBreakdown } from '../domain/score.js';

export type { SalienceInput };

const HOUR_MS = 3_600_000;
const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * SPEC 2.3, with every weight taken from `cfg`:
 * raw = likes·wl + reposts·wr + replies·wp + quotes·wq; metrics = 10·ln(1 + max(0, raw));
 * score = (base + metrics + urgency·wu) · boost[category] · mult[sentiment] · 0.5^(ageHours / H);
 * salience = clamp(score, 0, cap). An item dated in the future counts as age 0.
 */
export const computeSalience = (input: SalienceInput, now: Date, cfg: ScoringConfig): { salience: number; breakdown: ScoreBreakdown } => {
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
  const unclamped = (w.base + metrics + urgencyPart) * categoryBoost * sentimentMultiplier * recency;
  const salience = round3(Math.min(w.cap, Math.max(0, unclamped)));
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
    },
  };
};
