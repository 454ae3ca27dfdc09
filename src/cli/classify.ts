import { z } from 'zod';
import type { AnalyzerInput } from '../analysis/analyzer.port.js';
import { readJsonlInput } from './jsonl-input.js';

const lineSchema = z.object({
  id: z.union([z.string().min(1), z.number()], { error: (iss) => (iss.input === undefined ? 'is missing (each line needs an "id": a string or a number)' : 'must be a non-empty string or a number') }),
  // Empty text is allowed: it gets a valid neutral/other analysis (issue 14's bad input).
  text: z.string({ error: (iss) => (iss.input === undefined ? 'is missing (each line needs a "text" string, which may be empty)' : 'must be a string') }),
  title: z.string().nullable().optional(),
  /** A label the line may carry (a labelled evaluation file): only compared with the model's topics. */
  label: z.unknown().optional(),
});

/** With `--topics`, a line may leave out its id (the output then carries its line number). */
const topicLineSchema = lineSchema.extend({ id: z.union([z.string().min(1), z.number()], { error: 'must be a non-empty string or a number' }).optional() });

export interface ClassifyInput {
  inputs: AnalyzerInput[];
  ids: Array<string | number>;
  /** Each line's `label` when it is a string (else undefined). */
  labels: Array<string | undefined>;
}

export const readClassifyInput = async (input: string | undefined, stdin: NodeJS.ReadableStream, opts: { idOptional?: boolean } = {}): Promise<ClassifyInput> => {
  const lines: Array<z.infer<typeof topicLineSchema>> = opts.idOptional ? await readJsonlInput(input, stdin, topicLineSchema, 'classify', 'classified') : await readJsonlInput(input, stdin, lineSchema, 'classify', 'classified');
  return {
    ids: lines.map((l, i) => l.id ?? i + 1),
    inputs: lines.map((l, i) => ({ id: String(i), text: l.text, title: l.title ?? null })),
    labels: lines.map((l) => (typeof l.label === 'string' ? l.label : undefined)),
  };
};

/** A note on input labels the model does not know (undefined when every label is known). */
export const unknownLabelsNote = (labels: ReadonlyArray<string | undefined>, topics: readonly string[]): string | undefined => {
  const known = new Set(topics);
  const unknown = new Map<string, number>();
  for (const l of labels) if (l !== undefined && !known.has(l)) unknown.set(l, (unknown.get(l) ?? 0) + 1);
  if (unknown.size === 0) return undefined;
  const shown = [...unknown].slice(0, 10).map(([l, n]) => `"${l}" (${n})`);
  return `note: ${[...unknown.values()].reduce((a, b) => a + b, 0)} line(s) carry a label the topic model does not know: ${shown.join(', ')}${unknown.size > 10 ? ', …' : ''}; they are classified against the model's ${topics.length} topics`;
};
