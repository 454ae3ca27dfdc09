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

  it('dates no ordinary outage post within 6 h of an outage wave (the ground truth is coherent)', () => {
    // The generator's 30 ordinary outage posts come from the same templates as a wave's reports; one
    // dated in or near a wave would be a report of it to any reader, so the generator keeps them 6 h
    // away (`OUTAGE_QUIET_MS`; ADR 0022, amendment of the third session).
    for (const wave of OUTAGE_WAVES) {
      const times = membersOf(wave).map((i) => Date.parse((posts[i] as Post).createdAt));
      const [first, last] = [Math.min(...times), Math.max(...times)];
      const near = posts.filter((p) => !p.incident && p.expected === 'outage' && Date.parse(p.createdAt) > first - 6 * H && Date.parse(p.createdAt) < last + 6 * H);
      expect(near.map((p) => p.id), wave).toEqual([]);
    }
    expect(posts.filter((p) => !p.incident && p.expected === 'outage')).toHaveLength(30);
  });

  it('with incident keys, each outage wave comes out as one story holding exactly its members (pipeline view)', () => {
    for (const wave of OUTAGE_WAVES) {
      const members = membersOf(wave);
      const story = withKeys[members[0] as number];
      expect(posts.flatMap((_, i) => (withKeys[i] === story ? [i] : [])), wave).toEqual(members);
    }
  });

  it('with incident keys, the API-token wave is mostly one story (regression floor: 5 stories, 25 of 30 in the largest, 8 other posts)', () => {
    const members = membersOf('sec-2026-11-17-api-tokens');
    const sizes = new Map<number, number>();
    for (const i of members) sizes.set(withKeys[i] as number, (sizes.get(withKeys[i] as number) ?? 0) + 1);
    expect(sizes.size).toBeLessThanOrEqual(5);
    const [largest, size] = [...sizes].sort((a, b) => b[1] - a[1])[0] as [number, number];
    expect(size).toBeGreaterThanOrEqual(25);
    // The other posts in it are security reports of the product, none of another wave.
    const others = posts.filter((p, i) => withKeys[i] === largest && p.incident !== 'sec-2026-11-17-api-tokens');
    expect(others.length).toBeLessThanOrEqual(8);
    for (const p of others) expect({ id: p.id, incident: p.incident, expected: p.expected }).toEqual({ id: p.id, incident: undefined, expected: 'security' });
  });

  // Known gap (ADR 0022, amendments "waves" and "third session"): the API-token wave (a leak:
  // commentary, not failure reports) is 5 stories. Its largest holds 25 of 30 and 8 other security
  // reports of the product (CVE, S3 bucket, email leak, OAuth token, SAML) that fall in its hot hours:
  // the incident key is category and product, and does not tell one leak from another. Its 3 comment
  // posts with no security cue and its tail 38–40 h after the first post (001501, 001520 in the
  // corpus as generated on 2026-12-05) stay apart. Flip to `it` once the wave is exactly its members.
  it.fails('the API-token wave comes out as one story holding exactly its members (pipeline view, with incident keys)', () => {
    const members = membersOf('sec-2026-11-17-api-tokens');
    const story = withKeys[members[0] as number];
    expect(posts.flatMap((_, i) => (withKeys[i] === story ? [i] : []))).toEqual(members);
  });
});
