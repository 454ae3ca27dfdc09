import { SECRET_PATHS } from './env.js';
import type { Config } from './schema.js';

const maskValue = (v: unknown): unknown => {
  if (typeof v === 'string') {
    if (/^[a-z][a-z0-9+.-]*:\/\//i.test(v)) {
      try {
        const u = new URL(v);
        return `${u.protocol}//${u.password || u.username ? '***@' : ''}${u.host}/***`;
      } catch {
        return '***';
      }
    }
    return v.length <= 4 ? '***' : `***${v.slice(-2)}`;
  }
  if (Array.isArray(v)) return v.map(maskValue);
  return v;
};

/** A deep copy of the config with every secret replaced by a mask that never reveals it. */
export const maskSecrets = (config: Config): unknown => {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const path of SECRET_PATHS) {
    let node: Record<string, unknown> | undefined = copy;
    for (const key of path.slice(0, -1)) node = node?.[key] as Record<string, unknown> | undefined;
    const last = path[path.length - 1] as string;
    if (node && node[last] !== undefined) node[last] = maskValue(node[last]);
  }
  return copy;
};
