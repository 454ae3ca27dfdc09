import type { Config } from '../config/schema.js';
import { configError } from '../domain/errors.js';
import type { Logger } from '../observability/logger.js';
import type { Clock, Sleep } from '../platform/clock.js';
import type { EmbeddingCache } from '../store/embeddings.port.js';
import { DEFAULT_PARAMS, type AssignerParams } from '../stories/assigner.js';
import type { StoryItem } from '../stories/features.js';
import { createDenseVectors, embeddingText, type DenseVectors } from './dense-vectors.js';
import { embeddingModelKey } from './embeddings.config.js';
import type { EmbeddingProvider } from './embedding-provider.port.js';

/** What story assignment gets when the embedding provider is on: vectors (cache first) and the dense share of the similarity. */
export interface StoryEmbeddings {
  vectors: DenseVectors;
  weight: number;
  /** The same-event threshold on the mixed scale (`denseSimilarity`). */
  similarity: number;
  maxTextChars: number;
}

/** The assigner's settings with the provider on (its weight and threshold) or off (the defaults). */
export const storyParams = (e: StoryEmbeddings | undefined): AssignerParams => (e ? { ...DEFAULT_PARAMS, denseWeight: e.weight, denseSimilarity: e.similarity } : DEFAULT_PARAMS);

/**
 * The configured embedding provider over `cache`. The OpenAI SDK module loads on the first request
 * (most processes never embed). Throws a CONFIG_INVALID error when the key is missing.
 */
export const buildStoryEmbeddings = (config: Config, cache: EmbeddingCache, deps: { clock: Clock; sleep: Sleep; log: Logger }): StoryEmbeddings => {
  const e = config.stories.embeddings;
  const apiKey = config.providers.openai.apiKey;
  if (!apiKey) throw configError('stories.embeddings: the embedding provider needs an API key: set OPENAI_API_KEY (any non-empty value for a server without keys, e.g. Ollama)');
  const opts = { ...e, apiKey, baseUrl: e.baseUrl ?? config.providers.openai.baseUrl };
  let loaded: Promise<EmbeddingProvider> | undefined;
  const load = (): Promise<EmbeddingProvider> => (loaded ??= import('./openai.embeddings.js').then((m) => m.createOpenAiEmbeddings(opts, deps)));
  const provider: EmbeddingProvider = {
    model: embeddingModelKey(e.model, e.dimensions),
    embed: async (texts, signal) => (await load()).embed(texts, signal),
  };
  return { vectors: createDenseVectors(provider, cache, () => deps.clock.now().toISOString()), weight: e.weight, similarity: e.similarity, maxTextChars: e.maxTextChars };
};

/**
 * Gives each item its text's unit vector (`dense`; none for a zero vector), cache first, all of them
 * fetched before any is set; returns how many distinct texts the provider was asked for.
 */
export const attachVectors = async (items: ReadonlyArray<Pick<StoryItem, 'title' | 'text' | 'dense'>>, e: StoryEmbeddings, signal?: AbortSignal): Promise<number> => {
  const { vectors, asked } = await e.vectors.vectorsFor(items.map((it) => embeddingText(it, e.maxTextChars)), signal);
  items.forEach((it, i) => {
    const v = vectors[i];
    if (v) it.dense = v;
  });
  return asked;
};
