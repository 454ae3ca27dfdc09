import { describe, expect, it } from 'vitest';
import { scoringConfigSchema } from '../../src/config/scoring.config.js';
import { formatStoryMessage } from '../../src/notify/slack/story-format.js';
import { computeStorySalience, storyMilestone } from '../../src/scoring/story-salience.js';
import type { StoryRow } from '../../src/store/stories.port.js';

const cfg = scoringConfigSchema.parse({});

describe('story salience (ADR 0023)', () => {
  it.each([
    // loudest, members, sources, authors, recent → salience, breakdown points
    [{ loudest: 40, members: 1, sources: 1, authors: 1, recent: 1 }, 40, { sources: 0, authors: 0, growth: 0 }],
    [{ loudest: 40, members: 8, sources: 3, authors: 4, recent: 8 }, 40 + 12 + 6 + 10, { sources: 12, authors: 6, growth: 10 }],
    [{ loudest: 40, members: 8, sources: 3, authors: 4, recent: 2 }, 40 + 12 + 6 + 2.5, { sources: 12, authors: 6, growth: 2.5 }],
    // Sources beyond maxSources and authors beyond maxAuthorPoints add nothing more; the cap holds.
    [{ loudest: 50, members: 100, sources: 9, authors: 1024, recent: 0 }, 50 + 24 + 12, { sources: 24, authors: 12, growth: 0 }],
    [{ loudest: 95, members: 100, sources: 9, authors: 1024, recent: 100 }, 100, { sources: 24, authors: 12, growth: 10 }],
  ])('%j → %d', (input, salience, parts) => {
    const r = computeStorySalience({ id: 1, ...input }, cfg);
    expect(r.salience).toBeCloseTo(salience, 3);
    expect(r.breakdown).toMatchObject({ ...parts, loudest: input.loudest, members: input.members, recent: input.recent });
  });

  it('names the highest source and mention marks reached', () => {
    expect(storyMilestone(4, 1, cfg)).toBeNull();
    expect(storyMilestone(4, 2, cfg)).toBe('s2-m0');
    expect(storyMilestone(40, 3, cfg)).toBe('s3-m25');
    expect(storyMilestone(5000, 12, cfg)).toBe('s5-m1000');
  });
});

describe('Slack story message', () => {
  const story: StoryRow = {
    id: 42, title: 'Brindlepost <outage> & sync', leadItemId: 42, size: 40, sources: ['x', 'reddit', 'hackernews'], authors: 31,
    firstAt: '2026-11-20T10:00:00.000Z', lastAt: '2026-11-20T11:00:00.000Z', salience: 88.25, breakdown: null,
  };

  it('announces a new story and a follow-up with its figures, escaped, with a link to the story', () => {
    const first = formatStoryMessage({ story, milestone: 'new', followUp: false, threshold: 70, dashboardUrl: 'https://harvest.example/' });
    expect(first.text).toBe('🧵 New story: 3 sources, 40 mentions — Brindlepost <outage> & sync');
    expect(JSON.stringify(first.blocks)).toContain('Brindlepost &lt;outage&gt; &amp; sync');
    expect(JSON.stringify(first.blocks)).toContain('https://harvest.example/#/stories/42');
    const next = formatStoryMessage({ story, milestone: 's3-m25', followUp: true, threshold: 70 });
    expect(next.text).toMatch(/^📈 Story update: now on 3 sources, 40 mentions/);
    expect(JSON.stringify(next.blocks)).not.toContain('open_story');
  });
});
