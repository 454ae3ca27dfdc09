import { z } from 'zod';
import { configError } from '../domain/errors.js';
import type { Metrics } from '../observability/metrics.port.js';
import type { Clock, Sleep } from '../platform/clock.js';
import type { HttpClient } from '../platform/http.js';
import type { Notifier } from './notifier.port.js';
import { SLACK_NOT_CONFIGURED, slackConfigSchema } from './slack/slack.config.js';
import { slackNotifierFromConfig, slackWebhookNotifiers } from './slack/slack.notifier.js';
import { createDiscordNotifier } from './discord/discord.notifier.js';
import { emailConfigSchema } from './email/email.config.js';
import { createEmailNotifier } from './email/email.notifier.js';
import { incomingWebhookSchema } from './incoming-webhook.js';
import { createTeamsNotifier } from './teams/teams.notifier.js';
import { createRouter, routeSchema, unknownRouteChannels, type RouteTarget, type Router } from './routing.js';
import { webhookConfigSchema } from './webhook/webhook.config.js';
import { createWebhookNotifier } from './webhook/webhook.notifier.js';

/** The `notify` section of the config: one slice per channel kind (SPEC 2.4). */
export const notifyConfigSchema = z
  .object({
    slack: slackConfigSchema.prefault({}),
    /** Standard Webhooks receivers, each the channel `webhook:<name>`. */
    webhooks: z.array(webhookConfigSchema).default([]),
    /** Discord incoming webhooks, each the channel `discord:<name>`. */
    discord: z.array(incomingWebhookSchema).default([]),
    /** Microsoft Teams Workflows webhook URLs (Adaptive Cards), each the channel `teams:<name>`. */
    teams: z.array(incomingWebhookSchema).default([]),
    /** E-mail through SMTP, each the channel `email:<name>`. */
    email: z.array(emailConfigSchema).default([]),
    /** Ordered routing rules: the first that matches decides the channels (src/notify/routing.ts). */
    routes: z.array(routeSchema).default([]),
    /** Retries across runs (exponential backoff), then the batch is dead-lettered. */
    retry: z
      .object({
        maxAttempts: z.number().int().min(1).max(50).default(5),
        baseSeconds: z.number().finite().min(0).default(60),
        maxSeconds: z.number().finite().min(0).default(21_600),
      })
      .strict()
      .prefault({}),
    /** Channels for alerts no rule matches; unset: every channel. */
    defaultRoute: z.array(z.string().min(1)).optional(),
    /**
     * Discovery alerts (issue 16): research items whose discovery score (0–100, recency as of the
     * run) reaches `minScore`, once per (item, channel), on every channel the routes allow.
     * 40: on the demo corpus the 11 research items score 23–46; 40 alerts the four that are new in a
     * growing topic and recent (docs/bench/discovery.md), not the reposts of a paper days later.
     */
    discovery: z
      .object({
        enabled: z.boolean().default(true),
        minScore: z.number().finite().min(0).max(100).default(40),
        /** Only items created within the last H hours. */
        hours: z.number().finite().positive().default(72),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    for (const message of unknownRouteChannels(cfg.routes, cfg.defaultRoute, new Set(configuredChannels(cfg)))) ctx.addIssue({ code: 'custom', message, path: ['routes'] });
  });

/** The outbox keys the config configures, in build order (without building anything). */
export const configuredChannels = (cfg: Pick<NotifyConfig, 'slack' | 'webhooks' | 'discord' | 'teams' | 'email'>): string[] => [
  ...(cfg.slack.webhookUrl ? [cfg.slack.channel] : []),
  ...cfg.slack.webhooks.map((w) => `slack:${w.name}`),
  ...cfg.webhooks.map((w) => `webhook:${w.name}`),
  ...cfg.discord.map((w) => `discord:${w.name}`),
  ...cfg.teams.map((w) => `teams:${w.name}`),
  ...cfg.email.map((e) => `email:${e.name}`),
];

/** The router of the config's `routes` and `defaultRoute`. */
export const routerFromConfig = (cfg: Pick<NotifyConfig, 'routes' | 'defaultRoute'>): Router => createRouter(cfg.routes, cfg.defaultRoute);

export type NotifyConfig = z.infer<typeof notifyConfigSchema>;

/** What a notifier may use: HTTP with its timeouts, time, and the delivery metrics. */
export interface NotifierDeps {
  http: HttpClient;
  clock: Clock;
  sleep: Sleep;
  metrics?: Metrics;
  /** Where `secretEnv` and friends are read; default process.env. */
  env?: NodeJS.ProcessEnv;
}

/** One kind of notification channel: built from its `notify.<kind>` config slice when configured. */
interface ChannelKind {
  /** Why this kind sends nothing, or (list kinds) the config key that adds one (shown when no channel at all is configured). */
  notConfigured: string;
  build(cfg: NotifyConfig, deps: NotifierDeps): Notifier | readonly Notifier[] | null;
}

const CHANNEL_KINDS: readonly ChannelKind[] = [
  { notConfigured: SLACK_NOT_CONFIGURED, build: (cfg, deps) => slackNotifierFromConfig(cfg.slack, deps) },
  { notConfigured: 'notify.slack.webhooks', build: (cfg, deps) => slackWebhookNotifiers(cfg.slack, deps) },
  { notConfigured: 'notify.webhooks', build: (cfg, deps) => cfg.webhooks.map((w) => createWebhookNotifier(w, deps)) },
  { notConfigured: 'notify.discord', build: (cfg, deps) => cfg.discord.map((w) => createDiscordNotifier(w, deps)) },
  { notConfigured: 'notify.teams', build: (cfg, deps) => cfg.teams.map((w) => createTeamsNotifier(w, deps)) },
  { notConfigured: 'notify.email', build: (cfg, deps) => cfg.email.map((e) => createEmailNotifier(e, deps)) },
];

/** The notify stage's skip reason when `buildNotifiers` returned none. */
export const NO_NOTIFIER_REASON = `${SLACK_NOT_CONFIGURED}, and no other channel is (${CHANNEL_KINDS.slice(1)
  .map((k) => k.notConfigured)
  .join(', ')})`;

/** Two notifiers sharing an outbox key would each see the other's items as already sent. */
export const assertDistinctChannels = (notifiers: readonly Notifier[]): void => {
  const seen = new Set<string>();
  for (const n of notifiers) {
    if (seen.has(n.channel)) {
      throw configError(`two notification channels share the outbox key "${n.channel}": give each a distinct channel label`);
    }
    seen.add(n.channel);
  }
};

/** Every configured notification channel, in a fixed order (called by the composition root). */
export const buildNotifiers = (cfg: NotifyConfig, deps: NotifierDeps): Notifier[] => {
  const router = routerFromConfig(cfg);
  const notifiers = CHANNEL_KINDS.flatMap((k) => k.build(cfg, deps) ?? []).map(
    (n): Notifier => ({
      channel: n.channel,
      settings: { ...n.settings, retry: cfg.retry },
      send: (alert, signal, messageId) => n.send(alert, signal, messageId),
      ...(cfg.routes.length === 0 ? {} : { accepts: (t: RouteTarget) => router.accepts(n.channel, t) }),
    }),
  );
  assertDistinctChannels(notifiers);
  return notifiers;
};
