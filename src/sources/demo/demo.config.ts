import { z } from 'zod';

/** The bundled demo corpus as a source: off unless switched on (`harvest demo` does it by itself). */
export const demoConfigSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** JSONL corpus; empty means the bundled data/demo/corpus.jsonl. */
    file: z.string().min(1).optional(),
    batchSize: z.number().int().min(1).max(10_000).default(500),
  })
  .strict();

export type DemoConfig = z.infer<typeof demoConfigSchema>;
