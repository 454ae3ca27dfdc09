/** A message in Slack's incoming-webhook shape: Block Kit blocks plus the plain-text fallback. */
export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

/** What a Slack message shows of one signal; `slack.notifier.ts` builds it from a SignalRow. */
export interface NotifiableItem {
  itemId: number;
  source: string;
  url: string | null;
  authorHandle: string | null;
  authorName: string | null;
  title: string | null;
  text: string;
  /** ISO-8601 UTC. */
  createdAt: string;
  category: string;
  sentiment: string;
  /** Integer 0–5. */
  urgency: number;
  /** 0–100. */
  salience: number;
  reasoning: string;
  tags: string[];
  metrics: { likes: number; reposts: number; replies: number; quotes: number; views: number };
}

/** Limits Slack enforces on Block Kit messages (a message breaking one is rejected with `invalid_blocks`). */
export const SLACK_LIMITS = {
  blocksPerMessage: 50,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  contextElements: 10,
  buttonText: 75,
  buttonUrl: 3000,
} as const;

/** Limits we choose, all within Slack's. */
export const FORMAT_LIMITS = {
  /** Plain-text fallback: one line, shown in notifications. */
  fallbackText: 300,
  /** Each context element (author, reasoning, …). */
  contextText: 1000,
  titleText: 200,
  /** Items listed one per line in a digest. */
  digestItems: 10,
  digestLineText: 200,
  /** A digest line's link is dropped when longer, so the line stays within a section's text. */
  digestLineUrl: 2000,
  /** Categories listed in a digest's counts line. */
  digestCategories: 20,
  /** Category labels and handles in a digest line. */
  labelText: 60,
} as const;

export interface PlainTextObject {
  type: 'plain_text';
  text: string;
  emoji: boolean;
}
export interface MrkdwnTextObject {
  type: 'mrkdwn';
  text: string;
}
export interface ButtonElement {
  type: 'button';
  text: PlainTextObject;
  url: string;
  action_id: string;
}
/** The Block Kit blocks this module produces. */
export type SlackBlock =
  | { type: 'header'; text: PlainTextObject }
  | { type: 'section'; text: MrkdwnTextObject }
  | { type: 'section'; fields: MrkdwnTextObject[] }
  | { type: 'context'; elements: MrkdwnTextObject[] }
  | { type: 'divider' }
  | { type: 'actions'; elements: ButtonElement[] };

const CATEGORY_EMOJI: Record<string, string> = {
  outage: '🔥',
  security: '🔒',
  bug: '🐛',
  feature_request: '💡',
  churn_risk: '🚪',
  competitor: '🥊',
  question: '❓',
  complaint: '😤',
  praise: '🎉',
  research: '🔬',
  other: '📌',
};
const SENTIMENT_EMOJI: Record<string, string> = { positive: '🙂', neutral: '😐', negative: '🙁' };
const ELLIPSIS = '…';

export const categoryEmoji = (category: string): string => CATEGORY_EMOJI[category] ?? '📌';
const categoryLabel = (category: string): string => category.replace(/_/g, ' ');

/** Escapes the three characters Slack mrkdwn treats as control sequences. */
export const escapeMrkdwn = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Escapes `raw` for mrkdwn and cuts it to at most `max` characters (UTF-16 units, which Slack's
 * count never exceeds) without splitting an entity or a surrogate pair; appends '…' when cut.
 */
export const escapeAndTruncate = (raw: string, max: number): string => {
  const full = escapeMrkdwn(raw);
  if (full.length <= max) return full;
  const budget = max - ELLIPSIS.length;
  let out = '';
  for (const ch of raw) {
    const piece = escapeMrkdwn(ch);
    if (out.length + piece.length > budget) break;
    out += piece;
  }
  return out.trimEnd() + ELLIPSIS;
};

/** Cuts plain text (no escaping) to `max` characters on a code-point boundary. */
export const truncatePlain = (raw: string, max: number): string => {
  if (raw.length <= max) return raw;
  let out = '';
  for (const ch of raw) {
    if (out.length + ch.length > max - ELLIPSIS.length) break;
    out += ch;
  }
  return out.trimEnd() + ELLIPSIS;
};

/** A category's label, escaped for mrkdwn. */
const label = (category: string): string => escapeAndTruncate(categoryLabel(category), FORMAT_LIMITS.labelText);

