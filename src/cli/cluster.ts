import { z } from 'zod';
import type { BatchItem } from '../stories/batch.js';
import { readJsonlInput } from './jsonl-input.js';

const optionalString = z.string({ error: 'must be a string or null' }).nullable().optional();

const lineSchema = z.object({
  id: z.union([z.string().min(1), z.number().finite()], { error: (iss) => (iss.input === undefined ? 'is missing (each line needs an "id": a string or a number)' : 'must be a non-empty string or a number') }),
  text: z.string({ error: (iss) => (iss.input === undefined ? 'is missing (each line needs a "text" string, which may be empty)' : 'must be a string') }),
  title: optionalString,
  url: optionalString,
  source: optionalString,
  createdAt: z
    .union([z.string(), z.number().finite()], { error: 'must be an ISO-8601 date string or epoch seconds/milliseconds' })
    .nullable()
    .optional()
    .refine((v) => v === null || v === undefined || typeof v === 'number' || !Number.isNaN(Date.parse(v)), 'is not a date (use ISO-8601, e.g. 2026-11-16T14:05:00Z)'),
});

/** Epoch ms from an ISO string or a number (below 10^11: seconds, else milliseconds). */
const toEpochMs = (v: string | number | null | undefined): number | undefined => {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return v < 1e11 ? v * 1000 : v;
  return Date.parse(v);
};

export interface ClusterInput {
  items: BatchItem[];
  ids: Array<string | number>;
}

/**
 * Reads `--input FILE` (or stdin) as JSONL `{id, text, title?, url?, source?, createdAt?}`; any
 * malformed line rejects the whole input (each problem named by line and field) before output starts.
 */
export const readClusterInput = async (input: string | undefined, stdin: NodeJS.ReadableStream): Promise<ClusterInput> => {
  const lines = await readJsonlInput(input, stdin, lineSchema, 'cluster', 'clustered');
  return { ids: lines.map((d) => d.id), items: lines.map((d) => ({ text: d.text, title: d.title ?? null, url: d.url ?? null, at: toEpochMs(d.createdAt) })) };
};

/**
 * Story labels for output: each story is named after its first member's id (as a string); a name
 * already taken by another story (two input lines with the same id) gets `~2`, `~3`… appended.
 */
export const storyLabels = (ids: readonly (string | number)[], firstMember: readonly number[]): string[] => {
  const byStory = new Map<number, string>();
  const taken = new Set<string>();
  return firstMember.map((f) => {
    let label = byStory.get(f);
    if (label === undefined) {
      const base = String(ids[f]);
      label = base;
      for (let k = 2; taken.has(label); k++) label = `${base}~${k}`;
      taken.add(label);
      byStory.set(f, label);
    }
    return label;
  });
};
