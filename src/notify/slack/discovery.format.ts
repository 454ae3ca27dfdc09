import { signalLink } from '../dashboard-link.js';
import { discoveryBreakdownLine } from '../discovery-view.js';
import type { DiscoveryAlert } from '../notifier.port.js';
import { escapeAndTruncate, FORMAT_LIMITS, SLACK_LIMITS, truncatePlain, type ButtonElement, type SlackBlock, type SlackMessage } from './format.js';

const button = (text: string, url: string, actionId: string): ButtonElement => ({ type: 'button', text: { type: 'plain_text', text, emoji: false }, url, action_id: actionId });

/** A discovery alert in Block Kit: the item, its topic and score, the breakdown, links to the paper and the dashboard (pure). */
export const formatDiscoveryMessage = (a: DiscoveryAlert): SlackMessage => {
  const d = a.discovery;
  const head = `🔭 Discovery ${Math.round(d.score)}${d.topic ? ` in ${d.topic}` : ''}`;
  const blocks: SlackBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncatePlain(head, SLACK_LIMITS.headerText), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: `*${escapeAndTruncate(d.title, FORMAT_LIMITS.titleText)}*` } },
    { type: 'section', text: { type: 'mrkdwn', text: escapeAndTruncate(discoveryBreakdownLine(a), 500) } },
    { type: 'context', elements: [{ type: 'mrkdwn', text: escapeAndTruncate(`${d.source} · item ${d.itemId} · created ${d.createdAt} · score ≥ ${a.minScore}`, FORMAT_LIMITS.contextText) }] },
  ];
  const open = signalLink(a.dashboardUrl, d.itemId);
  const elements = [
    ...(d.url !== null && d.url.length <= SLACK_LIMITS.buttonUrl ? [button('Open paper', d.url, 'open_item')] : []),
    ...(open !== null && open.length <= SLACK_LIMITS.buttonUrl ? [button('Open in dashboard', open, 'open_dashboard')] : []),
  ];
  if (elements.length > 0) blocks.push({ type: 'actions', elements });
  return { text: truncatePlain(`${head} — ${d.title}`.replace(/\s+/g, ' '), FORMAT_LIMITS.fallbackText), blocks };
};
