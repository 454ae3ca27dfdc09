import { z } from 'zod';
import { ENTITY_KINDS } from './normalize.js';

/** Entities (issue 16, ADR 0031): the pipeline stage and the names it knows besides the built-in gazetteer. */
export const entitiesConfigSchema = z
  .object({
    /** Extract entities in the pipeline (after topics). */
    enabled: z.boolean().default(true),
    /** Items scanned per pipeline run at most (the rest on the next run). */
    batchSize: z.number().int().min(1).max(100_000).default(2000),
    /** Your own brand, products and competitors: found in text in any case and as @handles. */
    gazetteer: z
      .array(z.object({ name: z.string().trim().min(2).max(200), kind: z.enum(ENTITY_KINDS) }).strict())
      .max(10_000)
      .default([]),
  })
  .strict();

export type EntitiesConfig = z.infer<typeof entitiesConfigSchema>;
