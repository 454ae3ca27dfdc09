import { randomUUID } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { systemClock, type Clock } from '../../platform/clock.js';
import { configError } from '../../domain/errors.js';
import { alertData } from '../alert-view.js';
import { resolveSecret, settingsOf } from '../channel.config.js';
import { createHttpChannel, type HttpChannelDeps } from '../http-channel.js';
import { alertEventType, type NotifyAlert, type Notifier } from '../notifier.port.js';
import type { WebhookConfig } from './webhook.config.js';

/** The Standard Webhooks body: `{type, timestamp, data}`. */
export interface WebhookEvent {
  type: string;
  /** ISO-8601 UTC: when the event was produced. */
  timestamp: string;
  data: Record<string, unknown>;
}

export const webhookEvent = (alert: NotifyAlert, now: Date): WebhookEvent => ({
  type: alertEventType(alert),
  timestamp: now.toISOString(),
  data: alertData(alert),
});

/**
 * The three Standard Webhooks headers for `body`: `webhook-signature` holds one `v1,<base64>` per
 * secret (space-separated), the current secret's first.
 */
export const signatureHeaders = (signers: readonly Webhook[], msgId: string, at: Date, body: string): Record<string, string> => {
  const seconds = new Date(Math.floor(at.getTime() / 1000) * 1000);
  return {
    'webhook-id': msgId,
    'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
    'webhook-signature': signers.map((s) => s.sign(msgId, seconds, body)).join(' '),
  };
};

export interface WebhookNotifierDeps extends HttpChannelDeps {
  env?: NodeJS.ProcessEnv;
  /**
   * The wall clock that stamps `webhook-timestamp` and the body's `timestamp`. Default the system
   * clock, never the app's (HARVEST_NOW would stamp every message stale, and receivers refuse
   * timestamps older than 5 minutes).
   */
  signingClock?: Clock;
}

/**
 * The channel `webhook:<name>`. The message id (`webhook-id`) is the outbox batch id, stable
 * across retries and redeliveries, so a receiver can drop a duplicate by it.
 */
export const createWebhookNotifier = (cfg: WebhookConfig, deps: WebhookNotifierDeps): Notifier => {
  const channel = `webhook:${cfg.name}`;
  const env = deps.env ?? process.env;
  const secret = resolveSecret(cfg.secret, cfg.secretEnv, env, `notify.webhooks "${cfg.name}" secret`);
  const previous = resolveSecret(cfg.previousSecret, cfg.previousSecretEnv, env, `notify.webhooks "${cfg.name}" previousSecret`);
  if (secret === undefined) throw configError(`notify.webhooks "${cfg.name}": set secret or secretEnv`);
  const signers = [secret, ...(previous === undefined ? [] : [previous])].map((s) => {
    try {
      return new Webhook(s);
    } catch {
      throw configError(`notify.webhooks "${cfg.name}": a secret is not a valid whsec_ base64 secret`);
    }
  });
  const http = createHttpChannel(
    { channel, what: `webhook ${cfg.name}`, url: cfg.url, urlIsSecret: false, allowInsecureLoopback: cfg.allowInsecureLoopback, maxAttempts: cfg.maxAttempts, maxRetryAfterSeconds: cfg.maxRetryAfterSeconds },
    deps,
  );
  return {
    channel,
    settings: settingsOf(cfg),
    send: (alert, signal, messageId) => {
      const wall = deps.signingClock ?? systemClock;
      const id = messageId ?? `msg_${randomUUID()}`;
      const body = JSON.stringify(webhookEvent(alert, wall.now()));
      return http.post(body, () => signatureHeaders(signers, id, wall.now(), body), signal);
    },
  };
};
