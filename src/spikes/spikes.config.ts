import { z } from 'zod';

/**
 * The spike detector's settings (`spikes.detector`): chosen on NAB with leave-one-set-out
 * cross-validation (docs/bench/spikes.md, ADR 0025) and then fixed; never fitted to the series
 * being scored.
 */
export const detectorSettingsSchema = z
  .object({
    /** Weight of each new bucket in the baseline level (EWMA). */
    levelAlpha: z.number().gt(0).lt(1).default(0.01),
    /** Weight of each new bucket in the spread (EWMA of |residual|). */
    spreadAlpha: z.number().gt(0).lt(1).default(0.02),
    /** Learn a time-of-day profile (one slot per bucket of the day) on top of the level. */
    seasonality: z.enum(['none', 'daily']).default('daily'),
    /** Weight of each new day in a time-of-day slot. */
    seasonAlpha: z.number().gt(0).lt(1).default(0.1),
    /** Residuals beyond this many spreads are clipped when they update the baseline (heavy tails). */
    clip: z.number().min(1).max(100).default(4),
    /** Buckets averaged in the recent-residual window (the likelihood's short window). */
    shortWindow: z.number().int().min(1).max(1000).default(3),
    /** Also score the latest bucket alone, its deviation widened by this factor (0: off). */
    pointWeight: z.number().min(0).max(100).default(0),
    /** Buckets over which the residual distribution is learned (EWMA half-life). */
    longHalfLife: z.number().int().min(10).max(1_000_000).default(300),
    /** Buckets after a series starts (or after a long gap) with score 0 while it learns. */
    warmup: z.number().int().min(0).max(100_000).default(50),
    /** Smallest spread, in the series' units (counts: 1 mention) and relative to its mean level. */
    minSpread: z.number().min(0).default(1),
    minRelSpread: z.number().min(0).max(1).default(0.01),
    /** Smallest deviation of the standardised residual (sparse series: a lone 1 among zeros is not a spike). */
    minDeviation: z.number().gt(0).max(100).default(1),
    /** `up`: only rises score (mention volumes); `both`: rises and falls. */
    direction: z.enum(['up', 'both']).default('both'),
    /** A spike: a score at or over this, at most one per `cooldown` buckets. */
    threshold: z.number().gt(0).max(1).default(0.27),
    cooldown: z.number().int().min(0).max(100_000).default(30),
    /** A gap longer than this many buckets restarts the warm-up (the old baseline no longer holds). */
    gapReset: z.number().int().min(1).default(2016),
    /** Contextual novelty (context-novelty.ts): weight of its likelihood beside the residual's (0: off). */
    noveltyWeight: z.number().min(0).max(10).default(1),
    /** Levels a value is put in (of the range seen so far) and the longest pattern of past levels. */
    noveltyBins: z.number().int().min(2).max(64).default(4),
    noveltyDepth: z.number().int().min(1).max(16).default(1),
    /** Size of the table of seen patterns: 2^bits bits (exact while (bins+1)^(depth+1) fits, hashed beyond). */
    noveltyTableBits: z.number().int().min(5).max(20).default(8),
    /** Buckets of raw novelty averaged (short window) and the half-life of its long-run level. */
    noveltyWindow: z.number().int().min(1).max(1000).default(2),
    noveltyHalfLife: z.number().int().min(10).max(1_000_000).default(60),
    noveltyMinDeviation: z.number().gt(0).max(1).default(0.05),
    /** Novelty counts only where the value is this many spreads off the baseline (sparse counts: a lone mention is not news). */
    noveltyGate: z.number().min(0).max(100).default(1),
    /**
     * The gate bites only on sparse count series: whole-number values so far and a mean level under
     * this many units a bucket (a lone mention among zeros); on any other series it is off, as it
     * has no unit to count in. 0: the gate bites on every series.
     */
    noveltyGateLevel: z.number().min(0).max(1_000_000).default(1),
    /** A value widening the range seen so far by 1/stretch of it is fully novel (0: new extremes add nothing). */
    noveltyStretch: z.number().min(0).max(1000).default(20),
  })
  .strict();

export type DetectorSettings = z.infer<typeof detectorSettingsSchema>;

export const DEFAULT_DETECTOR: DetectorSettings = detectorSettingsSchema.parse({});

/** The `spikes` config section: the detector's settings (also the batch mode's). */
export const spikesConfigSchema = z
  .object({
    /** Count volumes and score them in every pipeline run. */
    enabled: z.boolean().default(true),
    /** Tracked terms: each gets a series `term:<term>`; an item matches when it holds every word of the term ("login outage"). */
    terms: z.array(z.string().trim().min(1).max(100)).max(200).default([]),
    /** A spike needs at least this many items in its hour (a few posts are noise, however unusual); 0 = any. */
    minHourCount: z.number().int().min(0).max(1_000_000).default(10),
    /** Series kinds whose spikes are alerted (all are recorded and shown); tracked terms by default, so one incident is one alert. */
    alertKinds: z.array(z.enum(['category', 'source', 'tag', 'term', 'story', 'entity'])).default(['term']),
    /** Spikes that started within this many hours are alerted; older ones (a backfill) only recorded. */
    alertHours: z.number().gt(0).max(24 * 365).default(6),
    /** At most this many 5-minute buckets of a series are scored per run (a long pause skips ahead). */
    maxBacklogBuckets: z.number().int().min(12).max(1_000_000).default(8064),
    /**
     * Entity series (`entity:<id>`, ADR 0025 amendment), bounded: an entity gets one once it has at
     * least `minItems` items (merged entities' included), the most items first, at most `maxSeries`
     * entity series in all (one that exists keeps counting); 0 = none.
     */
    entities: z
      .object({
        minItems: z.number().int().min(1).max(1_000_000).default(10),
        maxSeries: z.number().int().min(0).max(5000).default(100),
      })
      .strict()
      .prefault({}),
    detector: detectorSettingsSchema.prefault({}),
    /** Late items: each run replays this many already-scored buckets with their current counts (an item arriving after its bucket was scored rescores it); 0 = never. */
    lateBuckets: z.number().int().min(0).max(2016).default(12),
  })
  .strict();

export type SpikesConfig = z.infer<typeof spikesConfigSchema>;
