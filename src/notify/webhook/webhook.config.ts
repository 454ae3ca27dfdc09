import { z } from 'zod';
import { channelName, channelSettingsShape, checkOutboundUrl, envName } from '../channel.config.js';

const whsec = z.string().regex(/^whsec_[A-Za-z0-9+/=]{16,}$/, { error: 'must be a Standard Webhooks secret: "whsec_" followed by base64' });

/**
 * One entry of `notify.webhooks[]`: a Standard Webhooks receiver, the channel `webhook:<name>`.
 * `secret` (or `secretEnv`, the name of the variable holding it) signs every message; during a
 * rotation `previousSecret` (or `previousSecretEnv`) signs it too, so receivers still holding the
 * old secret keep verifying until they switch.
 */
export const webhookConfigSchema = z
  .object({
    name: channelName,
    url: z.string(),
    secret: whsec.optional(),
    secretEnv: envName.optional(),
    previousSecret: whsec.optional(),
    previousSecretEnv: envName.optional(),
    /** Plain http is allowed only to a loopback address, and only with this set. */
    allowInsecureLoopback: z.boolean().default(false),
    /** Attempts within one run, the first included; later runs retry through the outbox. */
    maxAttempts: z.number().int().min(1).max(10).default(3),
    maxRetryAfterSeconds: z.number().finite().min(0).default(120),
    ...channelSettingsShape,
  })
  .strict()
  .superRefine((w, ctx) => {
    checkOutboundUrl(w.url, w.allowInsecureLoopback, ctx, ['url']);
    if ((w.secret === undefined) === (w.secretEnv === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'set exactly one of secret or secretEnv', path: ['secret'] });
    }
    if (w.previousSecret !== undefined && w.previousSecretEnv !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'set at most one of previousSecret or previousSecretEnv', path: ['previousSecret'] });
    }
  });

export type WebhookConfig = z.infer<typeof webhookConfigSchema>;
