/*
 * Dense vectors for story items, cache first (ADR 0022, embeddings amendment): each distinct text is
 * hashed with the model it is embedded by; cached vectors are used as they are and only the rest
 * go to the provider, whose answers are cached before they are used. A provider error is thrown:
 * the caller assigns no item of the batch (never a batch half with vectors, half without).
 */
import { createHash } from 'node:crypto';
import type { EmbeddingCache } from '../store/embeddings.port.js';
import { unitVector } from '../text/dense.js';
import type { EmbeddingProvider } from './embedding-provider.port.js';

export interface DenseVectors {
  /** The unit vector of each text, in order (undefined for a text whose vector is zero), and how many distinct texts the provider was asked for. */
  vectorsFor(texts: readonly string[], signal?: AbortSignal): Promise<{ vectors: Array<Float32Array | undefined>; asked: number }>;
}

/** What is embedded of an item: its title, then its text, cut to `maxChars`. */
export const embeddingText = (item: { title?: string | null; text: string }, maxChars: number): string =>
  (item.title ? `${item.title}\n${item.text}` : item.text).slice(0, maxChars);

const hashOf = (text: string): string => createHash('sha256').update(text).digest('hex');

export const createDenseVectors = (provider: EmbeddingProvider, cache: EmbeddingCache, now: () => string): DenseVectors => ({
  async vectorsFor(texts, signal) {
    const hashes = texts.map(hashOf);
    const found = await cache.get(provider.model, hashes);
    const missing = new Map<string, string>();
    hashes.forEach((h, i) => {
      if (!found.has(h)) missing.set(h, texts[i] as string);
    });
    if (missing.size > 0) {
      const vectors = await provider.embed([...missing.values()], signal);
      const entries = [...missing.keys()].map((hash, i) => ({ hash, vector: vectors[i] as Float32Array }));
      await cache.put(provider.model, entries, now());
      for (const e of entries) found.set(e.hash, e.vector);
    }
    const units = new Map<string, Float32Array | undefined>();
    const vectors = hashes.map((h) => {
      if (!units.has(h)) units.set(h, unitVector(found.get(h) as Float32Array));
      return units.get(h);
    });
    return { vectors, asked: missing.size };
  },
});

/** A process-local cache (`harvest cluster --embeddings`, which opens no database): vectors last for the run. */
export const createMemoryEmbeddingCache = (): EmbeddingCache => {
  const vectors = new Map<string, Float32Array>();
  return {
    get: async (model, hashes) => {
      const out = new Map<string, Float32Array>();
      for (const h of hashes) {
        const v = vectors.get(`${model}\u0000${h}`);
        if (v) out.set(h, v);
      }
      return out;
    },
    put: async (model, entries) => {
      for (const e of entries) if (!vectors.has(`${model}\u0000${e.hash}`)) vectors.set(`${model}\u0000${e.hash}`, e.vector);
    },
  };
};
