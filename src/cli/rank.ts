import { z } from 'zod';
import { inputError } from '../domain/errors.js';
import type { LabelledText, RankItem } from '../feedback/rank.js';
import { readJsonlInput } from './jsonl-input.js';

const id = z.union([z.string().min(1), z.number().finite()], { error: (iss) => (iss.input === undefined ? 'is missing (each line needs an "id": a string or a number)' : 'must be a non-empty string or a number') });
const text = z.string({ error: (iss) => (iss.input === undefined ? 'is missing (each line needs a "text" string, which may be empty)' : 'must be a string') });
const title = z.string({ error: 'must be a string or null' }).nullable().optional();

const trainSchema = z.object({
  id,
  text,
  title,
  label: z.union([z.literal(0), z.literal(1), z.boolean()], { error: (iss) => (iss.input === undefined ? 'is missing (each line needs a "label": 1 relevant or 0 not relevant)' : 'must be 1 (relevant) or 0 (not relevant)') }),
});
const itemSchema = z.object({ id, text, title });

const joined = (t: { text: string; title?: string | null }): string => (t.title ? `${t.title}\n${t.text}` : t.text);

/**
 * `rank`'s two JSONL inputs: `--train FILE` lines `{id, text, title?, label}` and `--input FILE` (or
 * stdin) lines `{id, text, title?}`. Any malformed line in either rejects the run before any output.
 */
export const readRankInputs = async (train: string, input: string | undefined, stdin: NodeJS.ReadableStream): Promise<{ train: LabelledText[]; items: RankItem[] }> => {
  const fromStdin = (f: string | undefined): boolean => f === undefined || f === '-';
  if (fromStdin(train) && fromStdin(input)) throw inputError('--train and --input cannot both read stdin: give at least one of them a file');
  const labelled = await readJsonlInput(train, stdin, trainSchema, 'rank --train', 'ranked');
  const items = await readJsonlInput(input, stdin, itemSchema, 'rank --input', 'ranked');
  return {
    train: labelled.map((l) => ({ id: l.id, text: joined(l), label: l.label === 1 || l.label === true ? 1 : 0 })),
    items: items.map((i) => ({ id: i.id, text: joined(i) })),
  };
};
