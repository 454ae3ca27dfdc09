import type { Category } from '../../domain/analysis.js';
import type { Cue } from './category.cues.js';
import { ANNOUNCEMENT, BUG, CHURN, COMPLAINT, FEATURE, OUTAGE, PRAISE, RESEARCH, RESEARCH_HOSTS, SECURITY } from './category.cues.js';

/*
 * Picks one category from cue scores with a fixed precedence: security, outage, research, then
 * explicit churn intent ("I'm cancelling", "switching to …") unless bug or feature-request cues
 * outweigh it, then bug vs feature request (the higher score wins, bug on ties), weaker churn
 * cues ("uninstalled"), competitor, question, complaint, praise, other. A question about an
 * outage is an outage; "keeps crashing, I'm switching to X" is churn risk, while a long bug
 * report ending "I'll uninstall" stays a bug.
 */

export interface CategoryEvidence {
  score: number;
  /** Distinct matched phrases, first few only. */
  matches: string[];
}

export type CueCategory = Exclude<Category, 'other'>;
export type Evidence = Record<CueCategory, CategoryEvidence>;

export interface ClassifyInput {
  lower: string;
  urls: readonly string[];
  /** Sentiment compound in [−1, 1]. */
  compound: number;
  /** Configured competitor names found in the text. */
  competitors: readonly string[];
  /** Churn cues to use instead of the static ones (the static ones plus name-specific cues). */
  churnCues?: readonly Cue[];
}

export interface Classification {
  category: Category;
  evidence: Evidence;
  /** Score of the winning category (0 for other). */
  score: number;
}

const MAX_MATCHES = 3;

/**
 * Sums cue weights over distinct matches (≤ 2 per cue); a match overlapping an earlier one is
 * skipped, so zero-weight "denial" cues listed first ("no bugs") silence the words they cover.
 */
const scoreCues = (lower: string, cues: readonly Cue[]): CategoryEvidence => {
  const ev: CategoryEvidence = { score: 0, matches: [] };
  const spans: number[] = [];
  const overlaps = (from: number, to: number): boolean => {
    for (let i = 0; i < spans.length; i += 2) if (from < (spans[i + 1] ?? 0) && to > (spans[i] ?? 0)) return true;
    return false;
  };
  for (const cue of cues) {
    cue.re.lastIndex = 0;
    let count = 0;
    let m: RegExpExecArray | null;
    const limit = cue.weight === 0 ? Number.POSITIVE_INFINITY : (cue.maxMatches ?? 2);
    while (count < limit && (m = cue.re.exec(lower)) !== null) {
      const to = m.index + m[0].length;
      if (overlaps(m.index, to) || ev.matches.includes(m[0])) continue;
      spans.push(m.index, to);
      count++;
      ev.score += cue.weight;
      if (cue.weight > 0 && ev.matches.length < MAX_MATCHES) ev.matches.push(m[0].trim());
    }
  }
  return ev;
};

const QUESTION_START =
  /^(?:who|what|when|where|why|how|which|is|are|was|were|do|does|did|can|could|will|would|should|has|have|any ?one|any idea)\b/;
const QUESTION_PHRASE = /(?<![a-z])(?:does anyone know|anyone know|is there (?:a|any) way|how (?:do|can|to) (?:i|we|you)|any idea)(?![a-z])/;

const questionEvidence = (lower: string): CategoryEvidence => {
  const asks = lower.includes('?');
  const phrase = QUESTION_PHRASE.exec(lower);
  const starts = QUESTION_START.test(lower.replace(/^(?:@\w+\s*)+/, ''));
  const score = (asks ? 2 : 0) + (phrase ? 1.5 : 0) + (starts ? 0.5 : 0);
  const matches = [asks ? '?' : '', phrase?.[0] ?? ''].filter((s) => s !== '');
  return { score, matches };
};

const researchEvidence = (lower: string, urls: readonly string[]): CategoryEvidence => {
  const ev = scoreCues(lower, RESEARCH);
  const link = urls.find((u) => RESEARCH_HOSTS.test(u));
  if (link !== undefined) {
    ev.score += 3;
    ev.matches.unshift(link.replace(/^https?:\/\//, '').slice(0, 40));
  }
  return ev;
};

const COMPARISON = /(?<![a-z])(?:better than|worse than|vs\.?|versus|compared to|unlike|instead of|prefer|rather than|alternative to)(?![a-z])/;

const competitorEvidence = (lower: string, competitors: readonly string[]): CategoryEvidence => {
  if (competitors.length === 0) return { score: 0, matches: [] };
  const cmp = COMPARISON.exec(lower);
  return { score: 2 + (cmp ? 1 : 0), matches: [...competitors.slice(0, 2), ...(cmp ? [cmp[0]] : [])] };
};

/**
 * Whether a lower-cased, URL-free text reports a service failing (the outage cues' score ≥ 2: an
 * access failure, a stoppage, "stuck on sending", or more), whatever category wins.
 */
export const reportsFailure = (lower: string): boolean => scoreCues(lower, OUTAGE).score >= 2;

export const collectEvidence = (input: ClassifyInput): Evidence => ({
  security: scoreCues(input.lower, SECURITY),
  outage: scoreCues(input.lower, OUTAGE),
  bug: scoreCues(input.lower, BUG),
  feature_request: scoreCues(input.lower, FEATURE),
  churn_risk: scoreCues(input.lower, input.churnCues ?? CHURN),
  competitor: competitorEvidence(input.lower, input.competitors),
  question: questionEvidence(input.lower),
  complaint: scoreCues(input.lower, COMPLAINT),
  praise: scoreCues(input.lower, PRAISE),
  research: researchEvidence(input.lower, input.urls),
});

/**
 * Security needs an incident, a vulnerability or a threat (a weight-3 cue); research or
 * announcement language raises the bar to two of them.
 */
const securityBar = (ev: Evidence, lower: string): number => {
  ANNOUNCEMENT.lastIndex = 0;
  return ev.research.score >= 3 || ANNOUNCEMENT.test(lower) ? 6 : 3;
};

const pick = (ev: Evidence, compound: number, lower: string): Category => {
  if (ev.security.score >= securityBar(ev, lower)) return 'security';
  if (ev.outage.score >= 3) return 'outage';
  if (ev.research.score >= 3) return 'research';
  const bug = ev.bug.score >= 2 ? ev.bug.score : 0;
  const feature = ev.feature_request.score >= 2 ? ev.feature_request.score : 0;
  const churn = ev.churn_risk.score;
  if (churn >= 3 && churn >= bug && churn >= feature) return 'churn_risk';
  if (bug > 0 || feature > 0) return bug >= feature ? 'bug' : 'feature_request';
  if (ev.churn_risk.score >= 2) return 'churn_risk';
  if (ev.security.score >= 1.5 && compound < 0 && ev.research.score < 3) return 'security';
  if (ev.competitor.score >= 2) return 'competitor';
  const complaint = ev.complaint.score >= 2 || compound <= -0.4;
  if (ev.question.score >= 2 && !complaint) return 'question';
  if (complaint || (compound < -0.05 && ev.bug.score > 0)) return 'complaint';
  if (ev.praise.score >= 2 || compound >= 0.5) return 'praise';
  return 'other';
};

export const classify = (input: ClassifyInput): Classification => {
  const evidence = collectEvidence(input);
  const category = pick(evidence, input.compound, input.lower);
  const score = category === 'other' ? 0 : evidence[category].score;
  return { category, evidence, score };
};
