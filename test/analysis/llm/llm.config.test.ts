import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildAnalyzer } from '../../../src/analysis/llm/build-analyzer.js';
import { createMemoryLedger } from '../../../src/analysis/llm/memory.ledger.js';
import { ConfigError, loadConfig } from '../../../src/config/load.js';
import { maskSecrets } from '../../../src/config/mask.js';
import { fixedClock } from '../../../src/platform/clock.js';
import { captureLog } from './harness.js';

const withFile = (yaml: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'harvest-llmcfg-'));
  writeFileSync(join(dir, 's.yaml'), yaml);
  return join(dir, 's.yaml');
};

describe('LLM configuration', () => {
  it('defaults: heuristic, batches of 20, no budget, a price for each default model', () => {
    const { config } = loadConfig({}, { cwd: mkdtempSync(join(tmpdir(), 'harvest-llmcfg-')) });
    expect(config.analysis.provider).toBe('heuristic');
    expect(config.analysis.llm).toMatchObject({ batchSize: 20, budget: {}, openaiResponseFormat: 'json_schema' });
    expect(config.analysis.llm.prices[config.analysis.llm.openaiModel]).toBeDefined();
    expect(config.analysis.llm.prices[config.analysis.llm.anthropicModel]).toBeDefined();
  });

  it('rejects bad values naming each problem', () => {
    const file = withFile('analysis:\n  provider: gpt\n  llm:\n    batchSize: 0\n    budget: {dailyUsd: -1}\n    prices: {m: {inputPerMTok: "a"}}\n');
    let err: unknown;
    try {
      loadConfig({}, { file, cwd: '/' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const text = [(err as Error).message, ...((err as ConfigError).details ?? [])].join('\n');
    for (const path of ['analysis.provider', 'analysis.llm.batchSize', 'analysis.llm.budget.dailyUsd', 'analysis.llm.prices.m']) expect(text).toContain(path);
  });

  it('masks the provider keys from the environment', () => {
    const { config } = loadConfig({ OPENAI_API_KEY: 'sk-secret-value-1234', ANTHROPIC_API_KEY: 'sk-ant-secret-5678' }, { cwd: mkdtempSync(join(tmpdir(), 'harvest-llmcfg-')) });
    const shown = JSON.stringify(maskSecrets(config));
    expect(shown).not.toContain('sk-secret-value-1234');
    expect(shown).not.toContain('sk-ant-secret-5678');
  });

  it('an LLM provider without its key leaves the heuristic in charge, saying so', () => {
    const { config } = loadConfig({}, { cwd: mkdtempSync(join(tmpdir(), 'harvest-llmcfg-')) });
    const { log, lines } = captureLog();
    const deps = { ledger: createMemoryLedger(), clock: fixedClock(new Date()), sleep: async () => undefined, log };
    expect(buildAnalyzer(config, deps, 'openai').provider).toBe('heuristic');
    expect(lines.join('')).toContain('OPENAI_API_KEY is not set');
    const keyed = loadConfig({ OPENAI_API_KEY: 'sk-test-key-000000000', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' }, { cwd: mkdtempSync(join(tmpdir(), 'harvest-llmcfg-')) }).config;
    expect(buildAnalyzer(keyed, deps, 'openai')).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini' });
    expect(buildAnalyzer(keyed, deps)).toMatchObject({ provider: 'heuristic' });
  });
});
