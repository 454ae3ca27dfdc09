/*
 * A story message in Block Kit (pure, ADR 0023): the headline, how big the story is (members,
 * sources, authors), its salience and, for a follow-up, what changed ("now on 3 sources, 40 mentions").
 */
import { storyLink } from '../dashboard-link.js';
import type { StoryAlert } from '../notifier.port.js';
import { storyLead } from '../story-view.js';
import { escapeAndTruncate, FORMAT_LIMITS, SLACK_LIMITS, truncatePlain, type SlackBlock, type SlackMessage } from './format.js';

export { storyFigures } from '../story-view.js';

const storyUrl = (a: StoryAlert): string | null => {
  const url = storyLink(a.dashboardUrl, a.story.id);
  return url !== null && url.length <= SLACK_LIMITS.buttonUrl ? url : null;
};

export const formatStoryMessage = (a: StoryAlert): SlackMessage => {
  const s = a.story;
  const lead = storyLead(a);
  const salience = s.salience === null ? '—' : s.salience.toFixed(1);
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncatePlain(lead, SLACK_LIMITS.headerText), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: `*${escapeAndTruncate(s.title || `story ${s.id}`, FORMAT_LIMITS.titleText)}*` } },
    {
      type: 'section',
      fields: [
        { type: 'mrkdwn', text: `*Salience*\n${salience}` },
        { type: 'mrkdwn', text: `*Mentions*\n${s.size}` },
        { type: 'mrkdwn', text: `*Sources*\n${escapeAndTruncate(s.sources.join(', ') || '—', 500)}` },
        { type: 'mrkdwn', text: `*Authors*\n${s.authors}` },
      ],
    },
    { type: 'context', elements: [{ type: 'mrkdwn', text: escapeAndTruncate(`story ${s.id} · first seen ${s.firstAt} · latest ${s.lastAt}`, FORMAT_LIMITS.contextText) }] },
  ];
  const url = storyUrl(a);
  if (url) blocks.push({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open story', emoji: false }, url, action_id: 'open_story' }] });
  const text = truncatePlain(`${lead} — ${s.title || `story ${s.id}`}`.replace(/\s+/g, ' '), FORMAT_LIMITS.fallbackText);
  return { text, blocks };
};
