import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { inputError } from '../domain/errors.js';
import type { AnalyzerInput } from '../analysis/analyzer.port.js';

const lineSchema = z.object({
  id: z.union([z.string().min(1), z.number()], { error: (iss) => (iss.input === undefined ? 'is missing (each line needs an "id": a string or a number)' : 'must be a non-empty string or a number') }),
  text: z.string().min(1, 'must be a non-empty string'),
  title: z.string().nullable().optional(),
});

const MAX_REPORTED = 20;

const readAll = async (stream: NodeJS.ReadableStream): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
};

/** Reads `--input FILE` (or stdin) as JSONL; any malformed line rejects the whole input before output starts. */
export const readClassifyInput = async (input: string | undefined, stdin: NodeJS.ReadableStream): Promise<{ inputs: AnalyzerInput[]; ids: Array<string | number> }> => {
  let text: string;
  try {
    text = input === undefined || input === '-' ? await readAll(stdin) : await readFile(input, 'utf8');
  } catch (err) {
    throw inputError(`cannot read input file ${input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const problems: string[] = [];
  const inputs: AnalyzerInput[] = [];
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
    ids.push(parsed.data.id);
    inputs.push({ id: String(inputs.length), text: parsed.data.text, title: parsed.data.title ?? null });
  });
  if (problems.length > 0) {
    const more = problems.length > MAX_REPORTED ? [`… and ${problems.length - MAX_REPORTED} more`] : [];
    throw inputError(`malformed classify input: ${problems.length} problem(s); nothing was classified`, [...problems.slice(0, MAX_REPORTED), ...more]);
  }
  return { inputs, ids };
};
