import { z } from 'zod';
import type { AnalyzerInput } from '../analysis/analyzer.port.js';
import { readJsonlInput } from './jsonl-input.js';

const lineSchema = z.object({
  id: z.union([z.string().min(1), z.number()], { error: (iss) => (iss.input === undefined ? 'is missing (each line needs an "id": a string or a number)' : 'must be a non-empty string or a number') }),
  // Empty text is allowed: it gets a valid neutral/other analysis (issue 14's bad input).
  text: z.string({ error: (iss) => (iss.input === undefined ? 'is missing (each line needs a "text" string, which may be empty)' : 'must be a string') }),
  title: z.string().nullable().optional(),
});

export const readClassifyInput = async (input: string | undefined, stdin: NodeJS.ReadableStream): Promise<{ inputs: AnalyzerInput[]; ids: Array<string | number> }> => {
  const lines = await readJsonlInput(input, stdin, lineSchema, 'classify', 'classified');
  return { ids: lines.map((l) => l.id), inputs: lines.map((l, i) => ({ id: String(i), text: l.text, title: l.title ?? null })) };
};
