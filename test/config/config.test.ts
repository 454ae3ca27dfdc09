import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { maskSecrets } from '../../src/config/mask.js';
import { ENV_BINDINGS } from '../../src/config/env.js';
import { readFileSync } from 'node:fs';

const ROOT = resolve(import.meta.dirname, '../..');
const tmp = (): string => mkdtempSync(join(tmpdir(), 'harvest-cfg-'));

const errorOf = (fn: () => unknown): ConfigError => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('expected a ConfigError');
};

describe('loadConfig', () => {
  it('parses the committed settings.yaml and settings.example.yaml', () => {
    for (const file of ['config/settings.yaml', 'config/settings.example.yaml']) {
      const { config } = loadConfig({}, { file, cwd: ROOT });
      expect(config.scoring.weights.halfLifeHours).toBe(24);
      expect(config.analysis.provider).toBe('heuristic');
    }
  });

  it('gives SPEC defaults with no file and no environment', () => {
    const { config, file } = loadConfig({}, { cwd: tmp() });
    expect(file).toBeNull();
    expect(config.store.path).toBe('var/app.db');
    expect(config.scoring.categoryBoosts).toMatchObject({ outage: 2, security: 1.8, praise: 0.8 });
    expect(config.notify.slack).toMatchObject({ threshold: 72.559, limit: 10, digestThreshold: 5 });
  });

  it('applies environment overrides on top of the file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'c.yaml'), 'store:\n  path: from-file.db\nlog:\n  level: warn\n');
    const { config } = loadConfig(
      { HARVEST_CONFIG: 'c.yaml', HARVEST_DB_PATH: 'env.db', LOG_FORMAT: 'json', DATABASE_URL: 'postgres://u:pw@db:5432/h', X_BEARER_TOKEN: 'tok', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T/B/X', HARVEST_API_KEYS: 'aaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbb' },
      { cwd: dir },
    );
    expect(config.store).toMatchObject({ path: 'env.db', url: 'postgres://u:pw@db:5432/h' });
    expect(config.log).toEqual({ level: 'warn', format: 'json' });
    expect(config.sources.x.bearerToken).toBe('tok');
    expect(config.api.keys).toEqual(['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']);
  });

  it('reports every problem with its path, and the variable it came from', () => {
    const dir = tmp();
    writeFileSync(
      join(dir, 'bad.yaml'),
      'scoring:\n  weights:\n    likes: -1\n    halfLifeHours: zero\n  categoryBoosts:\n    outrage: 2\nnotify:\n  slack:\n    threshold: 150\nmystery: true\n',
    );
    const err = errorOf(() => loadConfig({ HARVEST_CONFIG: 'bad.yaml', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x' }, { cwd: dir }));
    expect(err.code).toBe('CONFIG_INVALID');
    const text = err.details.join('\n');
    expect(text).toMatch(/scoring\.weights\.likes: .*>=0/);
    expect(text).toMatch(/scoring\.weights\.halfLifeHours: .*number/);
    expect(text).toMatch(/scoring\.categoryBoosts: .*outrage/);
    expect(text).toMatch(/notify\.slack\.threshold: .*<=100/);
    expect(text).toMatch(/\(root\): .*mystery/);
    expect(text).toMatch(/log\.level: .*\(from LOG_LEVEL\)/);
    expect(text).toMatch(/store\.url: must be a postgres:\/\/ .*\(from DATABASE_URL\)/);
    expect(err.details.length).toBeGreaterThanOrEqual(7);
  });

  it('accepts aliases of configured products and competitors, and rejects others', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'ok.yaml'), 'analysis:\n  products: [Brindlepost]\n  competitors: [Taskmoth]\n  aliases: { Brindlepost: [Brindle, BP app], Taskmoth: [Moth] }\n');
    expect(loadConfig({ HARVEST_CONFIG: 'ok.yaml' }, { cwd: dir }).config.analysis.aliases).toEqual({ Brindlepost: ['Brindle', 'BP app'], Taskmoth: ['Moth'] });
    writeFileSync(join(dir, 'bad.yaml'), 'analysis:\n  products: [Brindlepost]\n  competitors: [Taskmoth]\n  aliases: { Acme: [A1], Brindlepost: [taskmoth, Moth, B], Taskmoth: [moth] }\n');
    const text = errorOf(() => loadConfig({ HARVEST_CONFIG: 'bad.yaml' }, { cwd: dir })).details.join('\n');
    expect(text).toMatch(/analysis\.aliases\.Acme: "Acme" is not a configured product or competitor/);
    expect(text).toMatch(/analysis\.aliases\.Brindlepost: alias "taskmoth" is itself a configured name/);
    expect(text).toMatch(/analysis\.aliases\.Taskmoth: alias "moth" is also an alias of "Brindlepost"/);
    expect(text).toMatch(/analysis\.aliases\.Brindlepost\.2: .*>=2 characters/);
  });

  it('an environment override does not hide an invalid value in the file', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'loud.yaml'), 'log:\n  level: loud\n');
    const err = errorOf(() => loadConfig({ HARVEST_CONFIG: 'loud.yaml', LOG_LEVEL: 'warn' }, { cwd: dir }));
    expect(err.code).toBe('CONFIG_INVALID');
    const text = err.details.join('\n');
    expect(text).toMatch(/log\.level: .*loud\.yaml.*LOG_LEVEL overrides it/);
    // Enum errors name the allowed values.
    expect(text).toMatch(/"fatal".*"silent"/);
    // A valid file value that the environment replaces is fine, and the environment wins.
    writeFileSync(join(dir, 'ok.yaml'), 'log:\n  level: info\n');
    expect(loadConfig({ HARVEST_CONFIG: 'ok.yaml', LOG_LEVEL: 'warn' }, { cwd: dir }).config.log.level).toBe('warn');
  });

  it('names the line of a YAML syntax error', () => {
    const dir = tmp();
    writeFileSync(join(dir, 'broken.yaml'), 'store:\n  path: "unterminated\nlog: [\n');
    const err = errorOf(() => loadConfig({}, { file: 'broken.yaml', cwd: dir }));
    expect(err.message).toMatch(/not valid YAML/);
    expect(err.details[0]).toMatch(/broken\.yaml:\d+:/);
  });

  it('fails clearly when HARVEST_CONFIG points nowhere, writing nothing', () => {
    const dir = tmp();
    const err = errorOf(() => loadConfig({ HARVEST_CONFIG: 'missing.yaml' }, { cwd: dir }));
    expect(err.message).toMatch(/config file not found/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('masks secrets', () => {
    const { config } = loadConfig(
      { DATABASE_URL: 'postgres://admin:s3cret@db.internal:5432/harvest', X_BEARER_TOKEN: 'AAAAbearer-token-value', SLACK_WEBHOOK_URL: 'https://hooks.slack.com/services/T0/B0/secretpath', HARVEST_API_KEYS: 'key-aaaaaaaaaaaaaaaa' },
      { cwd: tmp() },
    );
    const text = JSON.stringify(maskSecrets(config));
    for (const secret of ['s3cret', 'admin', 'bearer-token-value', 'secretpath', 'key-aaaa']) expect(text).not.toContain(secret);
    expect(text).toContain('db.internal:5432');
    expect(config.sources.x.bearerToken).toBe('AAAAbearer-token-value');
  });

  it('.env.example lists exactly the variables the config reads, and its values load', () => {
    const lines = readFileSync(join(ROOT, '.env.example'), 'utf8').split('\n');
    const named = lines.map((l) => /^#?\s*([A-Z][A-Z0-9_]+)=/.exec(l)?.[1]).filter((n): n is string => n !== undefined);
    expect(new Set(named)).toEqual(new Set(['HARVEST_CONFIG', ...ENV_BINDINGS.map((b) => b.name)]));
    const env = Object.fromEntries(lines.filter((l) => /^[A-Z]/.test(l)).map((l) => l.split('=', 2) as [string, string]));
    expect(() => loadConfig(env, { cwd: ROOT })).not.toThrow();
  });
});
