import { readFile } from 'node:fs/promises';
import type { z } from 'zod';
import { inputError } from '../domain/errors.js';

const MAX_REPORTED = 20;

const readAll = async (stream: NodeJS.ReadableStream): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * The batch commands' input (`classify`, `cluster`): `--input FILE`, or stdin when it is omitted or
 * `-`, as JSONL, each non-blank line validated by `schema`. Any malformed line rejects the whole input
 * (each problem named by file, line and field, the first 20 listed) before any output starts.
 */
export const readJsonlInput = async <S extends z.ZodType>(input: string | undefined, stdin: NodeJS.ReadableStream, schema: S, command: string, done: string): Promise<Array<z.infer<S>>> => {
  let text: string;
  try {
    text = input === undefined || input === '-' ? await readAll(stdin) : await readFile(input, 'utf8');
  } catch (err) {
    throw inputError(`cannot read input file ${input}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  const problems: string[] = [];
  const lines: Array<z.infer<S>> = [];
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
    const parsed = schema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) problems.push(`${where}:${i + 1}: ${issue.path.join('.') || '(line)'}: ${issue.message}`);
      return;
    }
    lines.push(parsed.data);
  });
  if (problems.length > 0) {
    const more = problems.length > MAX_REPORTED ? [`… and ${problems.length - MAX_REPORTED} more`] : [];
    throw inputError(`malformed ${command} input: ${problems.length} problem(s); nothing was ${done}`, [...problems.slice(0, MAX_REPORTED), ...more]);
  }
  return lines;
};
