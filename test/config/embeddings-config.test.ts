import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load.js';
import { maskSecrets } from '../../src/config/mask.js';

const KEY = 'sk-embed-config-0123456789SECRET';

/** Loads `yaml` from a temp dir with `env`; the ConfigError's details when it fails. */
const load = (yaml: string, env: Record<string, string> = {}): ReturnType<typeof loadConfig> | string[] => {
  const dir = mkdtempSync(join(tmpdir(), 'harvest-emb-cfg-'));
  writeFileSync(join(dir, 'settings.yaml'), yaml);
  try {
    return loadConfig({ HARVEST_CONFIG: 'settings.yaml', ...env }, { cwd: dir });
  } catch (err) {
    if (err instanceof ConfigError) return [...err.details];
    throw err;
  }
};

describe('stories.embeddings config', () => {
  it('is off by default', () => {
    const r = load('{}\n', { OPENAI_API_KEY: KEY });
    if (Array.isArray(r)) throw new Error(r.join('; '));
    expect(r.config.stories.embeddings).toMatchObject({ enabled: false, model: 'text-embedding-3-small', batchSize: 100, weight: 0.5 });
  });

  it('refuses enabled without a key, and bad values, naming each path', () => {
    expect(load('stories: { embeddings: { enabled: true } }\n')).toEqual([
      'stories.embeddings.enabled: the embedding provider needs an API key: set OPENAI_API_KEY (any non-empty value for a server without keys, e.g. Ollama)',
    ]);
    const problems = load('stories: { embeddings: { weight: 1.5, batchSize: 0, baseUrl: nope, model: "", apiKey: x } }\n');
    expect(Array.isArray(problems) && problems.map((p) => p.split(':')[0]).sort()).toEqual([
      'stories.embeddings',
      'stories.embeddings.baseUrl',
      'stories.embeddings.batchSize',
      'stories.embeddings.model',
      'stories.embeddings.weight',
    ]);
  });

  it('takes the key from the environment only, and config check masks it', () => {
    const r = load('stories: { embeddings: { enabled: true, baseUrl: "http://127.0.0.1:11434/v1", model: nomic-embed-text } }\n', { OPENAI_API_KEY: KEY });
    if (Array.isArray(r)) throw new Error(r.join('; '));
    expect(r.config.providers.openai.apiKey).toBe(KEY);
    const shown = JSON.stringify(maskSecrets(r.config));
    expect(shown).not.toContain('0123456789SECRET');
    expect(shown).toContain('nomic-embed-text');
  });
});
