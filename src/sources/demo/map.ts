import { z } from 'zod';
import { contentHash } from '../../domain/content-hash.js';
import { inputError } from '../../domain/errors.js';
import type { NewItem } from '../../domain/item.js';

const count = z.number().int().min(0);

/** One line of a demo corpus. Unknown fields (`platform`, `expected`, `incident`, …) are kept in `raw`. */
export const demoLineSchema = z.object({
  id: z.string().min(1),
  url: z.url().nullish(),
  title: z.string().nullish(),
  text: z.string().min(1),
  lang: z.string().min(1).nullish(),
  createdAt: z.iso.datetime({ offset: true }),
  author: z
    .object({
      id: z.string().nullish(),
      handle: z.string().nullish(),
      name: z.string().nullish(),
      followers: count.nullish(),
    })
    .nullish(),
  metrics: z
    .object({ likes: count.default(0), reposts: count.default(0), replies: count.default(0), quotes: count.default(0), views: count.default(0) })
    .nullish(),
  queries: z.array(z.string()).default([]),
});

export type DemoLine = z.infer<typeof demoLineSchema>;

const parseJson = (line: string, lineNo: number): unknown => {
  try {
    return JSON.parse(line);
  } catch (e) {
    throw inputError(`demo line ${lineNo}: not valid JSON (${(e as Error).message})`, [`line ${lineNo}: json`]);
  }
};

/**
 * Maps one corpus line to a NewItem (pure). `anchorShiftMs` is added to `createdAt` so the corpus
 * appears recent; see demo.source.ts. Throws INPUT_INVALID naming the line and the first bad field.
 */
export const mapDemoLine = (line: string, lineNo: number, anchorShiftMs: number, fetchedAt: string): NewItem => {
  const raw = parseJson(line, lineNo);
  const parsed = demoLineSchema.safeParse(raw);
  if (!parsed.success) {
    const details = parsed.error.issues.map((i) => `line ${lineNo}: ${i.path.join('.') || '(root)'}: ${i.message}`);
    const first = parsed.error.issues[0];
    const field = first && first.path.length > 0 ? first.path.join('.') : '(root)';
    throw inputError(`demo line ${lineNo}: invalid field '${field}': ${first?.message ?? 'invalid'}`, details);
  }
  const d = parsed.data;
  const title = d.title ?? null;
  return {
    source: 'demo',
    externalId: d.id,
    url: d.url ?? null,
    author: {
      id: d.author?.id ?? null,
      handle: d.author?.handle ?? null,
      name: d.author?.name ?? null,
      followers: d.author?.followers ?? null,
    },
    title,
    text: d.text,
    lang: d.lang ?? null,
    createdAt: new Date(Date.parse(d.createdAt) + anchorShiftMs).toISOString(),
    fetchedAt,
    metrics: {
      likes: d.metrics?.likes ?? 0,
      reposts: d.metrics?.reposts ?? 0,
      replies: d.metrics?.replies ?? 0,
      quotes: d.metrics?.quotes ?? 0,
      views: d.metrics?.views ?? 0,
    },
    queries: d.queries,
    contentHash: contentHash(title, d.text),
    raw,
  };
};
