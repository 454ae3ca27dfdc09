/*
 * An analysed item's incident keys for the pipeline's stories stage (ADR 0022): `incidents` from its
 * category and products, and, for a post of another category whose text reports a failure ("can't
 * log into X"), join-only keys. `harvest cluster` has no analysis and never computes them.
 */
import { reportsFailureText } from '../analysis/heuristic/heuristic.analyzer.js';
import { incidentJoinKeys, incidentKeys, type StoryItem } from './features.js';

export interface AnalysedText {
  text: string;
  title?: string | null;
  /** The analysis category (null: not analysed). */
  category: string | null;
  /** Products and competitors the analysis names. */
  products: readonly string[];
}

/** None at all for an item not analysed (it is treated as in `harvest cluster`). */
export const incidentsOf = (it: AnalysedText): Pick<StoryItem, 'incidents' | 'incidentJoins'> => {
  if (it.category === null) return {};
  const incidents = incidentKeys(it.category, it.products);
  const failure = incidents.length === 0 && it.products.length > 0 && reportsFailureText({ text: it.text, title: it.title ?? null });
  return { incidents, incidentJoins: failure ? incidentJoinKeys(it.category, it.products, true) : [] };
};
