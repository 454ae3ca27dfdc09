import { createIncomingWebhookNotifier, type IncomingWebhookConfig, type IncomingWebhookDeps } from '../incoming-webhook.js';
import type { Notifier } from '../notifier.port.js';
import { renderDiscordAlert } from './discord.format.js';

/** The channel `discord:<name>`: an embed posted to a Discord incoming webhook. */
export const createDiscordNotifier = (cfg: IncomingWebhookConfig, deps: IncomingWebhookDeps): Notifier =>
  createIncomingWebhookNotifier('discord', 'Discord', cfg, renderDiscordAlert, deps);
