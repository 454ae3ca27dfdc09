import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** One recorded HTTP response of the pydantic-ai cassettes (`test/fixtures/api-samples/llm`, MIT). */
export interface RecordedLlmResponse {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export interface RecordedLlmInteraction {
  request: { method: string; uri: string; body: Record<string, unknown> };
  response: RecordedLlmResponse;
}

const DIR = new URL('../fixtures/api-samples/llm/', import.meta.url);

/** Hop-by-hop and length headers are recomputed by our server; the rest are replayed as recorded. */
const DROP = new Set(['content-length', 'transfer-encoding', 'connection']);

/** The interactions of one cassette, e.g. `openai_test_openai_native_output`. */
export const loadCassette = (name: string): RecordedLlmInteraction[] => {
  const raw = JSON.parse(readFileSync(fileURLToPath(new URL(`pydantic-ai-cassette_${name}.json`, DIR)), 'utf8')) as {
    interactions: Array<{ request: RecordedLlmInteraction['request']; response: { status: { code: number }; headers: Record<string, string[]>; body: Record<string, unknown> } }>;
  };
  return raw.interactions.map((i) => ({
    request: i.request,
    response: {
      status: i.response.status.code,
      headers: Object.fromEntries(Object.entries(i.response.headers).filter(([k]) => !DROP.has(k)).map(([k, v]) => [k, v.join(', ')])),
      body: i.response.body,
    },
  }));
};

/** The last interaction of a cassette: the final answer (or the error) of the recorded exchange. */
export const lastResponse = (name: string): RecordedLlmResponse => {
  const all = loadCassette(name);
  const last = all[all.length - 1];
  if (!last) throw new Error(`cassette ${name} has no interactions`);
  return structuredClone(last.response);
};
