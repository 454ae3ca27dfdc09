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

describe('incident key (pipeline stories: category outage/security and product)', () => {
  const OUT = 'outage|brindlepost';
  const wave = (assigner: StoryAssigner, n: number, from: number, key = OUT): string[] =>
    Array.from({ length: n }, (_, i) => assigner.assign({ key: `w${from}-${i}`, text: `post ${i} words ${i * 7} nothing shared ${i * 13}`, at: from + i * 60_000, incidents: [key] }).story);

  it('joins posts of one key in a burst whatever their text, and says so', () => {
    const { assigner } = fresh();
    const stories = wave(assigner, 12, T0);
    expect(new Set(stories)).toEqual(new Set(['w' + T0 + '-0']));
    expect(assigner.assign({ key: 'late', text: 'zzz qqq', at: T0 + 40 * 60_000, incidents: [OUT] })).toEqual({ story: stories[0], via: 'incident', merged: [] });
  });

  it('does not join a post of the same category about another product, or of another category', () => {
    const { assigner } = fresh();
    const [story] = wave(assigner, 10, T0);
    expect(assigner.assign({ key: 'other-product', text: 'kestrelboard is down', at: T0 + 11 * 60_000, incidents: ['outage|kestrelboard'] }).story).not.toBe(story);
    expect(assigner.assign({ key: 'security', text: 'phishing mail', at: T0 + 11 * 60_000, incidents: ['security|brindlepost'] }).story).not.toBe(story);
    expect(assigner.assign({ key: 'no-key', text: 'feature request dark mode', at: T0 + 11 * 60_000 }).story).not.toBe(story);
  });

  it('does not join once the wave has cooled, nor beyond the window, nor an undated post', () => {
    const { assigner } = fresh();
    wave(assigner, 3, T0);
    // Three posts, then nothing for 3 h: the story's heat (half-life 30 min) is 3 / 64 < 0.5.
    expect(assigner.assign({ key: 'cold', text: 'aaa bbb', at: T0 + 3 * H, incidents: [OUT] }).story).toBe('cold');
    const { assigner: hot } = fresh();
    const [big] = wave(hot, 400, T0);
    // One post a minute: heat ≈ 44; 2 h later 44 / 16 ≥ 0.5 (joins), 4 h later 44 / 256 < 0.5 (does not).
    const last = T0 + 399 * 60_000;
    expect(hot.assign({ key: 'in', text: 'ccc ddd', at: last + 2 * H, incidents: [OUT] })).toEqual({ story: big, via: 'incident', merged: [] });
    expect(hot.assign({ key: 'out', text: 'eee fff', at: last + 2 * H + 4 * H, incidents: [OUT] }).story).toBe('out');
    // The window bounds it too: with a 1 h window, the post 2 h after the latest member starts its own.
    const state = createMemoryStoryState();
    const narrow = createStoryAssigner(state, createMemoryDocumentFrequencies(), { ...DEFAULT_PARAMS, incidentWindowMs: H });
    const [first] = wave(narrow, 400, T0);
    expect(narrow.assign({ key: 'in1', text: 'ccc ddd', at: last + 50 * 60_000, incidents: [OUT] }).story).toBe(first);
    expect(narrow.assign({ key: 'out1', text: 'eee fff', at: last + 50 * 60_000 + 2 * H, incidents: [OUT] }).story).toBe('out1');
    expect(hot.assign({ key: 'undated', text: 'ggg hhh', incidents: [OUT] }).story).toBe('undated');
  });

  it('may keep a wave going past the story age limit while it is active', () => {
    const { assigner } = fresh();
    // One post every 20 minutes for 40 h: heat stays ≥ 0.5, the story outlives maxAgeMs (36 h).
    const stories = Array.from({ length: 121 }, (_, i) => assigner.assign({ key: `s${i}`, text: `leak ${i} tok${i}`, at: T0 + i * 20 * 60_000, incidents: ['security|brindlepost'] }).story);
    expect(new Set(stories).size).toBe(1);
  });

  it('lets a failure report of another category join a breaking story by a join-only key, never open one', () => {
    const { assigner } = fresh();
    // No story for the key yet: a join-only key opens nothing, and the next keyed post does not join it.
    expect(assigner.assign({ key: 'early', text: "can't log in on my phone", at: T0 - 10 * 60_000, incidents: [], incidentJoins: [OUT] }).story).toBe('early');
    const [story] = wave(assigner, 10, T0);
    expect(story).toBe(`w${T0}-0`);
    expect(assigner.assign({ key: 'bug', text: 'magic link opens the app and then nothing', at: T0 + 11 * 60_000, incidents: [], incidentJoins: [OUT] })).toEqual({ story, via: 'incident', merged: [] });
    // It does not move the key: a later keyed post still goes to the wave.
    expect(assigner.assign({ key: 'after', text: 'qqq rrr', at: T0 + 12 * 60_000, incidents: [OUT] }).story).toBe(story);
    // A cooled wave takes no join-only post.
    expect(assigner.assign({ key: 'cold', text: 'sss ttt', at: T0 + 6 * H, incidents: [], incidentJoins: [OUT] }).story).toBe('cold');
  });

  it('an incident report opening its key does not join an unrelated story by text, and a breaking incident story folds in no other kind', () => {
    const { assigner } = fresh();
    for (let i = 0; i < 30; i++) assigner.assign({ key: `bg${i}`, text: `background filler ${i} alpha${i} beta${i}`, at: T0 - 5 * H + i * 60_000, incidents: [] });
    // A complaint hours before: the first outage report sounds like it ("love that for us") but opens the wave.
    assigner.assign({ key: 'price', text: 'another Brindlepost price increase. love that for us', at: T0 - 3 * H, incidents: [] });
    expect(assigner.assign({ key: 'first', text: 'Brindlepost outage and our incident channel is on Brindlepost. love that for us', at: T0, incidents: [OUT] }).story).toBe('first');
    // Without keys (batch), the same two texts are one story by similarity.
    expect(clusterBatch([
      { text: 'another Brindlepost price increase. love that for us', at: T0 - 3 * H },
      { text: 'Brindlepost outage and our incident channel is on Brindlepost. love that for us', at: T0 },
    ])).toEqual([0, 0]);
    const hot = wave(assigner, 10, T0 + 60_000);
    expect(new Set(hot)).toEqual(new Set(['first']));
    // A post without a key resembling both the breaking wave and the complaint does not fold them
    // together (without the rule it would: the complaint is the older, the wave would be renamed after it).
    const bridge = assigner.assign({ key: 'bridge', text: 'post words nothing shared 3 21 39 price increase', at: T0 + 12 * 60_000, incidents: [] });
    expect(bridge).toEqual({ story: 'first', via: 'similarity', merged: [] });
  });

  it("holds an analysed post that reports no failure to the ordinary similarity bar of a breaking outage story", () => {
    const run = (incidents: string[] | undefined): string => {
      const { assigner } = fresh();
      for (let i = 0; i < 30; i++) assigner.assign({ key: `bg${i}`, text: `background filler ${i} alpha${i} beta${i}`, at: T0 - 5 * H + i * 60_000 });
      for (let i = 0; i < 10; i++) assigner.assign({ key: `w${i}`, text: `acme is down ${i} boards ${i * 7} not loading ${i * 13}`, at: T0 + i * 60_000, incidents: ['outage|acme'] });
      return assigner.assign({ key: 'x', text: 'acme boards csv export drops every emoji', at: T0 + 11 * 60_000, ...(incidents ? { incidents } : {}) }).story;
    };
    expect(run(undefined)).toBe('w0'); // not analysed (batch): the breaking story's lower bar
    expect(run([])).toBe('x'); // analysed, no failure report: its own story
  });

  it('lowers the bar only for a breaking story that began within hotMaxAgeMs: a steady stream hours long is held to the ordinary bar', () => {
    const probe = (afterMs: number): { probe: string; wave: Set<string> } => {
      const { assigner } = fresh();
      for (let i = 0; i < 30; i++) assigner.assign({ key: `bg${i}`, text: `background filler ${i} alpha${i} beta${i}`, at: T0 - 5 * H + i * 60_000 });
      const wave = new Set<string>();
      // A report every 5 minutes: the story stays breaking (heat ≥ 5) for as long as the stream goes on.
      for (let t = 0; t <= afterMs; t += 5 * 60_000) wave.add(assigner.assign({ key: `w${t}`, text: 'acme is down, boards not loading', at: T0 + t }).story);
      return { probe: assigner.assign({ key: 'x', text: 'acme boards csv export drops every emoji', at: T0 + afterMs + 60_000 }).story, wave };
    };
    const early = probe(H);
    expect(early.wave).toEqual(new Set(['w0']));
    expect(early.probe).toBe('w0'); // an hour in: the breaking story's lower bar
    const late = probe(DEFAULT_PARAMS.hotMaxAgeMs + H);
    expect(late.wave).toEqual(new Set(['w0'])); // the stream itself stays one story (near-duplicates)
    expect(late.probe).toBe('x'); // past hotMaxAgeMs: the ordinary bar, its own story
  });

  it('leaves batch clustering (no keys) as it was', () => {
    const items = [0, 1, 2].map((i) => ({ text: `unrelated ${i} words${i}`, at: T0 + i * 60_000 }));
    expect(clusterBatch(items)).toEqual([0, 1, 2]);
    expect(clusterBatch(items.map((it) => ({ ...it, incidents: [OUT] })))).toEqual([0, 0, 0]);
  });
});
