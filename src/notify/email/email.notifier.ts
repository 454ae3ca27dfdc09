import nodemailer from 'nodemailer';
import type { AppError} from '../../domain/errors.js';
import { timeoutError, upstreamRejected, upstreamUnavailable } from '../../domain/errors.js';
import type { Metrics } from '../../observability/metrics.port.js';
import { CHANNEL_TIMEOUT_MS, isLoopbackHost, resolveSecret, settingsOf } from '../channel.config.js';
import type { Notifier } from '../notifier.port.js';
import type { EmailConfig } from './email.config.js';
import { renderEmailAlert } from './email.format.js';

export interface EmailNotifierDeps {
  metrics?: Metrics;
  env?: NodeJS.ProcessEnv;
}

interface SmtpError {
  code?: string;
  responseCode?: number;
  command?: string;
}

/**
 * SMTP's answer as the outbox reads it: 5xx is permanent, 4xx and a refused connection are retried
 * by a later run; a timeout after the message data went out may have delivered it (`TIMEOUT`,
 * recorded `unknown`). The password never appears: nodemailer's messages do not carry it, and only
 * the code and the reply code are kept.
 */
const toAppError = (err: unknown, what: string): AppError => {
  const e = (err ?? {}) as SmtpError;
  const status = typeof e.responseCode === 'number' ? e.responseCode : undefined;
  const detail = [e.code, status, e.command].filter((x) => x !== undefined).join(' ');
  if (status !== undefined && status >= 500) return upstreamRejected(`${what}: the SMTP server refused the message (${detail})`, { retryable: false, upstreamStatus: status });
  if (e.code === 'ETIMEDOUT' && e.command === 'DATA') {
    return timeoutError(`${what}: the SMTP server did not answer after the message data; it may have been sent, so it is not retried`, { retryable: false });
  }
  if (e.code === 'EAUTH') return upstreamRejected(`${what}: SMTP authentication failed (${detail})`, { retryable: false, upstreamStatus: status });
  return upstreamUnavailable(`${what}: SMTP delivery failed (${detail || 'network error'})`, { retryable: true, upstreamStatus: status });
};

/** The channel `email:<name>`: one message per alert, plain text + HTML, Message-ID from the outbox batch. */
export const createEmailNotifier = (cfg: EmailConfig, deps: EmailNotifierDeps = {}): Notifier => {
  const channel = `email:${cfg.name}`;
  const what = `email ${cfg.name}`;
  const password = resolveSecret(cfg.smtp.password, cfg.smtp.passwordEnv, deps.env ?? process.env, `notify.email "${cfg.name}" smtp password`);
  const insecureOk = cfg.smtp.allowInsecureLoopback && isLoopbackHost(cfg.smtp.host);
  const transport = nodemailer.createTransport({
    host: cfg.smtp.host,
    port: cfg.smtp.port,
    secure: cfg.smtp.secure,
    requireTLS: !cfg.smtp.secure && !insecureOk,
    ignoreTLS: insecureOk && !cfg.smtp.secure,
    auth: cfg.smtp.user === undefined ? undefined : { user: cfg.smtp.user, pass: password ?? '' },
    connectionTimeout: CHANNEL_TIMEOUT_MS,
    greetingTimeout: CHANNEL_TIMEOUT_MS,
    socketTimeout: CHANNEL_TIMEOUT_MS,
    logger: false,
  });
  return {
    channel,
    settings: settingsOf(cfg),
    async send(alert, signal, messageId) {
      if (signal?.aborted) throw upstreamUnavailable(`${what} delivery aborted`, { retryable: true, cause: signal.reason });
      const msg = renderEmailAlert(alert, cfg.subjectPrefix);
      try {
        const info = await transport.sendMail({
          from: cfg.from,
          to: cfg.to,
          subject: msg.subject,
          text: msg.text,
          html: msg.html,
          messageId: messageId === undefined ? undefined : `<${messageId}@signal-harvester>`,
        });
        deps.metrics?.notification(channel, 'sent');
        const code = Number(/^(\d{3})/.exec(String(info.response))?.[1] ?? Number.NaN);
        return Number.isFinite(code) ? { statusCode: code } : {};
      } catch (err) {
        deps.metrics?.notification(channel, 'failed');
        throw toAppError(err, what);
      }
    },
  };
};
