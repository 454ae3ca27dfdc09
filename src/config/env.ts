import { SOURCE_DESCRIPTORS } from '../sources/registry.js';

/** Environment variables the configuration reads, and where each lands in the config tree. */
export interface EnvBinding {
  name: string;
  path: readonly string[];
  /** `boolean`: `true`/`1` or `false`/`0`; anything else is passed on for the schema to refuse. */
  kind: 'string' | 'list' | 'boolean';
  secret?: boolean;
}

export const ENV_BINDINGS: readonly EnvBinding[] = [
  { name: 'HARVEST_DB_PATH', path: ['store', 'path'], kind: 'string' },
  { name: 'DATABASE_URL', path: ['store', 'url'], kind: 'string', secret: true },
  { name: 'LOG_LEVEL', path: ['log', 'level'], kind: 'string' },
  { name: 'LOG_FORMAT', path: ['log', 'format'], kind: 'string' },
  { name: 'HARVEST_NOW', path: ['now'], kind: 'string' },
  { name: 'SLACK_WEBHOOK_URL', path: ['notify', 'slack', 'webhookUrl'], kind: 'string', secret: true },
  { name: 'SLACK_ALLOW_INSECURE_LOOPBACK', path: ['notify', 'slack', 'allowInsecureLoopback'], kind: 'boolean' },
  { name: 'OPENAI_API_KEY', path: ['providers', 'openai', 'apiKey'], kind: 'string', secret: true },
  { name: 'OPENAI_BASE_URL', path: ['providers', 'openai', 'baseUrl'], kind: 'string' },
  { name: 'ANTHROPIC_API_KEY', path: ['providers', 'anthropic', 'apiKey'], kind: 'string', secret: true },
  { name: 'ANTHROPIC_BASE_URL', path: ['providers', 'anthropic', 'baseUrl'], kind: 'string' },
  { name: 'HARVEST_API_KEYS', path: ['api', 'keys'], kind: 'list', secret: true },
  { name: 'HARVEST_READ_API_KEYS', path: ['api', 'readKeys'], kind: 'list', secret: true },
  { name: 'REDIS_URL', path: ['api', 'redisUrl'], kind: 'string', secret: true },
  // each source's variables come from its descriptor (sources/<name>/<name>.source.ts)
  ...SOURCE_DESCRIPTORS.flatMap((d) =>
    d.env.map((e): EnvBinding => ({ name: e.name, path: ['sources', d.name, e.key], kind: 'string', secret: e.secret })),
  ),
];

/** An environment value as its binding's kind reads it. */
export const envValue = (b: EnvBinding, raw: string): unknown => {
  if (b.kind === 'list') return raw.split(',').map((s) => s.trim()).filter(Boolean);
  if (b.kind !== 'boolean') return raw;
  const v = raw.trim().toLowerCase();
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  return raw;
};

/**
 * Config paths whose values are secrets: masked by `config check`, never logged. `*` stands for
 * every element of a list (the notification channels: their secrets, and the incoming-webhook URLs
 * whose path is a token).
 */
export const SECRET_PATHS: readonly (readonly string[])[] = [
  ...ENV_BINDINGS.filter((b) => b.secret).map((b) => b.path),
  ['notify', 'webhooks', '*', 'secret'],
  ['notify', 'webhooks', '*', 'previousSecret'],
  ['notify', 'slack', 'webhooks', '*', 'url'],
  ['notify', 'discord', '*', 'url'],
  ['notify', 'teams', '*', 'url'],
  ['notify', 'email', '*', 'smtp', 'password'],
];
