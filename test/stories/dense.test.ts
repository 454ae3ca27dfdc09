/*
 * Dense vectors in story assignment (ADR 0022, embeddings amendment): an item with a vector is
 * compared with a story's dense centroid as well as its tf-idf centroid; an item or story without
 * one is compared as before. Vectors here are made by hand: near for the two paraphrases,
 * orthogonal for the unrelated text.
 */
import { describe, expect, it } from 'vitest';
import { createStoryAssigner, DEFAULT_PARAMS } from '../../src/stories/assigner.js';
import { clusterBatch, type BatchItem } from '../../src/stories/batch.js';
import { foldStory } from '../../src/stories/fold.js';
import { createMemoryStoryState } from '../../src/stories/memory.state.js';
import type { OpenStory } from '../../src/stories/story-state.port.js';
import { unitVector } from '../../src/text/dense.js';
import { createMemoryDocumentFrequencies } from '../../src/text/tfidf.js';

const T0 = Date.parse('2026-12-05T06:00:00Z');
const LOGIN = 'Brindlepost login page broken for everyone this morning';
const SIGN_IN = 'Cannot sign in to Brindlepost, the authentication screen just spins';
const PRICING = 'Brindlepost announces new pricing tiers for small teams';

/** Unit vectors in 4 dimensions: the two paraphrases almost the same direction, the pricing news another. */
const V = {
  login: unitVector([1, 0.1, 0, 0]) as Float32Array,
  signIn: unitVector([1, 0, 0.1, 0]) as Float32Array,
  pricing: unitVector([0, 0, 0, 1]) as Float32Array,
};

const items = (dense: boolean): BatchItem[] => [
  { text: LOGIN, at: T0, ...(dense && { dense: V.login }) },
  { text: SIGN_IN, at: T0 + 60_000, ...(dense && { dense: V.signIn }) },
  { text: PRICING, at: T0 + 120_000, ...(dense && { dense: V.pricing }) },
];

describe('dense vectors in story assignment', () => {
  it('tf-idf alone keeps the two paraphrases apart', () => {
    expect(clusterBatch(items(false))).toEqual([0, 1, 2]);
  });

  it('joins the paraphrases when both have near vectors, and keeps the unrelated text (which shares the product name) apart', () => {
    expect(clusterBatch(items(true))).toEqual([0, 0, 2]);
  });

  it('weighs the dense cosine by denseWeight: 0 is tf-idf alone', () => {
    expect(clusterBatch(items(true), { ...DEFAULT_PARAMS, denseWeight: 0 })).toEqual([0, 1, 2]);
  });

  it('reads the mixed score on the tf-idf scale: times similarity / denseSimilarity, so every threshold moves with it', () => {
    // The paraphrases: tf-idf cosine about 0.1, dense 0.99; mixed at weight 0.5 about 0.55.
    expect(clusterBatch(items(true), { ...DEFAULT_PARAMS, denseWeight: 0.5, denseSimilarity: 0.475 })).toEqual([0, 0, 2]);
    expect(clusterBatch(items(true), { ...DEFAULT_PARAMS, denseWeight: 0.5, denseSimilarity: 0.6 })).toEqual([0, 1, 2]);
    // Items without vectors are compared by tf-idf against `similarity` as ever, whatever denseSimilarity says.
    const quake = [
      { text: 'A magnitude 6.1 earthquake struck near Tehran, Iran on Tuesday, killing 12 people, officials said.', at: T0 },
      { text: 'Iran earthquake: magnitude 6.1 quake near Tehran kills 12, Iranian officials say; rescuers search rubble in Tehran.', at: T0 + 60_000 },
    ];
    expect(clusterBatch(quake, { ...DEFAULT_PARAMS, denseSimilarity: 0.9 })).toEqual([0, 0]);
  });

  it('compares by tf-idf alone when only one side has a vector', () => {
    const [login, signIn, pricing] = items(true) as [BatchItem, BatchItem, BatchItem];
    expect(clusterBatch([{ text: login.text, at: login.at }, signIn, pricing])).toEqual([0, 1, 2]);
    expect(clusterBatch([login, { text: signIn.text, at: signIn.at }, pricing])).toEqual([0, 1, 2]);
  });

  it('compares by tf-idf alone when the vectors differ in length (another model or dimensions)', () => {
    const [login, signIn, pricing] = items(true) as [BatchItem, BatchItem, BatchItem];
    const shorter = unitVector([1, 0, 0.1]) as Float32Array;
    expect(clusterBatch([login, { ...signIn, dense: shorter }, pricing])).toEqual([0, 1, 2]);
    // Two reports tf-idf joins stay joined whatever the weight: the mismatched vector counts for nothing, not for 0.
    const quake = [
      { text: 'A magnitude 6.1 earthquake struck near Tehran, Iran on Tuesday, killing 12 people, officials said.', at: T0, dense: V.pricing },
      { text: 'Iran earthquake: magnitude 6.1 quake near Tehran kills 12, Iranian officials say; rescuers search rubble in Tehran.', at: T0 + 60_000, dense: shorter },
    ];
    expect(clusterBatch(quake, { ...DEFAULT_PARAMS, denseWeight: 1 })).toEqual([0, 0]);
    expect(clusterBatch([quake[0] as BatchItem, { ...(quake[1] as BatchItem), dense: V.login }], { ...DEFAULT_PARAMS, denseWeight: 1 })).toEqual([0, 1]);
  });

  it('keeps the dense centroid as the sum of the members unit vectors', () => {
    const state = createMemoryStoryState();
    const assigner = createStoryAssigner(state, createMemoryDocumentFrequencies());
    assigner.assign({ key: '1', text: LOGIN, at: T0, dense: V.login });
    assigner.assign({ key: '2', text: SIGN_IN, at: T0 + 60_000, dense: V.signIn });
    const dense = state.get('1')?.dense as Float32Array;
    expect([...dense].map((x) => Math.round(x * 1e6) / 1e6)).toEqual([0, 1, 2, 3].map((i) => Math.round(((V.login[i] as number) + (V.signIn[i] as number)) * 1e6) / 1e6));
  });

  it('adds the dense centroids on a merge; a story without one takes the other as it is', () => {
    const story = (id: string, dense?: Float32Array): OpenStory => ({ id, firstAt: T0, lastAt: T0, size: 1, centroid: new Map([['x', 1]]), centroidNorm: 1, heat: 1, heatAt: T0, ...(dense && { dense }) });
    const into = story('a', Float32Array.from([1, 0]));
    foldStory(story('b', Float32Array.from([0, 2])), into);
    expect([...(into.dense as Float32Array)]).toEqual([1, 2]);
    const bare = story('c');
    foldStory(story('d', Float32Array.from([3, 4])), bare);
    expect([...(bare.dense as Float32Array)]).toEqual([3, 4]);
    const none = story('e');
    foldStory(story('f'), none);
    expect(none.dense).toBeUndefined();
  });
});
