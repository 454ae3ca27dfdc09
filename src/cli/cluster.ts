import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { inputError } from '../domain/errors.js';
import type { BatchItem } from '../stories/batch.js';

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

const MAX_REPORTED = 20;

/** Epoch ms from an ISO string or a number (below 10^11: seconds, else milliseconds). */
const toEpochMs = (v: string | number | null | undefined): number | undefined => {
  if (v === null || v === undefined) return undefined;
  if (typeof v === 'number') return v < 1e11 ? v * 1000 : v;
  return Date.parse(v);
};

const readAll = async (stream: NodeJS.ReadableStream): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
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
  let text: string;
  try {
    text = input === undefined || input === '-' ? await readAll(stdin) : await readFile(input, 'utf8');
  } catch (err) {
    throw inputError(`cannot read input file ${input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const problems: string[] = [];
  const items: BatchItem[] = [];
  const ids: Array<string | number> = [];
  const where = input === undefined || input === '-' ? 'stdin' : input;
  text.split(/\r?\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (err) {
      problems.push(`${where}:${i + 1}: not valid JSON (${(err as Error).message})`);
      return;
    }
    const parsed = lineSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${where}:${i + 1}: ${issue.path.join('.') || '(line)'}: ${issue.message}`);
      return;
    }
    const d = parsed.data;
    ids.push(d.id);
    items.push({ text: d.text, title: d.title ?? null, url: d.url ?? null, at: toEpochMs(d.createdAt) });
  });
  if (problems.length > 0) {
    const more = problems.length > MAX_REPORTED ? [`… and ${problems.length - MAX_REPORTED} more`] : [];
    throw inputError(`malformed cluster input: ${problems.length} problem(s); nothing was clustered`, [...problems.slice(0, MAX_REPORTED), ...more]);
  }
  return { items, ids };
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
