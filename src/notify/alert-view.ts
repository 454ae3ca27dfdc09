import type { SignalRow } from '../store/store.port.js';
import { alertEventType, type AlertEventType, type NotifyAlert } from './notifier.port.js';
import { spikeSentence } from '../spikes/explain.js';
import { categoryEmoji, truncatePlain } from './slack/format.js';
import { storyData, storyText } from './story-view.js';
import { signalLink } from './dashboard-link.js';
import { discoveryData, discoveryText } from './discovery-view.js';

/** One signal as channels other than Slack show it and as a webhook's `data` carries it. */
export interface SignalView {
  id: number;
  source: string;
  externalId: string;
  url: string | null;
  title: string | null;
  text: string;
  author: string | null;
  createdAt: string;
  category: string;
  sentiment: string;
  urgency: number;
  salience: number;
  reasoning: string;
  tags: string[];
}

/** The item's link when it is http(s) (no `javascript:` and friends), else null. */
export const safeHttpUrl = (url: string | null | undefined): string | null => {
  if (url === null || url === undefined || url.length > 2000) return null;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : null;
  } catch {
    return null;
  }
};

export const signalView = (s: SignalRow): SignalView => ({
  id: s.id,
  source: s.source,
  externalId: s.externalId,
  url: safeHttpUrl(s.url),
  title: s.title,
  text: s.text,
  author: s.authorHandle ?? s.authorName,
  createdAt: s.createdAt,
  category: s.category,
  sentiment: s.sentiment,
  urgency: s.urgency,
  salience: Math.round(s.salience * 10) / 10,
  reasoning: s.reasoning,
  tags: s.tags,
});

/** A webhook event's `data` for an alert: the signal, or the digest's items and counts. */
export const alertData = (alert: NotifyAlert): Record<string, unknown> => {
  if (alert.kind === 'story') return storyData(alert.story);
  if (alert.kind === 'discovery') return discoveryData(alert.discovery);
  if (alert.kind === 'digest') return { total: alert.total, threshold: alert.threshold, dashboardUrl: alert.dashboardUrl ?? null, items: alert.items.map(signalView) };
  if (alert.kind === 'spike') {
    const a = alert.spike;
    return {
      spike: { id: a.spike.id, series: a.spike.key, kind: a.spike.kind, startedAt: a.spike.startedAt, score: a.spike.score, p: a.spike.p },
      label: a.label,
      explanation: spikeSentence(a),
      hourCount: a.hourCount,
      usualPerHour: a.usualPerHour,
      spreadPerHour: a.spreadPerHour,
      dashboardUrl: a.dashboardUrl ?? null,
      items: a.topItems.map(signalView),
    };
  }
  return { threshold: alert.threshold, signal: signalView(alert.item), url: signalLink(alert.dashboardUrl, alert.item.id) };
};

/** Channel-neutral text of an alert: a title, one line per item, and links (plain text, unescaped). */
export interface AlertText {
  type: AlertEventType;
  title: string;
  /** Single: the item's text; digest: one summary line. */
  body: string;
  facts: Array<{ name: string; value: string }>;
  items: Array<{ line: string; url: string | null }>;
  url: string | null;
  /** What a button or link to `url` says ("Open post", "Open story", …). */
  urlLabel: string;
  /** A single signal's dashboard page (issue 18: where its label buttons are), when `dashboardUrl` is set. */
  dashboard?: string | null;
  footer: string | null;
}

const label = (category: string): string => category.replace(/_/g, ' ');
const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** The headline of one signal: its title or the start of its text. */
export const headline = (s: SignalView, max = 120): string => truncatePlain(oneLine(s.title ?? s.text), max);

/** What every non-Slack channel renders from (pure). `DIGEST_LINES` items are listed. */
export const alertText = (alert: NotifyAlert, digestLines = 10): AlertText => {
  if (alert.kind === 'story') return storyText(alert.story);
  if (alert.kind === 'discovery') return discoveryText(alert.discovery);
  if (alert.kind === 'single') {
    const s = signalView(alert.item);
    return {
      type: alertEventType(alert),
      title: truncatePlain(`${categoryEmoji(s.category)} ${label(s.category)} · ${headline(s, 200)}`, 250),
      body: truncatePlain(s.text, 1500),
      facts: [
        { name: 'Source', value: s.source },
        { name: 'Author', value: s.author ?? '—' },
        { name: 'Salience', value: String(Math.round(s.salience)) },
        { name: 'Urgency', value: `${s.urgency}/5` },
        { name: 'Sentiment', value: s.sentiment },
        ...(s.tags.length > 0 ? [{ name: 'Tags', value: truncatePlain(s.tags.join(', '), 200) }] : []),
      ],
      items: [],
      url: s.url,
      urlLabel: 'Open post',
      dashboard: signalLink(alert.dashboardUrl, s.id),
      footer: s.reasoning === '' ? null : truncatePlain(oneLine(s.reasoning), 300),
    };
  }
  if (alert.kind === 'spike') {
    const a = alert.spike;
    return {
      type: 'spike.alert',
      title: truncatePlain(`📈 Spike: ${a.label}`, 250),
      body: truncatePlain(spikeSentence(a), 1500),
      facts: [
        { name: 'Series', value: a.spike.key },
        { name: 'Started', value: a.spike.startedAt },
        { name: 'Score', value: a.spike.score.toFixed(2) },
      ],
      items: a.topItems.slice(0, digestLines).map(signalView).map((v) => ({ line: `${categoryEmoji(v.category)} ${Math.round(v.salience)} · ${headline(v)} (${v.source})`, url: v.url })),
      url: safeHttpUrl(a.dashboardUrl),
      urlLabel: 'Open dashboard',
      footer: null,
    };
  }
  const views = alert.items.map(signalView);
  const counts = new Map<string, number>();
  for (const v of views) counts.set(v.category, (counts.get(v.category) ?? 0) + 1);
  const summary = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${n} ${label(c)}`).join(', ');
  const shown = views.slice(0, digestLines);
  const rest = alert.total - shown.length;
  return {
    type: 'digest',
    title: `📬 ${alert.total} signals above ${Math.round(alert.threshold)}`,
    body: summary,
    facts: [],
    items: shown.map((v) => ({ line: `${categoryEmoji(v.category)} ${Math.round(v.salience)} · ${headline(v)} (${v.source})`, url: v.url })),
    url: safeHttpUrl(alert.dashboardUrl),
    urlLabel: 'Open dashboard',
    footer: rest > 0 ? `… and ${rest} more` : null,
  };
};
