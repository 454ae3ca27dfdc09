import type { AlertText } from './alert-view.js';
import { signalLink } from './dashboard-link.js';
import type { DiscoveryAlert } from './notifier.port.js';
import { truncatePlain } from './slack/format.js';

const PARTS = ['novelty', 'emergence', 'echo', 'obscurity', 'recency'] as const;

/** "novelty 18 · emergence 70 · echo 0 · obscurity 68 · recency 84": the breakdown on one line. */
export const discoveryBreakdownLine = (a: DiscoveryAlert): string => PARTS.map((p) => `${p} ${Math.round(a.discovery.breakdown[p])}`).join(' · ');

/** A webhook event's `data` for a discovery alert (`discovery.alert`). */
export const discoveryData = (a: DiscoveryAlert): Record<string, unknown> => ({
  minScore: a.minScore,
  discovery: a.discovery,
  url: signalLink(a.dashboardUrl, a.discovery.itemId),
});

/** A discovery alert as the channel-neutral text the Discord, Teams and e-mail formats render (pure). */
export const discoveryText = (a: DiscoveryAlert): AlertText => {
  const d = a.discovery;
  return {
    type: 'discovery.alert',
    title: truncatePlain(`🔭 Discovery ${Math.round(d.score)}${d.topic ? ` in ${d.topic}` : ''} · ${d.title.replace(/\s+/g, ' ')}`, 250),
    body: discoveryBreakdownLine(a),
    facts: [
      { name: 'Score', value: d.score.toFixed(1) },
      { name: 'Topic', value: d.topic ?? '—' },
      { name: 'Source', value: d.source },
      ...PARTS.map((p) => ({ name: p[0]?.toUpperCase() + p.slice(1), value: String(Math.round(d.breakdown[p])) })),
    ],
    items: [],
    url: d.url,
    urlLabel: 'Open paper',
    footer: `discovery score ≥ ${a.minScore} · item ${d.itemId} · created ${d.createdAt}`,
  };
};
