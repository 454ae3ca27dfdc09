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

/** Masks the value at `path` under `node`; a `*` segment walks every element of a list. */
const maskAt = (node: unknown, path: readonly string[]): void => {
  if (node === null || typeof node !== 'object') return;
  const [key, ...rest] = path;
  if (key === undefined) return;
  if (key === '*') {
    if (Array.isArray(node)) for (const el of node) maskAt(el, rest);
    return;
  }
  const rec = node as Record<string, unknown>;
  if (rest.length === 0) {
    if (rec[key] !== undefined) rec[key] = maskValue(rec[key]);
    return;
  }
  maskAt(rec[key], rest);
};

/** A deep copy of the config with every secret replaced by a mask that never reveals it. */
export const maskSecrets = (config: Config): unknown => {
  const copy = structuredClone(config) as unknown as Record<string, unknown>;
  for (const path of SECRET_PATHS) maskAt(copy, path);
  return copy;
};
