import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { inputError } from '../domain/errors.js';
import { MAX_TOPIC_NAME, parseTopicModel, type TopicExample, type TopicModel } from '../topics/model.js';
import { readJsonlInput } from './jsonl-input.js';

const exampleSchema = z.object({
  text: z
    .string({ error: (iss) => (iss.input === undefined ? 'is missing (each line needs a "text" string)' : 'must be a string') })
    .refine((t) => t.trim() !== '', 'is empty (an example needs some text to learn from)'),
  title: z.string({ error: 'must be a string or null' }).nullable().optional(),
  label: z
    .string({ error: (iss) => (iss.input === undefined ? 'is missing (each line needs a "label" string: its topic)' : 'must be a string') })
    .refine((l) => l.trim() !== '', 'is empty')
    .refine((l) => l.length <= MAX_TOPIC_NAME, `is longer than ${MAX_TOPIC_NAME} characters`),
});

/** Reads `--examples FILE` (or stdin) as JSONL `{text, label, title?}`; any bad line rejects the file. */
export const readTopicExamples = async (file: string | undefined, stdin: NodeJS.ReadableStream): Promise<TopicExample[]> => {
  const lines = await readJsonlInput(file, stdin, exampleSchema, 'topic examples', 'trained');
  return lines.map((l) => ({ text: l.title ? `${l.title}. ${l.text}` : l.text, label: l.label.trim() }));
};

/** Reads and checks a model file (exit 2 naming the file when it is missing or not a model). */
export const readTopicModelFile = async (file: string): Promise<TopicModel> => {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    throw inputError(`cannot read topic model ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
  return parseTopicModel(text, file);
};

/** Writes `text` to `file` under a temporary name, then renames it: a kill leaves the previous file. */
export const writeFileAtomically = async (file: string, text: string): Promise<void> => {
  const tmp = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, text);
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true });
    throw inputError(`cannot write ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
};
