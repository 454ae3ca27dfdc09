/*
 * The demo corpus's bursts, clustered: the expected groups are the generator's own ground truth
 * (the `incident` field scripts/generate-demo-corpus.ts writes on every post of a burst), never
 * this clusterer's output.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { analyzeText } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { loadConfig } from '../../src/config/load.js';
import { incidentsOf } from '../../src/stories/incidents.js';
import { clusterBatch } from '../../src/stories/batch.js';

interface Post {
  id: string;
  title?: string;
  text: string;
  url: string;
  createdAt: string;
  /** The generator's category of the post. */
  expected: string;
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
 * As the pipeline's stories stage sees them: each post's incident keys and join-only keys from the
 * heuristic analyzer with config/settings.yaml's products, competitors and aliases.
 */
const { analysis } = loadConfig({}, { file: 'config/settings.yaml', cwd: fileURLToPath(new URL('../..', import.meta.url)) }).config;
const opts = { products: analysis.products, competitors: analysis.competitors, aliases: analysis.aliases };
const analysed = posts.map((p) => analyzeText({ text: p.text, title: p.title ?? null }, opts));
const incidents = analysed.map((a, i) => incidentsOf({ text: (posts[i] as Post).text, title: (posts[i] as Post).title ?? null, category: a.category, products: a.entities.products }));
const keys = incidents.map((k) => k.incidents ?? []);
const withKeys = clusterBatch(posts.map((p, i) => ({ text: p.text, title: p.title ?? null, url: p.url, at: Date.parse(p.createdAt), ...incidents[i] })));
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

  const OUTAGE_WAVES = ['inc-2026-11-16-messaging', 'inc-2026-11-18-api', 'inc-2026-11-19-mobile'];

  it('with incident keys, each outage wave is one story holding every member; its other posts are untagged outage reports dated within 3 h of the wave', () => {
    for (const wave of OUTAGE_WAVES) {
      const members = membersOf(wave);
      const story = withKeys[members[0] as number];
      expect(new Set(members.map((i) => withKeys[i])).size, wave).toBe(1);
      const times = members.map((i) => Date.parse((posts[i] as Post).createdAt));
      const [first, last] = [Math.min(...times), Math.max(...times)];
      // The generator scatters 30 ordinary outage posts over the week from the same templates, without
      // an `incident` tag; those dated in or just around a wave (ADR 0022, amendment "waves") are
      // reports of it to anyone reading them. Nothing else may be in the story.
      const others = posts.flatMap((p, i) => (withKeys[i] === story && p.incident !== wave ? [p] : []));
      for (const p of others) {
        const at = Date.parse(p.createdAt);
        expect({ id: p.id, incident: p.incident, expected: p.expected, near: at >= first - 3 * H && at <= last + 3 * H }, wave).toEqual({ id: p.id, incident: undefined, expected: 'outage', near: true });
      }
    }
  });

  it('with incident keys, the API-token wave is mostly one story (regression floor: 5 stories, 25 of 30 in the largest)', () => {
    const members = membersOf('sec-2026-11-17-api-tokens');
    const sizes = new Map<number, number>();
    for (const i of members) sizes.set(withKeys[i] as number, (sizes.get(withKeys[i] as number) ?? 0) + 1);
    expect(sizes.size).toBeLessThanOrEqual(5);
    expect(Math.max(...sizes.values())).toBeGreaterThanOrEqual(25);
  });

  // Known gap (ADR 0022 amendment "waves", docs/bench/stories.md): with incident keys the outage waves
  // are one story each but also hold 7 untagged outage reports from the generator's same templates
  // (3 / 1 / 3, see above), and the API-token wave (a leak: commentary, not failure reports) is 5
  // stories holding 8 other security reports of the product (CVE, S3 bucket, email leak, SAML) that
  // fall in its hot hours, while its 23 h-later tail (001501, 001520) and 3 comment posts stay apart.
  // Without keys (`harvest cluster`, no analysis) the waves are many stories each. Flip to `it` once
  // every wave is exactly its members.
  it.fails('each wave comes out as one story holding exactly its members (pipeline view, with incident keys)', () => {
    for (const wave of Object.keys(WAVES)) {
      const members = membersOf(wave);
      const story = withKeys[members[0] as number];
      expect(posts.flatMap((_, i) => (withKeys[i] === story ? [i] : [])), wave).toEqual(members);
    }
  });
});
