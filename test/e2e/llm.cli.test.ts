import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANTHROPIC_FAKE_KEY, startAnthropicFake, type AnthropicFake } from '../fakes/anthropic-fake.js';
import { OPENAI_FAKE_KEY, startOpenAiFake, type OpenAiFake } from '../fakes/openai-fake.js';
import { cleanEnv, ROOT, runCli } from '../helpers/cli.js';
import { tempDir } from '../helpers/stores.js';
import { testLabeler } from '../analysis/llm/harness.js';

/** The first lines of the bundled demo corpus, as a small source for `harvest fetch`. */
const corpus = (dir: string, n: number): string => {
  const file = join(dir, 'corpus.jsonl');
  writeFileSync(file, readFileSync(join(ROOT, 'data/demo/corpus.jsonl'), 'utf8').split('\n').slice(0, n).join('\n') + '\n');
  return file;
};

const providers = (dir: string): Array<{ provider: string; fallback: number }> => {
  const db = new Database(join(dir, 'app.db'), { readonly: true });
  try {
    return db.prepare('select provider, fallback from analyses order by item_id').all() as Array<{ provider: string; fallback: number }>;
  } finally {
    db.close();
  }
};

describe('harvest with LLM providers (the real binary against loopback fakes)', () => {
  let openai: OpenAiFake;
  let anthropic: AnthropicFake;
  beforeAll(async () => {
    openai = await startOpenAiFake();
    anthropic = await startAnthropicFake();
    openai.setLabeler(testLabeler);
    anthropic.setLabeler(testLabeler);
  });
  afterAll(async () => {
    await openai.close();
    await anthropic.close();
  });

  const input = '{"id":"a","text":"Brindlepost is down, cannot log in"}\n{"id":7,"text":"Love it"}\n';

  it('classify --provider openai asks the model once for the whole input', async () => {
    const before = openai.bodies.length;
    const db = join(tempDir('harvest-llm-classify-'), 'app.db');
    const r = await runCli(['classify', '--provider', 'openai'], { input, env: cleanEnv({ OPENAI_API_KEY: OPENAI_FAKE_KEY, OPENAI_BASE_URL: openai.baseUrl, HARVEST_DB_PATH: db }) });
    expect(r.code, r.stderr).toBe(0);
    expect(openai.bodies.length).toBe(before + 1);
    // config/settings.yaml's products, competitors and aliases reach the prompt.
    const system = (openai.bodies[before] as { messages: Array<{ role: string; content: string }> }).messages.find((m) => m.role === 'system')?.content;
    expect(system).toContain('Our products: Brindlepost (also written Brindle). Competitors: Kestrelboard, Ferncircle, Taskmoth.');
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => [l.id, l.category, l.reasoning])).toEqual([
      ['a', 'outage', 'llm: users cannot log in'],
      [7, 'praise', 'llm: happy user'],
    ]);
    expect(r.stderr).not.toContain(OPENAI_FAKE_KEY);
  });

  it('classify --provider anthropic without a key: the heuristic answers, with a warning, offline', async () => {
    const r = await runCli(['classify', '--provider', 'anthropic'], { input, env: cleanEnv({ ANTHROPIC_BASE_URL: anthropic.baseUrl }) });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('ANTHROPIC_API_KEY is not set');
    expect(anthropic.bodies).toHaveLength(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(2);
    expect(JSON.parse(r.stdout.trim().split('\n')[1] ?? '{}').reasoning).not.toContain('llm:');
  });

  it('analyze --provider, fallbacks on failure, then --retry-fallbacks', async () => {
    const dir = tempDir('harvest-llm-cli-');
    const cfg = join(dir, 'settings.yaml');
    writeFileSync(cfg, `sources:\n  demo:\n    enabled: true\n    file: ${corpus(dir, 4)}\n  x:\n    enabled: false\nanalysis:\n  llm:\n    maxAttempts: 1\n`);
    const env = cleanEnv({ HARVEST_DB_PATH: join(dir, 'app.db'), ANTHROPIC_API_KEY: ANTHROPIC_FAKE_KEY, ANTHROPIC_BASE_URL: anthropic.baseUrl });
    expect((await runCli(['--config', cfg, 'fetch'], { env })).code).toBe(0);

    // The heuristic cannot retry fallbacks: a clear error, nothing changed.
    const refused = await runCli(['--config', cfg, 'analyze', '--retry-fallbacks'], { env });
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain('--retry-fallbacks needs an LLM provider');

    anthropic.script({ kind: 'status', status: 500 });
    const first = await runCli(['--config', cfg, 'analyze', '--provider', 'anthropic'], { env });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/analysed: 4 \(fallback 4\), failed: 0 .*provider anthropic/);
    expect(providers(dir)).toEqual(Array.from({ length: 4 }, () => ({ provider: 'heuristic', fallback: 1 })));

    const retry = await runCli(['--config', cfg, 'analyze', '--provider', 'anthropic', '--retry-fallbacks', '--json'], { env });
    expect(retry.code, retry.stderr).toBe(0);
    expect(JSON.parse(retry.stdout)).toMatchObject({ ok: 4, failed: 0, fallback: 0 });
    expect(providers(dir)).toEqual(Array.from({ length: 4 }, () => ({ provider: 'anthropic', fallback: 0 })));
    expect(first.stderr + retry.stderr).not.toContain(ANTHROPIC_FAKE_KEY);
  });

  it('classify with a store: the stored LLM cache and daily budget apply across runs', async () => {
    const dir = tempDir('harvest-llm-classify-');
    const cfg = join(dir, 'settings.yaml');
    writeFileSync(cfg, 'analysis:\n  llm:\n    budget:\n      dailyTokens: 1\n');
    const env = cleanEnv({ HARVEST_DB_PATH: join(dir, 'app.db'), OPENAI_API_KEY: OPENAI_FAKE_KEY, OPENAI_BASE_URL: openai.baseUrl });
    const before = openai.bodies.length;
    const first = await runCli(['--config', cfg, 'classify', '--provider', 'openai'], { input, env });
    expect(first.code, first.stderr).toBe(0);
    expect(openai.bodies.length).toBe(before + 1);
    // The same texts again: answered from the stored cache, no request, the same verdicts.
    const again = await runCli(['--config', cfg, 'classify', '--provider', 'openai'], { input, env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toBe(first.stdout);
    // A new text: the first run spent today's budget, so the heuristic answers without a request.
    const fresh = await runCli(['--config', cfg, 'classify', '--provider', 'openai'], { input: '{"id":1,"text":"Brindlepost is down again"}\n', env });
    expect(fresh.code, fresh.stderr).toBe(0);
    expect(openai.bodies.length).toBe(before + 1);
    expect(fresh.stderr).toContain('daily LLM budget exhausted');
    expect(JSON.parse(fresh.stdout).reasoning).not.toContain('llm:');
    const db = new Database(join(dir, 'app.db'), { readonly: true });
    try {
      expect(db.prepare('select provider, requests from llm_usage').all()).toEqual([{ provider: 'openai', requests: 1 }]);
    } finally {
      db.close();
    }
  });

  it('an endpoint answering 200 with an HTML page: every item falls back, a few requests, the summary says so', async () => {
    const html = await startOpenAiFake();
    html.setDefault({ kind: 'html' });
    try {
      const dir = tempDir('harvest-llm-html-');
      const cfg = join(dir, 'settings.yaml');
      writeFileSync(cfg, `sources:\n  demo:\n    enabled: true\n    file: ${corpus(dir, 100)}\n  x:\n    enabled: false\n`);
      const env = cleanEnv({ HARVEST_DB_PATH: join(dir, 'app.db'), OPENAI_API_KEY: OPENAI_FAKE_KEY, OPENAI_BASE_URL: html.baseUrl });
      expect((await runCli(['--config', cfg, 'fetch'], { env })).code).toBe(0);
      const r = await runCli(['--config', cfg, 'analyze', '--provider', 'openai'], { env });
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/analysed: 100 \(fallback 100\), failed: 0 .*provider openai/);
      expect(html.bodies).toHaveLength(3); // default circuitBreakerFailures: 3 batches of 20, then the heuristic
      expect(r.stderr).toContain('circuit open');
      expect(r.stderr).not.toContain('Cannot read properties');
      expect(providers(dir).every((p) => p.provider === 'heuristic' && p.fallback === 1)).toBe(true);
    } finally {
      await html.close();
    }
  });

  it('upgrading to an LLM: analyze says there is nothing new, --reanalyze re-triages, and is idempotent', async () => {
    const dir = tempDir('harvest-llm-reanalyze-');
    const cfg = join(dir, 'settings.yaml');
    writeFileSync(cfg, `sources:\n  demo:\n    enabled: true\n    file: ${corpus(dir, 4)}\n  x:\n    enabled: false\n`);
    const env = cleanEnv({ HARVEST_DB_PATH: join(dir, 'app.db'), OPENAI_API_KEY: OPENAI_FAKE_KEY, OPENAI_BASE_URL: openai.baseUrl });
    expect((await runCli(['--config', cfg, 'fetch'], { env })).code).toBe(0);
    expect((await runCli(['--config', cfg, 'analyze'], { env })).stdout).toMatch(/analysed: 4, failed: 0 .*provider heuristic/);

    const nothing = await runCli(['--config', cfg, 'analyze', '--provider', 'openai'], { env });
    expect(nothing.stdout).toMatch(/analysed: 0, failed: 0/);
    expect(nothing.stderr).toContain('add --reanalyze');

    const badSince = await runCli(['--config', cfg, 'analyze', '--provider', 'openai', '--reanalyze', '--since', 'last week'], { env });
    expect(badSince.code).not.toBe(0);
    expect(badSince.stderr).toContain('ISO 8601');
    // Every demo item was created before 2030: nothing selected.
    expect(JSON.parse((await runCli(['--config', cfg, 'analyze', '--provider', 'openai', '--reanalyze', '--since', '2030-01-01', '--json'], { env })).stdout)).toMatchObject({ ok: 0 });

    const before = openai.bodies.length;
    const re = await runCli(['--config', cfg, 'analyze', '--provider', 'openai', '--reanalyze', '--since', '2000-01-01', '--json'], { env });
    expect(re.code, re.stderr).toBe(0);
    expect(JSON.parse(re.stdout)).toMatchObject({ ok: 4, failed: 0, fallback: 0 });
    expect(openai.bodies.length).toBe(before + 1);
    expect(providers(dir)).toEqual(Array.from({ length: 4 }, () => ({ provider: 'openai', fallback: 0 })));

    const again = await runCli(['--config', cfg, 'analyze', '--provider', 'openai', '--reanalyze'], { env });
    expect(again.stdout).toMatch(/analysed: 0, failed: 0/);
    expect(openai.bodies.length).toBe(before + 1);
  });
});
