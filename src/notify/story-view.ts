import type { AlertText } from './alert-view.js';
import { storyLink } from './dashboard-link.js';
import type { StoryAlert } from './notifier.port.js';
import { truncatePlain } from './slack/format.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** "3 sources, 40 mentions": the figures a story message reports. */
export const storyFigures = (a: StoryAlert): string => `${plural(a.story.sources.length, 'source')}, ${plural(a.story.size, 'mention')}`;

/** The first line of a story message: new, or a follow-up for a milestone. */
export const storyLead = (a: StoryAlert): string => (a.followUp ? `📈 Story update: now on ${storyFigures(a)}` : `🧵 New story: ${storyFigures(a)}`);

/** A webhook event's `data` for a story alert (`story.alert`). */
export const storyData = (a: StoryAlert): Record<string, unknown> => {
  const s = a.story;
  return {
    milestone: a.milestone,
    followUp: a.followUp,
    threshold: a.threshold,
    story: {
      id: s.id,
      title: s.title,
      leadItemId: s.leadItemId,
      size: s.size,
      sources: s.sources,
      authors: s.authors,
      firstAt: s.firstAt,
      lastAt: s.lastAt,
      salience: s.salience === null ? null : Math.round(s.salience * 10) / 10,
      breakdown: s.breakdown,
    },
    url: storyLink(a.dashboardUrl, s.id),
  };
};

/** A story alert as the channel-neutral text the Discord, Teams and e-mail formats render (pure). */
export const storyText = (a: StoryAlert): AlertText => {
  const s = a.story;
  return {
    type: 'story.alert',
    title: truncatePlain(`${storyLead(a)} · ${s.title || `story ${s.id}`}`.replace(/\s+/g, ' '), 250),
    body: truncatePlain(s.title || `story ${s.id}`, 1500),
    facts: [
      { name: 'Salience', value: s.salience === null ? '—' : s.salience.toFixed(1) },
      { name: 'Mentions', value: String(s.size) },
      { name: 'Sources', value: truncatePlain(s.sources.join(', ') || '—', 200) },
      { name: 'Authors', value: String(s.authors) },
    ],
    items: [],
    url: storyLink(a.dashboardUrl, s.id),
    urlLabel: 'Open story',
    footer: truncatePlain(`story ${s.id} · first seen ${s.firstAt} · latest ${s.lastAt}`, 300),
  };
};
