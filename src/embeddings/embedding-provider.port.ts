/**
 * A dense embedding provider (ADR 0022, embeddings amendment): texts in, one vector per text out.
 * Implementations batch, time out and retry on their own; their errors are AppErrors whose messages
 * name the problem and never contain the API key.
 */
export interface EmbeddingProvider {
  /** What its vectors are cached under: the model, with the dimensions asked for when set (`text-embedding-3-small@256`). */
  readonly model: string;
  /** One vector per text, in the order given; all of one length. */
  embed(texts: readonly string[], signal?: AbortSignal): Promise<Float32Array[]>;
}
