import { createIncomingWebhookNotifier, type IncomingWebhookConfig, type IncomingWebhookDeps } from '../incoming-webhook.js';
import type { Notifier } from '../notifier.port.js';
import { renderTeamsAlert } from './teams.format.js';

/** The channel `teams:<name>`: an Adaptive Card posted to a Teams Workflows webhook URL. */
export const createTeamsNotifier = (cfg: IncomingWebhookConfig, deps: IncomingWebhookDeps): Notifier =>
  createIncomingWebhookNotifier('teams', 'Teams', cfg, renderTeamsAlert, deps);
