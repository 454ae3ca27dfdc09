import { z } from 'zod';
import { configError } from '../domain/errors.js';
import type { NotifySettings } from './notifier.port.js';

/**
 * What every channel of a list (`notify.webhooks[]`, `notify.discord[]`, …) shares: its name (the
 * second half of its outbox key `<kind>:<name>`) and the `NotifySettings` keys, with Slack's defaults.
 */
export const channelName = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,39}$/, { error: 'must be lower-case letters, digits, "-" or "_" (at most 40), e.g. "ops"' });

export const channelSettingsShape = {
  /** Items with salience ≥ threshold are sent (default as notify.slack.threshold, ADR 0021). */
  threshold: z.number().finite().min(0).max(100).default(72.559),
  limit: z.number().int().min(1).default(10),
  hours: z.number().finite().positive().optional(),
  digestThreshold: z.number().int().min(1).default(5),
  dashboardUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
} as const;

export const settingsOf = (c: { threshold: number; limit: number; hours?: number; digestThreshold: number; dashboardUrl?: string }): NotifySettings => ({
  threshold: c.threshold,
  limit: c.limit,
  hours: c.hours,
  digestThreshold: c.digestThreshold,
  dashboardUrl: c.dashboardUrl,
});

/** The timeout every outbound channel request gets (issue 19 safety rules). */
export const CHANNEL_TIMEOUT_MS = 10_000;
/** Largest receiver answer read; the rest is cancelled. Receivers answer with a few bytes. */
export const CHANNEL_MAX_RESPONSE_BYTES = 64 * 1024;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** True for localhost, 127.0.0.0/8 and ::1. */
export const isLoopbackHost = (hostname: string): boolean => LOOPBACK_HOSTS.has(hostname) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);

/**
 * Why an outbound channel URL is refused, or null when it is acceptable: https is required; plain
 * http only to a loopback address, and only when the channel sets `allowInsecureLoopback: true`.
 * Never quotes the URL (its path may be a token).
 */
export const outboundUrlProblem = (raw: string, allowInsecureLoopback: boolean): string | null => {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    return 'is not a URL';
  }
  if (u.username !== '' || u.password !== '') return 'must not carry credentials in the URL';
  if (u.protocol === 'https:') return null;
  if (u.protocol !== 'http:') return 'must be an https URL';
  if (!isLoopbackHost(u.hostname)) return 'must be https (plain http is allowed only to a loopback address)';
  if (!allowInsecureLoopback) return 'is plain http: set allowInsecureLoopback: true on this channel to allow http to a loopback address';
  return null;
};

/** Adds an issue at `path` for a URL `outboundUrlProblem` refuses. */
export const checkOutboundUrl = (url: string | undefined, allowInsecureLoopback: boolean, ctx: z.RefinementCtx, path: (string | number)[]): void => {
  if (url === undefined) return;
  const problem = outboundUrlProblem(url, allowInsecureLoopback);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem, path });
};

/**
 * A secret given inline (`<key>`) or by the name of an environment variable (`<key>Env`); exactly one.
 * The value is read from `env` when the channel is built, so `config check` never sees it.
 */
export const resolveSecret = (
  inline: string | undefined,
  envName: string | undefined,
  env: NodeJS.ProcessEnv,
  what: string,
): string | undefined => {
  if (inline !== undefined) return inline;
  if (envName === undefined) return undefined;
  const v = env[envName];
  if (v === undefined || v.trim() === '') throw configError(`${what}: environment variable ${envName} is not set`);
  return v.trim();
};

/** An env-variable name, as `secretEnv` and friends take. */
export const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be an environment variable name' });
