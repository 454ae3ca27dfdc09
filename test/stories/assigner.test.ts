import { describe, expect, it } from 'vitest';
import { createStoryAssigner, DEFAULT_PARAMS, type StoryAssigner } from '../../src/stories/assigner.js';
import { clusterBatch, processingOrder } from '../../src/stories/batch.js';
import type { StoryItem } from '../../src/stories/features.js';
import { createMemoryStoryState } from '../../src/stories/memory.state.js';
import type { StoryState } from '../../src/stories/story-state.port.js';
import { createMemoryDocumentFrequencies } from '../../src/text/tfidf.js';

const H = 3_600_000;
const T0 = Date.parse('2026-11-16T14:00:00Z');

const fresh = (): { assigner: StoryAssigner; state: StoryState } => {
  const state = createMemoryStoryState();
  return { assigner: createStoryAssigner(state, createMemoryDocumentFrequencies()), state };
};

const QUAKE_A = 'A magnitude 6.1 earthquake struck near Tehran, Iran on Tuesday, killing 12 people, officials said.';
const QUAKE_A2 = 'Iran earthquake: magnitude 6.1 quake near Tehran kills 12, Iranian officials say; rescuers search rubble in Tehran.';
const LAUNCH = 'Apple unveils the iPhone 5 at a San Francisco event, with a bigger screen and LTE.';

describe('story assigner', () => {
  it('joins items with the same canonical URL whatever their text', () => {
    const { assigner } = fresh();
    const a = assigner.assign({ key: 'a', text: 'new paper on CRDTs', url: 'https://arxiv.org/abs/2411.01234v1' });
    const b = assigner.assign({ key: 'b', text: 'totally different words here', url: 'http://arxiv.org/pdf/2411.01234v2.pdf?utm_source=x' });
    expect(a).toEqual({ story: 'a', via: 'new', merged: [] });
    expect(b).toEqual({ story: 'a', via: 'url', merged: [] });
  });

  it('joins near-duplicates (typos, openers) and keeps unrelated texts apart', () => {
    const { assigner } = fresh();
    const text = "Heads up: phishing emails pretending to be Brindlepost billing ('Your workspace will be suspended') are going around. The link goes to brindlepost-billing-support.invalid";
    expect(assigner.assign({ key: '1', text, at: T0 }).story).toBe('1');
    expect(assigner.assign({ key: '2', text: `oof. ${text.toLowerCase()} 😬`, at: T0 + 20 * H })).toMatchObject({ story: '1', via: 'near-duplicate' });
    expect(assigner.assign({ key: '3', text: 'the dark mode toggle resets every time I restart the desktop app', at: T0 + 21 * H }).story).toBe('3');
  });

  it('joins a report of the same event by similarity, not a similar text long after', () => {
    const { assigner } = fresh();
    for (const [i, t] of [LAUNCH, 'Brindlepost raises prices for the Team plan', 'Kestrelboard ships offline sync'].entries()) assigner.assign({ key: `bg${i}`, text: t });
    expect(assigner.assign({ key: 'q1', text: QUAKE_A, at: T0 }).story).toBe('q1');
    expect(assigner.assign({ key: 'q2', text: QUAKE_A2, at: T0 + 2 * H })).toMatchObject({ story: 'q1', via: 'similarity' });
    expect(assigner.assign({ key: 'q3', text: QUAKE_A2, at: T0 + 30 * 24 * H }).story).toBe('q3');
  });

  it('starts a story of its own for empty, URL-only and stop-word-only texts', () => {
    const { assigner } = fresh();
    expect(assigner.assign({ key: 'e', text: '' }).story).toBe('e');
    expect(assigner.assign({ key: 'f', text: '' }).story).toBe('f');
    expect(assigner.assign({ key: 'u', text: 'https://example.com/a' }).story).toBe('u');
    expect(assigner.assign({ key: 's', text: 'the and of it' }).story).toBe('s');
  });

  it('handles a 1 MB text', () => {
    const { assigner } = fresh();
    const big = `${QUAKE_A} `.repeat(11_000);
    expect(big.length).toBeGreaterThan(1_000_000);
    expect(assigner.assign({ key: 'big', text: big }).story).toBe('big');
    expect(assigner.assign({ key: 'small', text: QUAKE_A }).story).toBe('big');
  });

  it('keeps a 50,000-member story bounded: one story, centroid cut to its top terms', () => {
    const { assigner, state } = fresh();
    for (let i = 0; i < 50_000; i++) {
      const a = assigner.assign({ key: `k${i}`, text: `Brindlepost is down again ${i % 7 === 0 ? 'messages stuck' : 'boards not loading'} in region ${i % 40}`, at: T0 + i * 1000 });
      if (a.story !== 'k0') throw new Error(`item ${i} went to ${a.story}`);
    }
    const story = state.get('k0');
    expect(story?.size).toBe(50_000);
    expect(story?.centroid.size).toBeLessThanOrEqual(DEFAULT_PARAMS.centroidTerms * 1.5);
  });

  it('is deterministic: the same items in the same order give the same stories', () => {
    const items: StoryItem[] = [QUAKE_A, LAUNCH, QUAKE_A2, 'iPhone 5 launch: Apple event in San Francisco', QUAKE_A].map((text, i) => ({ key: String(i), text, at: T0 + i * H }));
    const run = (): string[] => {
      const { assigner } = fresh();
      return items.map((it) => assigner.assign(it).story);
    };
    expect(run()).toEqual(run());
    expect(run()).toEqual(['0', '1', '0', '1', '0']);
  });
});

describe('batch clustering', () => {
  it('processes in createdAt order (undated last, in input order) and answers in input order', () => {
    expect(processingOrder([{ text: 'a', at: 30 }, { text: 'b' }, { text: 'c', at: 10 }, { text: 'd' }, { text: 'e', at: 10 }])).toEqual([2, 4, 0, 1, 3]);
    const stories = clusterBatch([
      { text: QUAKE_A2, at: T0 + H },
      { text: LAUNCH, at: T0 + 2 * H },
      { text: QUAKE_A, at: T0 },
    ]);
    expect(stories).toEqual([2, 1, 2]);
  });

  it('clusters 100,000 copies of one text into one story', () => {
    const items = Array.from({ length: 100_000 }, () => ({ text: 'is Brindlepost down for anyone else? boards not loading' }));
    const stories = clusterBatch(items);
    expect(new Set(stories)).toEqual(new Set([0]));
  });
});
