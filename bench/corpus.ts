/**
 * Writes generated items (bench/generate.ts) as a demo-format JSONL corpus — the file the real
 * `harvest pipeline` reads through `sources.demo.file`. Shared by benches that run the real CLI.
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { generateBatches } from './generate.js';

/** Streams `total` generated items to `file`, one demo-format JSON object a line. */
export const writeCorpus = async (file: string, total: number, now: Date): Promise<void> => {
  const out = createWriteStream(file);
  for (const batch of generateBatches(total, 1000, now)) {
    const chunk = batch
      .map((it) => JSON.stringify({ id: it.externalId, url: it.url, text: it.text, lang: it.lang, createdAt: it.createdAt, author: it.author, metrics: it.metrics, queries: it.queries }))
      .join('\n');
    if (!out.write(`${chunk}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
};
