import { z } from 'zod';
import { channelName, channelSettingsShape, envName, isLoopbackHost } from '../channel.config.js';

const address = z.string().trim().min(3).max(320).regex(/^[^\r\n]*@[^\r\n]*$/, { error: 'must be an e-mail address (no line breaks)' });

/**
 * One entry of `notify.email[]`: the channel `email:<name>`, sent through SMTP (nodemailer) with a
 * plain-text and an HTML body. TLS is required (implicit with `secure: true`, else STARTTLS), except
 * to a loopback SMTP server with `allowInsecureLoopback: true`.
 */
export const emailConfigSchema = z
  .object({
    name: channelName,
    from: address,
    to: z.array(address).min(1),
    /** Prefix of every subject line. */
    subjectPrefix: z.string().max(60).default('[Signal Harvester]'),
    smtp: z
      .object({
        host: z.string().trim().min(1),
        port: z.number().int().min(1).max(65535).default(587),
        /** true: implicit TLS (port 465); false: STARTTLS, required unless allowInsecureLoopback. */
        secure: z.boolean().default(false),
        user: z.string().optional(),
        password: z.string().optional(),
        passwordEnv: envName.optional(),
        allowInsecureLoopback: z.boolean().default(false),
      })
      .strict(),
    ...channelSettingsShape,
  })
  .strict()
  .superRefine((e, ctx) => {
    if (e.smtp.password !== undefined && e.smtp.passwordEnv !== undefined) {
      ctx.addIssue({ code: 'custom', message: 'set at most one of password or passwordEnv', path: ['smtp', 'password'] });
    }
    if (e.smtp.allowInsecureLoopback && !isLoopbackHost(e.smtp.host)) {
      ctx.addIssue({ code: 'custom', message: 'allowInsecureLoopback applies only to a loopback SMTP host', path: ['smtp', 'allowInsecureLoopback'] });
    }
  });

export type EmailConfig = z.infer<typeof emailConfigSchema>;
