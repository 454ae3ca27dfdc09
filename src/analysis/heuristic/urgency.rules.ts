import type { Category } from '../../domain/analysis.js';
import type { Evidence } from './category.classify.js';

/*
 * Urgency 0–5: a base per category, raised by explicit urgency words, breadth ("everyone",
 * "all users"), loud emphasis (ALL CAPS, "!!!"), data loss or active exploitation, a churn
 * threat riding on a problem report, and strong negativity; lowered by minimisers ("minor"). Confidence 0–1 grows with the
 * winning category's cue score and shrinks when another category scored as high.
 */

const BASE: Readonly<Record<Category, number>> = {
  outage: 4, security: 4, churn_risk: 3, bug: 3, complaint: 2, competitor: 1, question: 1,
  feature_request: 1, research: 1, praise: 0, other: 0,
};

const URGENT = /(?<![a-z])(?:urgent\w*|asap|immediately|emergency|critical|severe|blocker|blocking|production|prod|right now|data loss|lost (?:all )?(?:my |our )?data|all users|everyone|everybody|nobody can|no one can|actively exploited|in the wild|leaked|breach\w*)(?![a-z])/;
const MINOR = /(?<![a-z])(?:minor|small|slight|tiny|cosmetic|typo|nitpick|low priority|not a big deal)(?![a-z])/;
const CAPS_WORD = /\b[A-Z]{3,}\b/g;
const PROBLEMS: ReadonlySet<Category> = new Set<Category>(['outage', 'security', 'bug', 'complaint', 'churn_risk']);

export interface UrgencyInput {
  category: Category;
  text: string;
  lower: string;
  /** Sentiment score after category shift. */
  score: number;
  /** A churn cue fired alongside another problem category ("crashes … uninstalling"). */
  churnThreat: boolean;
}

export interface UrgencyVerdict {
  urgency: number;
  /** Why it moved from the base, for the reasoning. */
  reasons: string[];
}

const shouting = (text: string): boolean => {
  if (text.includes('!!!')) return true;
  const caps = text.match(CAPS_WORD);
  return caps !== null && caps.length >= 2;
};

export const urgencyVerdict = (input: UrgencyInput): UrgencyVerdict => {
  const reasons: string[] = [input.category];
  let u = BASE[input.category];
  const problem = PROBLEMS.has(input.category);
  const urgent = URGENT.exec(input.lower);
  if (urgent && (problem || input.category === 'question')) {
    u += 1;
    reasons.push(`'${urgent[0]}'`);
  }
  if (problem && shouting(input.text)) {
    u += 1;
    reasons.push('emphasis');
  }
  if (input.churnThreat && problem && input.category !== 'churn_risk') {
    u += 1;
    reasons.push('churn threat');
  }
  if (problem && input.score <= -0.6) {
    u += 1;
    reasons.push('strong negativity');
  }
  if (MINOR.test(input.lower) && u > 0) {
    u -= 1;
    reasons.push('minimiser');
  }
  return { urgency: Math.max(0, Math.min(5, Math.round(u))), reasons };
};

const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Confidence from the winner's cue score and the runner-up's. */
export const confidenceOf = (category: Category, evidence: Evidence, sentimentStrength: number): number => {
  if (category === 'other') return round2(0.3 + 0.2 * (1 - Math.min(1, sentimentStrength)));
  const winner = evidence[category].score;
  let runnerUp = 0;
  for (const [name, ev] of Object.entries(evidence)) {
    if (name !== category && name !== 'question' && ev.score > runnerUp) runnerUp = ev.score;
  }
  const base = winner > 0 ? 0.45 + 0.1 * Math.min(winner, 4.5) : 0.35 + 0.3 * Math.min(1, sentimentStrength);
  const contested = runnerUp >= winner && winner > 0 ? 0.15 : 0;
  return round2(Math.max(0.05, Math.min(0.95, base - contested)));
};
