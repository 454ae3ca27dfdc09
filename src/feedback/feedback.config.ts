import { z } from 'zod';

/**
 * The learned relevance model in salience (issue 18, ADR 0030): `weight` points at most, added to
 * the salience formula's sum before boosts, decay and squashing, once the team has given
 * `minLabels` labels (relevant or not, at least one relevant).
 */
export const feedbackConfigSchema = z
  .object({
    /** Points the model adds (a signal like the relevant ones) or takes away (unlike them); 0 turns it off. */
    weight: z.number().finite().min(0).max(100).default(15),
    /** Below this many current labels the model stays out of the ranking. */
    minLabels: z.number().int().min(1).max(1_000_000).default(10),
    /** Unlabelled recent signals sampled as the vocabulary's background (and as negatives when only positives are given). */
    backgroundSize: z.number().int().min(0).max(100_000).default(2000),
  })
  .strict();

export type FeedbackConfig = z.infer<typeof feedbackConfigSchema>;
