import { z } from 'zod';
import { configError } from '../domain/errors.js';
import { channelName, channelSettingsShape, checkOutboundUrl, envName, resolveSecret, settingsOf } from './channel.config.js';
import { createHttpChannel, type HttpChannelDeps } from './http-channel.js';
import type { Notifier, NotifyAlert } from './notifier.port.js';

/**
 * One incoming webhook of a chat service (Slack, Discord, Teams): its URL is the credential (the
 * path holds a token), given inline as `url` or by the name of a variable as `urlEnv`.
 */
export const incomingWebhookSchema = z
  .object({
    name: channelName,
    url: z.string().optional(),
    urlEnv: envName.optional(),
    /** Plain http is allowed only to a loopback address, and only with this set. */
    allowInsecureLoopback: z.boolean().default(false),
    maxAttempts: z.number().int().min(1).max(10).default(3),
    maxRetryAfterSeconds: z.number().finite().min(0).default(120),
    ...channelSettingsShape,
  })
  .strict()
  .superRefine((w, ctx) => {
    if ((w.url === undefined) === (w.urlEnv === undefined)) ctx.addIssue({ code: 'custom', message: 'set exactly one of url or urlEnv', path: ['url'] });
    checkOutboundUrl(w.url, w.allowInsecureLoopback, ctx, ['url']);
  });

export type IncomingWebhookConfig = z.infer<typeof incomingWebhookSchema>;

export interface IncomingWebhookDeps extends HttpChannelDeps {
  env?: NodeJS.ProcessEnv;
}

/**
 * A notifier posting `render(alert)` as JSON to an incoming webhook: the channel `<kind>:<name>`.
 * A URL read from `urlEnv` is checked by the same rule as one given inline.
 */
export const createIncomingWebhookNotifier = (
  kind: string,
  what: string,
  cfg: IncomingWebhookConfig,
  render: (alert: NotifyAlert) => unknown,
  deps: IncomingWebhookDeps,
): Notifier => {
  const channel = `${kind}:${cfg.name}`;
  const url = resolveSecret(cfg.url, cfg.urlEnv, deps.env ?? process.env, `notify.${kind} "${cfg.name}" url`);
  if (url === undefined) throw configError(`notify.${kind} "${cfg.name}": set url or urlEnv`);
  const http = (() => {
    try {
      return createHttpChannel(
        { channel, what: `${what} ${cfg.name}`, url, urlIsSecret: true, allowInsecureLoopback: cfg.allowInsecureLoopback, maxAttempts: cfg.maxAttempts, maxRetryAfterSeconds: cfg.maxRetryAfterSeconds },
        deps,
      );
    } catch (err) {
      throw configError(`notify.${kind} "${cfg.name}": ${(err as Error).message}`);
    }
  })();
  return {
    channel,
    settings: settingsOf(cfg),
    send: (alert, signal) => http.post(JSON.stringify(render(alert)), () => ({}), signal),
  };
};
