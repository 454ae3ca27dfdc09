/**
 * The dense vectors the embedding provider returned (ADR 0022, embeddings amendment), cached like
 * LLM verdicts: by model and the hash of the text embedded, so a re-run, a second pipeline or a
 * duplicate text never asks the provider again. Implemented by the store (durable, shared by every
 * worker) and in memory (`harvest cluster --embeddings`, which opens no database).
 */
export interface EmbeddingCache {
  /** Cached vectors of these text hashes under `model`; hashes with none are absent. */
  get(model: string, hashes: readonly string[]): Promise<Map<string, Float32Array>>;
  /** Stores vectors (an existing entry for the same key is kept). */
  put(model: string, entries: ReadonlyArray<{ hash: string; vector: Float32Array }>, now: string): Promise<void>;
}
