import { z } from 'zod';
import type { Category, Sentiment } from '../domain/analysis.js';

const weight = z.number().finite().min(0);

const w = (value: number) => weight.default(value);

const categoryBoostsSchema = z
  .object({
    outage: w(2.0),
    security: w(1.8),
    churn_risk: w(1.5),
    bug: w(1.3),
    complaint: w(1.2),
    competitor: w(1.2),
    feature_request: w(1.1),
    question: w(1.0),
    research: w(1.0),
    other: w(1.0),
    praise: w(0.8),
  } satisfies Record<Category, unknown>)
  .strict();

const sentimentMultipliersSchema = z
  .object({ positive: w(1.0), neutral: w(0.9), negative: w(1.2) } satisfies Record<Sentiment, unknown>)
  .strict();

const storyScoringSchema = z
  .object({
    /** Points per distinct source beyond the first, up to `maxSources` more. */
    sourcePoints: weight.default(6),
    maxSources: z.number().int().min(0).default(4),
    /** Points per doubling of distinct authors, up to `maxAuthorPoints`. */
    authorPoints: weight.default(3),
    maxAuthorPoints: weight.default(12),
    /** Points when every member arrived within the last `growthHours` (scaled by that share; stories of 3+). */
    growthPoints: weight.default(10),
    growthHours: z.number().finite().positive().default(3),
    /** A story notification needs this many members (smaller stories are notified as items). */
    notifyMinMembers: z.number().int().min(1).default(3),
    /** Member counts that earn a follow-up message ("now on 3 sources, 40 mentions"). */
    mentionMilestones: z.array(z.number().int().min(2)).default([10, 25, 50, 100, 250, 500, 1000]),
    /** Distinct-source counts that earn a follow-up message. */
    sourceMilestones: z.array(z.number().int().min(2)).default([2, 3, 4, 5]),
  })
  .strict();

/** SPEC 2.3: every weight of the salience formula; all of them are read by the scorer. */
export const scoringConfigSchema = z
  .object({
    weights: z
      .object({
        likes: weight.default(1),
        reposts: weight.default(3),
        replies: weight.default(2),
        quotes: weight.default(2.5),
        urgency: weight.default(4),
        base: weight.default(1),
        cap: z.number().finite().positive().default(100),
        /** Salience equals the score up to knee·cap, then approaches cap exponentially (ADR 0021). */
        knee: z.number().finite().min(0).lt(1).default(0.5),
        halfLifeHours: z.number().finite().positive().default(24),
      })
      .strict()
      .prefault({}),
    categoryBoosts: categoryBoostsSchema.prefault({}),
    sentimentMultipliers: sentimentMultipliersSchema.prefault({}),
    /** Items created within this many hours are re-scored on every run (decay, late engagement). */
    rescoreHours: z.number().finite().min(0).default(72),
    /** Story salience and story notifications (src/scoring/story-salience.ts, ADR 0023). */
    stories: storyScoringSchema.prefault({}),
  })
  .strict();

export type ScoringConfig = z.infer<typeof scoringConfigSchema>;
export type ScoringWeights = ScoringConfig['weights'];
