import type { Config } from '../../config/schema.js';

type AnalysisNames = Pick<Config['analysis'], 'products' | 'competitors' | 'aliases'>;

/**
 * The bundled corpus's invented world (data/demo/README.md): its product, the product's short
 * form, and its competitors. `harvest demo` analyses the bundled corpus with these names wherever it
 * is run (ADR 0034), so its outage waves get their incident keys without a settings file.
 */
export const DEMO_WORLD: AnalysisNames = {
  products: ['Brindlepost'],
  competitors: ['Kestrelboard', 'Ferncircle', 'Taskmoth'],
  aliases: { Brindlepost: ['Brindle'] },
};

/**
 * The configured names with the demo world's added: a name or alias the configuration already holds
 * (in any case, as a name or an alias) is left as configured, so the result passes the config
 * schema's alias checks whenever the configuration did.
 */
export const withDemoWorld = <T extends AnalysisNames>(analysis: T): T => {
  const taken = new Set([...analysis.products, ...analysis.competitors, ...Object.values(analysis.aliases).flat()].map((n) => n.toLowerCase()));
  const fresh = (names: readonly string[]): string[] => names.filter((n) => !taken.has(n.toLowerCase()));
  const aliases = { ...analysis.aliases };
  for (const [name, spellings] of Object.entries(DEMO_WORLD.aliases)) {
    const added = fresh(spellings);
    if (taken.has(name.toLowerCase()) || added.length === 0) continue;
    aliases[name] = added;
  }
  return {
    ...analysis,
    products: [...analysis.products, ...fresh(DEMO_WORLD.products)],
    competitors: [...analysis.competitors, ...fresh(DEMO_WORLD.competitors)],
    aliases,
  };
};
