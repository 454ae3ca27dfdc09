/*
 * The demo corpus's bursts, clustered: the expected groups are the generator's own ground truth
 * (the `incident` field scripts/generate-demo-corpus.ts writes on every post of a burst), never
 * this clusterer's output.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { incidentKeys } from '../../src/stories/features.js';
import { clusterBatch } from '../../src/stories/batch.js';

interface Post {
  id: string;
  title?: string;
  text: string;
  url: string;
  createdAt: string;
  incident?: string;
}

const posts = readFileSync(new URL('../../data/demo/corpus.jsonl', import.meta.url), 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '')
  .map((l) => JSON.parse(l) as Post);

/** The generator's waves: three outages and the API-token leak (INCIDENTS and SECURITY_CLUSTER). */
const WAVES = { 'inc-2026-11-16-messaging': 95, 'sec-2026-11-17-api-tokens': 30, 'inc-2026-11-18-api': 55, 'inc-2026-11-19-mobile': 40 };

const stories = clusterBatch(posts.map((p) => ({ text: p.text, title: p.title ?? null, url: p.url, at: Date.parse(p.createdAt) })));
const membersOf = (wave: string): number[] => posts.flatMap((p, i) => (p.incident === wave ? [i] : []));

/**
 * As the pipeline's stories stage sees them: each post's incident keys from the heuristic analyzer
 * (config/settings.yaml's products and competitors), the category of the wave from the generator.
 */
const analysed = posts.map((p) => analyzeText({ text: p.text, title: p.title ?? null }, { products: ['Brindlepost'], competitors: ['Kestrelboard', 'Ferncircle', 'Taskmoth'] }));
const keys = analysed.map((a) => incidentKeys(a.category, a.entities.products));
const withKeys = clusterBatch(posts.map((p, i) => ({ text: p.text, title: p.title ?? null, url: p.url, at: Date.parse(p.createdAt), incidents: keys[i] })));
const WAVE_KEY: Record<keyof typeof WAVES, string> = {
  'inc-2026-11-16-messaging': 'outage|brindlepost',
  'sec-2026-11-17-api-tokens': 'security|brindlepost',
  'inc-2026-11-18-api': 'outage|brindlepost',
  'inc-2026-11-19-mobile': 'outage|brindlepost',
};
const H = 3_600_000;

describe('stories on the demo corpus', () => {
  it('reads the waves the generator wrote', () => {
    for (const [wave, size] of Object.entries(WAVES)) expect(membersOf(wave), wave).toHaveLength(size);
  });

  it('never puts posts of two different waves in one story', () => {
    const waveOfStory = new Map<number, string>();
    posts.forEach((p, i) => {
      if (!p.incident) return;
      const seen = waveOfStory.get(stories[i] as number);
      expect(seen === undefined || seen === p.incident, `${p.id} (${p.incident}) shares a story with ${seen}`).toBe(true);
      waveOfStory.set(stories[i] as number, p.incident);
    });
  });

  it('with incident keys, the members of each wave the analyzer keys, in its first 6 h, are one story of that wave only', () => {
    for (const [wave, key] of Object.entries(WAVE_KEY)) {
      const members = membersOf(wave);
      const start = Date.parse((posts[members[0] as number] as Post).createdAt);
      const keyed = members.filter((i) => keys[i]?.includes(key) && Date.parse((posts[i] as Post).createdAt) - start <= 6 * H);
      expect(keyed.length, wave).toBeGreaterThanOrEqual(members.length / 2);
      expect(new Set(keyed.map((i) => withKeys[i])).size, wave).toBe(1);
      const story = withKeys[keyed[0] as number];
      const otherWaves = posts.flatMap((p, i) => (withKeys[i] === story && p.incident && p.incident !== wave ? [p.id] : []));
      expect(otherWaves, wave).toEqual([]);
    }
  });

  // Known gap (ADR 0022, docs/bench/stories.md): short posts of one burst in many phrasings and
  // languages come out as a few stories per wave, not one. Flip to `it` once they do.
  it.fails('each wave comes out as one story holding exactly its members', () => {
    for (const wave of Object.keys(WAVES)) {
      const members = membersOf(wave);
      const story = stories[members[0] as number];
      expect(posts.flatMap((_, i) => (stories[i] === story ? [i] : [])), wave).toEqual(members);
    }
  });
});
