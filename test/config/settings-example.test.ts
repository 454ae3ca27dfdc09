import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { configSchema } from '../../src/config/schema.js';

const ROOT = join(import.meta.dirname, '..', '..');

interface ZodInternals {
  _zod: { def: { type: string; shape?: Record<string, unknown>; innerType?: unknown; in?: unknown } };
}

/** Every key path of the config schema, down to leaves (arrays and records are leaves). */
const schemaPaths = (schema: unknown, prefix: string[] = []): string[] => {
  const def = (schema as ZodInternals)._zod.def;
  if (def.innerType !== undefined) return schemaPaths(def.innerType, prefix);
  if (def.type === 'pipe' && def.in !== undefined) return schemaPaths(def.in, prefix);
  if (def.type !== 'object' || !def.shape) return [];
  return Object.entries(def.shape).flatMap(([key, child]) => [[...prefix, key].join('.'), ...schemaPaths(child, [...prefix, key])]);
};

/**
 * Key paths the example shows, whether set or commented out (`# key: …` at the key's indent).
 * Prose comments and list examples (`#  - name: …`) do not look like keys and are passed over.
 */
const examplePaths = (text: string): Set<string> => {
  const found = new Set<string>();
  const stack: Array<{ indent: number; key: string }> = [];
  for (const line of text.split('\n')) {
    const m = /^(\s*)(?:#\s?)?([A-Za-z][A-Za-z0-9_]*):(?:\s|$)/.exec(line);
    if (!m) continue;
    const indent = (m[1] ?? '').length;
    while (stack.length > 0 && (stack[stack.length - 1]?.indent ?? 0) >= indent) stack.pop();
    stack.push({ indent, key: m[2] ?? '' });
    found.add(stack.map((s) => s.key).join('.'));
  }
  return found;
};

describe('config/settings.example.yaml', () => {
  const example = readFileSync(join(ROOT, 'config', 'settings.example.yaml'), 'utf8');

  it('shows every key of the configuration schema (set, or commented out at its place)', () => {
    const shown = examplePaths(example);
    const missing = schemaPaths(configSchema as z.ZodType).filter((p) => !shown.has(p));
    expect(missing).toEqual([]);
  });

  it('shows no key the schema does not have', () => {
    const known = new Set(schemaPaths(configSchema as z.ZodType));
    const unknown = [...examplePaths(example)].filter((p) => !known.has(p) && ![...known].some((k) => p.startsWith(`${k}.`)));
    expect(unknown).toEqual([]);
  });

  it('does not call the API "a later release"', () => {
    expect(example).not.toMatch(/later release/);
  });
});
