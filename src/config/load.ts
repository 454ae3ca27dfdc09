import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseDocument } from 'yaml';
import type { z } from 'zod';
import { AppError } from '../domain/errors.js';
import { configSchema, type Config } from './schema.js';
import { ENV_BINDINGS, envValue } from './env.js';

export const DEFAULT_CONFIG_FILE = 'config/settings.yaml';

export interface LoadedConfig {
  config: Config;
  /** The file read, or null when none was found (defaults + environment only). */
  file: string | null;
}

export class ConfigError extends AppError {
  constructor(message: string, details: readonly string[]) {
    super('CONFIG_INVALID', message, { details });
    this.name = 'ConfigError';
  }
}

type Tree = Record<string, unknown>;

const isTree = (v: unknown): v is Tree => typeof v === 'object' && v !== null && !Array.isArray(v);

const setPath = (tree: Tree, path: readonly string[], value: unknown): void => {
  let node = tree;
  path.slice(0, -1).forEach((key) => {
    if (!isTree(node[key])) node[key] = {};
    node = node[key] as Tree;
  });
  node[path[path.length - 1] as string] = value;
};

const getPath = (tree: Tree, path: readonly string[]): unknown => {
  let node: unknown = tree;
  for (const key of path) {
    if (!isTree(node)) return undefined;
    node = node[key];
  }
  return node;
};

/**
 * A value in the file that an environment variable replaces is still checked: an invalid file stays
 * invalid whatever the environment says (otherwise removing the variable later breaks the deploy).
 * Each such value is validated in place of the override, the rest of the tree as merged.
 */
const hiddenFileProblems = (merged: Tree, hidden: ReadonlyArray<{ path: readonly string[]; fileValue: unknown; envName: string }>, file: string): string[] => {
  const out: string[] = [];
  for (const h of hidden) {
    const probe = structuredClone(merged);
    setPath(probe, h.path, h.fileValue);
    const res = configSchema.safeParse(probe);
    if (res.success) continue;
    const key = h.path.join('.');
    for (const issue of res.error.issues) {
      const path = issue.path.map(String).join('.');
      if (path === key || path.startsWith(`${key}.`)) out.push(`${path}: ${issue.message} (in ${file}; ${h.envName} overrides it, but the file's value is invalid)`);
    }
  }
  return out;
};

const readYaml = (file: string): Tree => {
  const text = readFileSync(file, 'utf8');
  const doc = parseDocument(text, { prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      `${file} is not valid YAML`,
      doc.errors.map((e) => `${file}:${e.linePos?.[0]?.line ?? '?'}: ${e.message.split('\n')[0]}`),
    );
  }
  const value: unknown = doc.toJS();
  if (value === null || value === undefined) return {};
  if (!isTree(value)) throw new ConfigError(`${file} must hold a YAML mapping at the top level`, [`${file}: got ${Array.isArray(value) ? 'a list' : typeof value}`]);
  return value;
};

const formatIssue = (issue: z.core.$ZodIssue, envByPath: Map<string, string>): string => {
  const path = issue.path.map(String).join('.') || '(root)';
  const envName = [...envByPath.entries()].find(([p]) => path === p || path.startsWith(`${p}.`))?.[1];
  return `${path}: ${issue.message}${envName ? ` (from ${envName})` : ''}`;
};

/**
 * The only reader of process.env. Merges the YAML file (HARVEST_CONFIG, else config/settings.yaml
 * when present) with environment overrides and validates everything with one zod schema; on any
 * problem throws a ConfigError listing every issue with its path.
 */
export const loadConfig = (env: NodeJS.ProcessEnv, opts: { file?: string; cwd?: string } = {}): LoadedConfig => {
  const cwd = opts.cwd ?? process.cwd();
  const explicit = opts.file ?? env.HARVEST_CONFIG;
  const file = explicit ? resolve(cwd, explicit) : resolve(cwd, DEFAULT_CONFIG_FILE);
  if (explicit && !existsSync(file)) {
    throw new ConfigError(`config file not found: ${file}`, [`${env.HARVEST_CONFIG && !opts.file ? 'HARVEST_CONFIG' : 'config'}: no such file ${file}`]);
  }
  const tree = existsSync(file) ? readYaml(file) : {};
  const envByPath = new Map<string, string>();
  const hidden: Array<{ path: readonly string[]; fileValue: unknown; envName: string }> = [];
  for (const b of ENV_BINDINGS) {
    const raw = env[b.name];
    if (raw === undefined || raw === '') continue;
    const value = envValue(b, raw);
    const fileValue = getPath(tree, b.path);
    if (fileValue !== undefined) hidden.push({ path: b.path, fileValue, envName: b.name });
    setPath(tree, b.path, value);
    envByPath.set(b.path.join('.'), b.name);
  }
  const parsed = configSchema.safeParse(tree);
  const problems = parsed.success ? [] : parsed.error.issues.map((i) => formatIssue(i, envByPath));
  problems.push(...hiddenFileProblems(tree, hidden, file));
  if (!parsed.success || problems.length > 0) {
    const where = existsSync(file) ? file : 'environment';
    throw new ConfigError(`invalid configuration (${where})`, problems);
  }
  return { config: parsed.data, file: existsSync(file) ? file : null };
};
