import { createIncomingWebhookNotifier, type IncomingWebhookDeps } from '../incoming-webhook.js';
import type { SignalRow } from '../../store/store.port.js';
import type { Notifier, NotifyAlert, NotifySettings } from '../notifier.port.js';
import { formatDigestMessage, formatItemMessage, SLACK_LIMITS, type NotifiableItem, type SlackMessage } from './format.js';
import { signalLink } from '../dashboard-link.js';
import type { SlackConfig } from './slack.config.js';
import { formatStoryMessage } from './story-format.js';
import { formatDiscoveryMessage } from './discovery.format.js';
import { formatSpikeMessage } from './spike.format.js';
import { createSlackWebhook, type SlackWebhookConfig, type SlackWebhookDeps } from './slack.webhook.js';

export interface SlackNotifierConfig extends SlackWebhookConfig {
  settings: NotifySettings;
}

/** What a Slack message shows of a signal row. */
export const toNotifiable = (s: SignalRow): NotifiableItem => ({
  itemId: s.id,
  source: s.source,
  url: s.url,
  authorHandle: s.authorHandle,
  authorName: s.authorName,
  title: s.title,
  text: s.text,
  createdAt: s.createdAt,
  category: s.category,
  sentiment: s.sentiment,
  urgency: s.urgency,
  salience: s.salience,
  reasoning: s.reasoning,
  tags: s.tags,
  metrics: s.metrics,
});

/** A channel-neutral alert as one Block Kit message (pure). */
export const renderSlackAlert = (alert: NotifyAlert): SlackMessage => {
  if (alert.kind === 'spike') return formatSpikeMessage(alert.spike);
  if (alert.kind === 'story') return formatStoryMessage(alert.story);
  if (alert.kind === 'discovery') return formatDiscoveryMessage(alert.discovery);
  if (alert.kind === 'digest') return formatDigestMessage(alert.items.map(toNotifiable), { total: alert.total, threshold: alert.threshold, dashboardUrl: alert.dashboardUrl });
  const message = formatItemMessage(toNotifiable(alert.item));
  const open = signalLink(alert.dashboardUrl, alert.item.id);
  // Issue 18: the signal's dashboard page, where its label buttons are.
  if (open === null || open.length > SLACK_LIMITS.buttonUrl) return message;
  return { ...message, blocks: [...message.blocks, { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in dashboard', emoji: false }, url: open, action_id: 'open_dashboard' }] }] };
};

/** The Slack channel: renders each alert as Block Kit and posts it to the incoming webhook. */
export const createSlackNotifier = (cfg: SlackNotifierConfig, deps: SlackWebhookDeps): Notifier => {
  const webhook = createSlackWebhook(cfg, deps);
  return {
    channel: cfg.channel,
    settings: cfg.settings,
    send: (alert, signal) => webhook.send(renderSlackAlert(alert), signal),
  };
};

/** The Slack notifier the config asks for, or null when no webhook URL is set. */
export const slackNotifierFromConfig = (slack: SlackConfig, deps: SlackWebhookDeps): Notifier | null => {
  if (!slack.webhookUrl) return null;
  const { webhookUrl, channel, timeoutMs, maxAttempts, maxRetryAfterSeconds, allowInsecureLoopback } = slack;
  const { threshold, limit, hours, digestThreshold, dashboardUrl } = slack;
  return createSlackNotifier(
    { webhookUrl, channel, timeoutMs, maxAttempts, maxRetryAfterSeconds, allowInsecureLoopback, settings: { threshold, limit, hours, digestThreshold, dashboardUrl } },
    deps,
  );
};

/** `notify.slack.webhooks[]`: one `slack:<name>` channel each, through the guarded HTTP channel. */
export const slackWebhookNotifiers = (slack: SlackConfig, deps: IncomingWebhookDeps): Notifier[] =>
  slack.webhooks.map((w) => createIncomingWebhookNotifier('slack', 'Slack', w, renderSlackAlert, deps));
