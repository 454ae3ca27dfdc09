import type { ScoringConfig } from '../config/scoring.config.js';
import type { StoryBreakdown, StoryScoringInput } from '../store/stories.port.js';

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * A story's salience from its members (ADR 0023): its loudest member's salience, plus points for
 * each distinct source beyond the first, for distinct authors (per doubling), and for growth (the
 * share of members that arrived in the last `growthHours`, for stories of three or more), capped
 * at the item scale's cap. The breakdown holds each part's points and the counts behind them.
 */
export const computeStorySalience = (s: StoryScoringInput, cfg: ScoringConfig): { salience: number; breakdown: StoryBreakdown } => {
  const c = cfg.stories;
  const sources = c.sourcePoints * Math.min(Math.max(0, s.sources - 1), c.maxSources);
  const authors = Math.min(c.maxAuthorPoints, c.authorPoints * Math.log2(Math.max(1, s.authors)));
  const growth = s.members >= 3 ? c.growthPoints * (s.recent / s.members) : 0;
  const salience = Math.min(cfg.weights.cap, Math.max(0, s.loudest) + sources + authors + growth);
  return {
    salience: round3(salience),
    breakdown: { loudest: round3(s.loudest), sources: round3(sources), authors: round3(authors), growth: round3(growth), members: s.members, recent: s.recent },
  };
};

/** The follow-up milestone a story has reached: the highest source and mention marks passed ("s3-m25"), or null below both. */
export const storyMilestone = (size: number, sources: number, cfg: ScoringConfig): string | null => {
  const m = Math.max(0, ...cfg.stories.mentionMilestones.filter((x) => x <= size));
  const s = Math.max(0, ...cfg.stories.sourceMilestones.filter((x) => x <= sources));
  return m === 0 && s === 0 ? null : `s${s}-m${m}`;
};
