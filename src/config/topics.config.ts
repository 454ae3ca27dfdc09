import { z } from 'zod';
import { MAX_TOPIC_NAME, MAX_TOPICS } from '../topics/model.js';
import { DEFAULT_TAXONOMY } from '../topics/taxonomy.js';

const topicSchema = z
  .object({
    name: z.string().trim().min(1).max(MAX_TOPIC_NAME),
    keywords: z.array(z.string().trim().min(1)).max(200).default([]),
    examples: z.array(z.string().trim().min(1)).max(1000).default([]),
  })
  .strict();

const weight = z.number().finite().min(0);

/** Topics taught by example and the discovery score (issue 16, ADR 0024). */
export const topicsConfigSchema = z
  .object({
    /** Assign topics in the pipeline (and train the model when its examples changed). */
    enabled: z.boolean().default(true),
    /** The taxonomy: topic names, keywords and example titles (default: the research taxonomy). */
    taxonomy: z
      .array(topicSchema)
      .max(MAX_TOPICS)
      .default(DEFAULT_TAXONOMY)
      .refine((t) => new Set(t.map((x) => x.name)).size === t.length, 'topic names must be unique'),
    /** A JSONL file of {text, label} examples learnt from besides the taxonomy's (relative to the working directory). */
    examplesFile: z.string().min(1).optional(),
    /** An item gets a topic when the model's probability for it is at least this. */
    minScore: z.number().min(0).max(1).default(0.3),
    /** Items assigned per pipeline run at most (the rest on the next run). */
    batchSize: z.number().int().min(1).max(100_000).default(2000),
    discovery: z
      .object({
        /** Relative weights of the parts (each part is 0–100; the score is their weighted mean). */
        weights: z
          .object({ novelty: weight.default(0.3), emergence: weight.default(0.25), echo: weight.default(0.15), obscurity: weight.default(0.15), recency: weight.default(0.15) })
          .strict()
          .prefault({}),
        /** Emergence compares a topic's items in the last window against its baseline days before it. */
        windowHours: z.number().min(1).max(24 * 90).default(72),
        baselineDays: z.number().min(1).max(365).default(28),
        /** Recency: the part halves every this many hours of age. */
        halfLifeHours: z.number().min(1).max(24 * 365).default(72),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type TopicsConfig = z.infer<typeof topicsConfigSchema>;
