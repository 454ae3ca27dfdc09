import { z } from 'zod';
import { checkOutboundUrl } from '../channel.config.js';
import { incomingWebhookSchema } from '../incoming-webhook.js';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/**
 * SPEC 2.4: the Slack slice of the config. Notification is enabled only when `webhookUrl` is set.
 * `webhookUrl` is a secret (its path is the token): never log it, never put it in an error.
 */
export const slackConfigSchema = z
  .object({
    webhookUrl: z.string().trim().min(1).optional(),
    /** Issue 19: plain http to a loopback address (a local fake) is refused unless this is true. */
    allowInsecureLoopback: z.boolean().default(false),
    /** Label of the destination; part of the outbox's exactly-once key (item, channel). */
    channel: z.string().trim().min(1).default('default'),
    /**
     * Items with salience ≥ threshold are sent. 72.559 = squashScore(80, 100, 0.5): the items a
     * score of 80 sent when salience was a hard clamp (ADR 0021).
     */
    threshold: z.number().finite().min(0).max(100).default(72.559),
    /** At most this many items per run. */
    limit: z.number().int().min(1).default(10),
    /** When set, only items created within the last H hours are sent. */
    hours: z.number().finite().positive().optional(),
    /** K: when more than K items qualify in one run, one digest replaces the single messages. */
    digestThreshold: z.number().int().min(1).default(5),
    /** Per-request timeout. */
    timeoutMs: z.number().int().positive().default(8_000),
    /** Total attempts per message (first try included) before the outbox keeps it for a later run. */
    maxAttempts: z.number().int().min(1).max(10).default(4),
    /** A Retry-After longer than this ends the run's attempts at once (retryable, later). */
    maxRetryAfterSeconds: z.number().finite().min(0).default(120),
    /** Base URL of the dashboard, used for links in digests. */
    dashboardUrl: httpUrl.optional(),
    /**
     * More Slack incoming webhooks, each the channel `slack:<name>` (e.g. `slack:security`,
     * `slack:oncall`) with its own settings; the routing rules pick which alerts each gets.
     */
    webhooks: z.array(incomingWebhookSchema).default([]),
  })
  .strict()
  .superRefine((s, ctx) => checkOutboundUrl(s.webhookUrl, s.allowInsecureLoopback, ctx, ['webhookUrl']));

export type SlackConfig = z.infer<typeof slackConfigSchema>;

/** Why nothing is sent to Slack when `webhookUrl` is unset (the notify stage's skip reason). */
export const SLACK_NOT_CONFIGURED = 'Slack is not configured (set SLACK_WEBHOOK_URL or notify.slack.webhookUrl)';
