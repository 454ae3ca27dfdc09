import { z } from 'zod';

/** A query/feed/listing name keys its cursor and appears on items (`queries[]`): a stable slug. */
export const nameSlug = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[a-z0-9][a-z0-9_-]*$/, 'use lower-case letters, digits, "-" and "_" (it keys the cursor)');

/** Rejects two entries with the same `name` (each keys its own cursor); `noun` names them ("query"). */
export const uniqueNames =
  (noun?: string) =>
  <T extends { name: string }>(entries: T[], ctx: z.RefinementCtx): void => {
    const what = noun === undefined ? 'name' : `${noun} name`;
    const seen = new Set<string>();
    entries.forEach((e, i) => {
      if (seen.has(e.name)) {
        ctx.addIssue({ code: 'custom', path: [i, 'name'], message: `duplicate ${what} "${e.name}": ${what}s must be unique (each keys its own cursor)` });
      }
      seen.add(e.name);
    });
  };

/** A list of named units (queries, listings, feeds), empty by default, names unique. */
export const namedList = <U extends z.ZodType<{ name: string }>>(unit: U, noun?: string) => z.array(unit).default([]).superRefine(uniqueNames(noun));

/** The shared HTTP settings (see shared/source-http.ts), with per-source defaults. */
export const httpSettingsShape = (defaults: { minIntervalMs: number; maxWaitSeconds?: number }) => ({
  timeoutMs: z.int().min(100).max(120_000).default(15_000),
  maxRetries: z.int().min(0).max(10).default(3),
  maxWaitSeconds: z.int().min(0).max(3600).default(defaults.maxWaitSeconds ?? 300),
  minIntervalMs: z.int().min(0).max(60_000).default(defaults.minIntervalMs),
  maxBytes: z.int().min(1024).max(100 * 1024 * 1024).default(10 * 1024 * 1024),
});

/**
 * A source's config slice: `enabled` (default true), the source's own keys in their order, then
 * the shared HTTP settings; unknown keys are rejected.
 */
export const sourceSliceSchema = <S extends z.ZodRawShape>(own: S, http: { minIntervalMs: number; maxWaitSeconds?: number }) =>
  z.object({ enabled: z.boolean().default(true), ...own, ...httpSettingsShape(http) }).strict();

export const httpsUrl = z.url({ protocol: /^https?$/ });
