/*
 * The demo corpus's world added to the configured analysis names (ADR 0034): what is added, what the
 * configuration keeps, and that the result still passes the config schema's alias checks.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analysisConfigSchema } from '../../src/config/schema.js';
import { DEMO_WORLD, withDemoWorld } from '../../src/sources/demo/demo.world.js';

const configured = (over: object) => analysisConfigSchema.parse(over);
const names = (a: { products: string[]; competitors: string[]; aliases: Record<string, string[]> }) => ({ products: a.products, competitors: a.competitors, aliases: a.aliases });

describe('withDemoWorld', () => {
  it('gives a configuration naming nothing the demo world', () => {
    const out = withDemoWorld(configured({}));
    expect(names(out)).toEqual({ products: ['Brindlepost'], competitors: ['Kestrelboard', 'Ferncircle', 'Taskmoth'], aliases: { Brindlepost: ['Brindle'] } });
    expect(analysisConfigSchema.safeParse(out).success).toBe(true);
  });

  it('adds to the configured names and keeps the configured ones as they are', () => {
    const out = withDemoWorld(configured({ products: ['Acme'], competitors: ['kestrelboard'], aliases: { Acme: ['ACM'] }, batchSize: 7 }));
    expect(names(out)).toEqual({ products: ['Acme', 'Brindlepost'], competitors: ['kestrelboard', 'Ferncircle', 'Taskmoth'], aliases: { Acme: ['ACM'], Brindlepost: ['Brindle'] } });
    expect(out.batchSize).toBe(7);
    expect(analysisConfigSchema.safeParse(out).success).toBe(true);
  });

  it('adds no name or alias the configuration already holds, as a name or an alias', () => {
    const mine = withDemoWorld(configured({ products: ['Brindlepost'], aliases: { Brindlepost: ['BP'] } }));
    expect(mine.aliases).toEqual({ Brindlepost: ['BP'] });
    expect(mine.products).toEqual(['Brindlepost']);
    const taken = withDemoWorld(configured({ products: ['Acme'], aliases: { Acme: ['brindle'] } }));
    expect(names(taken)).toEqual({ products: ['Acme', 'Brindlepost'], competitors: ['Kestrelboard', 'Ferncircle', 'Taskmoth'], aliases: { Acme: ['brindle'] } });
    expect(analysisConfigSchema.safeParse(taken).success).toBe(true);
  });

  it('names what the bundled corpus talks about', () => {
    const corpus = readFileSync(new URL('../../data/demo/corpus.jsonl', import.meta.url), 'utf8');
    for (const name of [...DEMO_WORLD.products, ...DEMO_WORLD.competitors, ...Object.values(DEMO_WORLD.aliases).flat()]) {
      expect(corpus.split(new RegExp(`\\b${name}\\b`)).length - 1, name).toBeGreaterThan(10);
    }
  });
});
