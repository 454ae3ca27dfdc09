import { spikeSentence } from '../../spikes/explain.js';
import type { SpikeAlert } from '../notifier.port.js';
import { escapeAndTruncate, FORMAT_LIMITS, truncatePlain, type SlackMessage } from './format.js';

/** A volume spike as one Block Kit message: the sentence, the loudest items, a dashboard link (pure). */
export const formatSpikeMessage = (a: SpikeAlert): SlackMessage => {
  const sentence = spikeSentence(a);
  const items = a.topItems.slice(0, 5).map((s) => {
    const title = escapeAndTruncate(s.title ?? s.text, FORMAT_LIMITS.digestLineText);
    return s.url ? `• <${s.url}|${title}> (${s.source})` : `• ${title} (${s.source})`;
  });
  const blocks: unknown[] = [
    { type: 'header', text: { type: 'plain_text', text: truncatePlain(`📈 Spike: ${a.label}`, 150), emoji: true } },
    { type: 'section', text: { type: 'mrkdwn', text: escapeAndTruncate(sentence, 2900) } },
  ];
  if (items.length > 0) blocks.push({ type: 'section', text: { type: 'mrkdwn', text: `*Top items*\n${items.join('\n')}`.slice(0, 2900) } });
  const link = a.dashboardUrl ? ` · <${a.dashboardUrl.replace(/\/$/, '')}/#/spikes|open the dashboard>` : '';
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `started ${a.spike.startedAt} · score ${a.spike.score.toFixed(2)}${link}` }] });
  return { text: truncatePlain(`Spike — ${sentence}`, FORMAT_LIMITS.fallbackText), blocks };
};
