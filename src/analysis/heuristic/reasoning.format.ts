import type { Category } from '../../domain/analysis.js';
import type { Evidence } from './category.classify.js';
import type { SentimentVerdict } from './sentiment.rules.js';
import type { VaderScore } from './vader.sentiment.js';

/*
 * The reasoning string names the rules that fired, e.g.
 * "outage: 'is acme down', 'can't log in'; sentiment: vader compound -0.42 ('down'); urgency 5
 * from outage+'everyone'; confidence 0.85". Never longer than 400 characters.
 */

export const MAX_REASONING = 400;

export interface ReasoningInput {
  category: Category;
  evidence: Evidence;
  vader: VaderScore;
  sentiment: SentimentVerdict;
  urgency: number;
  urgencyReasons: readonly string[];
  confidence: number;
}

const quote = (s: string): string => `'${s.length > 40 ? `${s.slice(0, 39)}…` : s}'`;

const categoryPart = (category: Category, evidence: Evidence, compound: number): string => {
  if (category === 'other') return 'other: no category rule fired';
  const matches = evidence[category].matches;
  if (matches.length > 0) return `${category}: ${matches.map(quote).join(', ')}`;
  return `${category}: from sentiment ${compound.toFixed(2)}`;
};

const sentimentPart = (v: VaderScore, s: SentimentVerdict): string => {
  const words = v.hits.length > 0 ? ` (${v.hits.slice(0, 4).map(quote).join(', ')})` : '';
  const flags = [v.negated ? 'negation' : '', v.intensified ? 'intensifier' : ''].filter((f) => f !== '');
  const shift = s.shifted ? `, problem shift → ${s.score.toFixed(2)}` : '';
  const extra = flags.length > 0 ? ` [${flags.join(', ')}]` : '';
  return `sentiment ${s.sentiment}: vader compound ${v.compound.toFixed(2)}${words}${extra}${shift}`;
};

export const formatReasoning = (r: ReasoningInput): string => {
  const parts = [
    categoryPart(r.category, r.evidence, r.vader.compound),
    sentimentPart(r.vader, r.sentiment),
    `urgency ${r.urgency} from ${r.urgencyReasons.join('+')}`,
    `confidence ${r.confidence.toFixed(2)}`,
  ];
  const text = parts.join('; ');
  return text.length <= MAX_REASONING ? text : `${text.slice(0, MAX_REASONING - 1)}…`;
};
