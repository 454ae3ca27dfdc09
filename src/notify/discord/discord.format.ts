import { alertText } from '../alert-view.js';
import type { NotifyAlert } from '../notifier.port.js';
import { truncatePlain } from '../slack/format.js';

/** Limits Discord enforces on a webhook message's embed (a message breaking one is rejected with 400). */
export const DISCORD_LIMITS = { content: 2000, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, embedTotal: 6000 } as const;

export interface DiscordEmbed {
  title: string;
  description: string;
  url?: string;
  color: number;
  fields: Array<{ name: string; value: string; inline: boolean }>;
  footer?: { text: string };
}

/** Discord's execute-webhook body: one embed; `allowed_mentions` off so no text can ping @everyone. */
export interface DiscordMessage {
  content: string;
  embeds: DiscordEmbed[];
  allowed_mentions: { parse: never[] };
}

const COLORS: Record<string, number> = { outage: 0xe03e2d, security: 0x8e44ad, bug: 0xe67e22, churn_risk: 0xc0392b, praise: 0x27ae60 };

/** Discord's markdown would render `*`, `_`, `~`, `` ` ``, `|`, `>` and `[..](..)` from a post's text: escape them. */
export const escapeDiscord = (s: string): string => s.replace(/([\\*_~`|>[\]()#-])/g, '\\$1');

const leadCategory = (alert: NotifyAlert): string => {
  if (alert.kind === 'single') return alert.item.category;
  if (alert.kind === 'spike') return alert.spike.topItems[0]?.category ?? 'other';
  if (alert.kind === 'digest') return alert.items[0]?.category ?? 'other';
  return 'other';
};

/** A channel-neutral alert as a Discord webhook message (pure). */
export const renderDiscordAlert = (alert: NotifyAlert): DiscordMessage => {
  const t = alertText(alert);
  const first = leadCategory(alert);
  const description =
    alert.kind === 'single'
      ? escapeDiscord(t.body)
      : [escapeDiscord(t.body), ...t.items.map((i) => (i.url ? `• [${escapeDiscord(i.line)}](${i.url})` : `• ${escapeDiscord(i.line)}`))].join('\n');
  const embed: DiscordEmbed = {
    title: truncatePlain(t.title, DISCORD_LIMITS.title),
    description: truncatePlain(description, 3500),
    color: COLORS[first] ?? 0x5865f2,
    fields: t.facts.slice(0, DISCORD_LIMITS.fields).map((f) => ({ name: truncatePlain(f.name, 100), value: truncatePlain(escapeDiscord(f.value), 200), inline: true })),
  };
  if (t.url !== null) embed.url = t.url;
  if (t.footer !== null) embed.footer = { text: truncatePlain(t.footer, 500) };
  if (t.dashboard) embed.description = `${embed.description}\n[Open in dashboard](${t.dashboard})`;
  return { content: truncatePlain(t.title, 200), embeds: [embed], allowed_mentions: { parse: [] } };
};
