/*
 * Obscurity from entity prominence (issue 16): an item whose authors, owners or repository had few
 * items before it is obscure. The part has the shape of the followers' one (src/topics/discovery.ts):
 * 100 / (1 + log10(1 + n) / 2) for n earlier items (100 at the first, 67 after 9, 50 after 99); when
 * the followers are known too, the mean of the two.
 */
import { discoveryScore, type DiscoveryBreakdown, type DiscoveryWeights } from '../topics/discovery.js';

const r1 = (x: number): number => Math.round(x * 10) / 10;

/** The obscurity part for `priorItems` earlier items of its authoring entities (and the followers, when known). */
export const prominenceObscurity = (priorItems: number, followers: number | null): number => {
  const fromEntities = 100 / (1 + Math.log10(1 + Math.max(0, priorItems)) / 2);
  if (followers === null) return r1(fromEntities);
  const fromFollowers = 100 / (1 + Math.log10(1 + Math.max(0, followers)) / 2);
  return r1((fromEntities + fromFollowers) / 2);
};

/** A stored discovery breakdown with its obscurity replaced, and its score recomputed under `weights`. */
export const rescoreWithProminence = (breakdown: Record<string, number>, priorItems: number, followers: number | null, weights: DiscoveryWeights): { score: number; breakdown: Record<string, number> } => {
  const parts: DiscoveryBreakdown = {
    novelty: breakdown.novelty ?? 0,
    emergence: breakdown.emergence ?? 0,
    echo: breakdown.echo ?? 0,
    obscurity: prominenceObscurity(priorItems, followers),
    recency: breakdown.recency ?? 0,
  };
  return { score: discoveryScore(parts, weights), breakdown: { ...breakdown, ...parts } };
};