const oneLine = (s: string): string => s.replace(/\s+/g, ' ').trim();

/** An http(s) URL short enough for a button, or null (no `javascript:` and friends). */
const safeUrl = (url: string | null | undefined, maxLength: number = SLACK_LIMITS.buttonUrl): string | null => {
  if (url === null || url === undefined || url.length > maxLength) return null;
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
    const s = u.toString();
    return s.length <= maxLength ? s : null;
  } catch {
    return null;
  }
};

/** `<url|label>` with the URL made safe inside mrkdwn's angle brackets; `label` is already escaped. */
const mrkdwnLink = (url: string, label: string): string =>
  `<${url.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C')}|${label}>`;

const score = (n: number): string => (Number.isFinite(n) ? String(Math.round(n)) : '?');

/** 1234 → 1.2k, 2_500_000 → 2.5M. */
export const compactNumber = (n: number): string => {
  if (!Number.isFinite(n)) return '0';
  const abs = Math.abs(n);
  const fmt = (v: number, unit: string): string => `${v.toFixed(1).replace(/\.0$/, '')}${unit}`;
  if (abs >= 1e9) return fmt(n / 1e9, 'B');
  if (abs >= 1e6) return fmt(n / 1e6, 'M');
  if (abs >= 1e3) return fmt(n / 1e3, 'k');
  return String(Math.round(n));
};

/** Slack renders `<!date^…>` in the reader's time zone; the fallback is UTC. */
const slackDate = (iso: string): string => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return escapeAndTruncate(iso, 40);
  const utc = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${utc}>`;
};

const plain = (text: string): PlainTextObject => ({ type: 'plain_text', text, emoji: true });
const mrkdwn = (text: string): MrkdwnTextObject => ({ type: 'mrkdwn', text });
const header = (text: string): SlackBlock => ({ type: 'header', text: plain(truncatePlain(text, SLACK_LIMITS.headerText)) });
const section = (text: string): SlackBlock => ({ type: 'section', text: mrkdwn(text) });
const context = (texts: string[]): SlackBlock => ({
  type: 'context',
  elements: texts.slice(0, SLACK_LIMITS.contextElements).map(mrkdwn),
});

const authorRaw = (item: NotifiableItem): string => {
  if (item.authorHandle && item.authorName) return `${item.authorName} (@${item.authorHandle})`;
  if (item.authorHandle) return `@${item.authorHandle}`;
  return item.authorName ?? 'unknown author';
};

const engagement = (m: NotifiableItem['metrics']): string =>
  `❤️ ${compactNumber(m.likes)} · 🔁 ${compactNumber(m.reposts)} · 💬 ${compactNumber(m.replies)} · ❝ ${compactNumber(m.quotes)} · 👁 ${compactNumber(m.views)}`;

const bodyText = (item: NotifiableItem): string => {
  const title = item.title ? `*${escapeAndTruncate(oneLine(item.title), FORMAT_LIMITS.titleText)}*\n` : '';
  const rest = SLACK_LIMITS.sectionText - title.length;
  const text = item.text.trim() === '' ? (title ? '' : '_(no text)_') : escapeAndTruncate(item.text.trim(), rest);
  return (title + text).trimEnd();
};

const fieldsBlock = (item: NotifiableItem): SlackBlock => ({
  type: 'section',
  fields: [
    mrkdwn(`*Salience*\n${score(item.salience)}`),
    mrkdwn(`*Category*\n${categoryEmoji(item.category)} ${label(item.category)}`),
    mrkdwn(`*Sentiment*\n${SENTIMENT_EMOJI[item.sentiment] ?? ''} ${escapeAndTruncate(item.sentiment, 100)}`.trim()),
    mrkdwn(`*Urgency*\n${score(item.urgency)}/5`),
  ],
});

const whyText = (item: NotifiableItem): string | null => {
  const tags = item.tags.map((t) => `#${t}`).join(' ');
  const raw = [item.reasoning.trim(), tags].filter((s) => s !== '').join(' · ');
  return raw === '' ? null : `*Why:* ${escapeAndTruncate(raw, FORMAT_LIMITS.contextText - 8)}`;
};

const itemFallback = (item: NotifiableItem): string => {
  const head = `${categoryEmoji(item.category)} [${score(item.salience)}] ${categoryLabel(item.category)} · ${item.sentiment} · urgency ${score(item.urgency)}/5`;
  return escapeAndTruncate(oneLine(`${head} — ${authorRaw(item)}: ${item.title ?? item.text}`), FORMAT_LIMITS.fallbackText);
};

/** One item as a Block Kit message: header, text, verdict fields, why, meta, link button. */
export const formatItemMessage = (item: NotifiableItem): SlackMessage => {
  const blocks: SlackBlock[] = [
    header(`${categoryEmoji(item.category)} ${categoryLabel(item.category)} · salience ${score(item.salience)}`),
    section(bodyText(item)),
    fieldsBlock(item),
  ];
  const why = whyText(item);
  if (why !== null) blocks.push(context([why]));
  const max = FORMAT_LIMITS.contextText;
  blocks.push(
    context([
      escapeAndTruncate(authorRaw(item), max),
      escapeAndTruncate(item.source, max),
      slackDate(item.createdAt),
      engagement(item.metrics),
    ]),
  );
  const url = safeUrl(item.url);
  if (url !== null) {
    blocks.push({ type: 'actions', elements: [{ type: 'button', text: plain('Open'), url, action_id: 'open_item' }] });
  }
  return { text: itemFallback(item), blocks };
};

/** Per-category counts, most frequent first, ties in first-seen order. */
export const countByCategory = (items: readonly NotifiableItem[]): Array<[string, number]> => {
  const counts = new Map<string, number>();
  for (const it of items) counts.set(it.category, (counts.get(it.category) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]);
};

const digestLine = (item: NotifiableItem): string => {
  const who = item.authorHandle ? ` · @${escapeAndTruncate(item.authorHandle, FORMAT_LIMITS.labelText)}` : '';
  const text = escapeAndTruncate(oneLine(item.title ?? item.text), FORMAT_LIMITS.digestLineText);
  const url = safeUrl(item.url, FORMAT_LIMITS.digestLineUrl);
  const link = url === null ? '' : ` ${mrkdwnLink(url, 'Open')}`;
  return `*${score(item.salience)}* ${categoryEmoji(item.category)} ${label(item.category)}${who} — ${text}${link}`;
};

const digestFooter = (more: number, dashboardUrl: string | undefined): string | null => {
  const parts: string[] = [];
  if (more > 0) parts.push(`…and ${more} more`);
  const url = safeUrl(dashboardUrl, FORMAT_LIMITS.digestLineUrl);
  if (url !== null) parts.push(mrkdwnLink(url, 'Open the dashboard'));
  return parts.length === 0 ? null : parts.join(' · ');
};

/**
 * One message for many items: a header with the total, counts per category, then the top
 * `FORMAT_LIMITS.digestItems` items by salience, one line each. `total` is the number of items
 * that qualified (it may exceed `items.length`); counts are over `items`.
 */
export const formatDigestMessage = (
  items: readonly NotifiableItem[],
  opts: { total: number; threshold: number; dashboardUrl?: string },
): SlackMessage => {
  const total = Math.max(opts.total, items.length);
  const counts = countByCategory(items);
  const shown = [...items].sort((a, b) => b.salience - a.salience || a.itemId - b.itemId).slice(0, FORMAT_LIMITS.digestItems);
  const threshold = Number.isInteger(opts.threshold) ? String(opts.threshold) : opts.threshold.toFixed(1);
  const title = `${total} ${total === 1 ? 'item' : 'items'} at salience ≥ ${threshold}`;
  const countsText = counts
    .slice(0, FORMAT_LIMITS.digestCategories)
    .map(([c, n]) => `${categoryEmoji(c)} ${label(c)}: *${n}*`)
    .join(' · ');
  const blocks: SlackBlock[] = [
    header(`📬 ${title}`),
    section(countsText === '' ? '_(no items)_' : countsText),
    { type: 'divider' },
    ...shown.map((it) => section(digestLine(it))),
  ];
  const footer = digestFooter(total - shown.length, opts.dashboardUrl);
  if (footer !== null) blocks.push(context([footer]));
  const summary = counts.map(([c, n]) => `${n} ${categoryLabel(c)}`).join(', ');
  const text = escapeAndTruncate(`📬 ${title}${summary === '' ? '' : ` — ${summary}`}`, FORMAT_LIMITS.fallbackText);
  return { text, blocks };
};
