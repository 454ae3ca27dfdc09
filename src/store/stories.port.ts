import type { MuteFilter } from '../domain/mute.js';
import type { SourceName } from '../domain/item.js';
import type { Assignment } from '../stories/assigner.js';
import type { PersistentStateLimits, StoryStateChanges, StoryStateSnapshot } from '../stories/persistent.state.js';

/** What story assignment reads of an item. */
export interface StoryCandidateItem {
  id: number;
  text: string;
  title: string | null;
  url: string | null;
  createdAt: string;
  /** The item's analysis category and the products it names (null/empty before or without analysis): its incident keys. */
  category: string | null;
  products: string[];
}

/** One batch of assignments and the state changes behind them: written in one transaction. */
export interface StoryBatchWrite {
  members: ReadonlyArray<{ itemId: number; storyId: number; via: Assignment['via'] }>;
  changes: StoryStateChanges;
  at: string;
  /** story_df rows kept at most (the rarest terms pruned past it); undefined: never pruned. */
  maxDfTerms?: number;
}

/** A story's salience and its parts (src/scoring/story-salience.ts). */
export interface StoryBreakdown {
  loudest: number;
  sources: number;
  authors: number;
  growth: number;
  members: number;
  recent: number;
}

/** A story as lists show it. */
export interface StoryRow {
  id: number;
  /** The headline: the loudest member's title (or the start of its text). */
  title: string;
  /** The member the headline comes from. */
  leadItemId: number;
  size: number;
  sources: SourceName[];
  authors: number;
  firstAt: string;
  lastAt: string;
  salience: number | null;
  breakdown: StoryBreakdown | null;
}

export interface StoryMember {
  itemId: number;
  source: SourceName;
  title: string | null;
  text: string;
  url: string | null;
  author: string | null;
  createdAt: string;
  salience: number | null;
  via: string;
}

/** A story with (the latest `memberLimit` of) its members and its timeline (members per hour). */
export interface StoryDetail extends StoryRow {
  members: StoryMember[];
  timeline: Array<{ hour: string; count: number }>;
}

export interface StoryListQuery {
  limit: number;
  /** Offset into the list (loudest first, then newest). */
  offset: number;
  /** Only stories with a member at or after this instant. */
  since?: string;
  minSize?: number;
  minSalience?: number;
  source?: SourceName;
  search?: string;
  /** Hide the stories mute rules match (the story, or its lead signal), or show only them (ADR 0029). */
  mutes?: MuteFilter;
}

/**
 * Which stories a scoring pass computes (ADR 0023, amended 2026-12-05): those with a member created
 * at or after `since` (decay and growth move their score), those never scored or changed since they
 * were scored (a backfill's older stories, a member that joined late, a merge), and those scored
 * before `scoredBefore` (the relevance model changed their members' scores; ADR 0030).
 */
export interface StoryScoringQuery {
  since: string;
  /** `recent` counts the members created at or after this instant. */
  recentSince: string;
  /** '' for none. */
  scoredBefore: string;
}

/** What story salience is computed from: aggregates of a story's members. */
export interface StoryScoringInput {
  id: number;
  loudest: number;
  members: number;
  sources: number;
  authors: number;
  recent: number;
}

/** Story assignment and the story reads (ADR 0023). Each write is one transaction. */
export interface StoriesRepository {
  /** Items with no story yet, oldest first (created_at, then id). */
  pendingItems(limit: number): Promise<StoryCandidateItem[]>;
  /** The assigner's working set as stored, bounded by `limits`. */
  loadState(limits: PersistentStateLimits): Promise<StoryStateSnapshot>;
  /** Stored document frequencies of these terms (absent: 0). */
  documentFrequencies(terms: readonly string[]): Promise<Map<string, number>>;
  /** Memberships, state changes and member counts, in one transaction. */
  saveBatch(write: StoryBatchWrite): Promise<void>;
  /** The stories a scoring pass computes (`StoryScoringQuery`), with their member aggregates. */
  scoringInputs(q: StoryScoringQuery): Promise<StoryScoringInput[]>;
  saveScores(rows: ReadonlyArray<{ id: number; salience: number; breakdown: StoryBreakdown }>, at: string): Promise<void>;
  list(q: StoryListQuery): Promise<StoryRow[]>;
  count(q: Omit<StoryListQuery, 'limit' | 'offset'>): Promise<number>;
  /** A story (merged ones answer as the story they joined); `memberLimit` 0 skips members and timeline. */
  get(id: number, memberLimit: number): Promise<StoryDetail | undefined>;
  /** The story an item belongs to (after merges), or undefined before assignment. */
  storyOfItem(itemId: number): Promise<number | undefined>;
  /** Stories with a member at or after `since` (metrics' "open" stories). */
  openCount(since: string): Promise<number>;
  /** Member counts of the stories with a member at or after `since` (metrics' histogram). */
  sizes(since: string): Promise<number[]>;
}

/** A story notification as queued: the story as it was when it qualified, and which milestone the message marks. */
export interface StoryNotificationRow {
  storyId: number;
  channel: string;
  /** `new` (the story qualified) or a follow-up milestone such as `s3-m25`. */
  milestone: string;
  status: 'pending' | 'sending' | 'sent' | 'failed' | 'unknown' | 'skipped';
  attempts: number;
  story: StoryRow;
  lastError: string | null;
}

/** A story that qualifies on a channel, with the milestones already recorded there and its lead item's category and tags (what routing reads). */
export interface StoryCandidate {
  story: StoryRow;
  milestones: string[];
  category: string;
  tags: string[];
}

/**
 * The story outbox (ADR 0023, with ADR 0004's semantics): one row per (story, channel, milestone),
 * so a story is announced once per channel and each milestone is followed up at most once.
 */
export interface StoryOutboxRepository {
  /** Rows left `sending` by a crashed run become `unknown`: never re-sent automatically. */
  recoverInterrupted(channel: string, now: string): Promise<number>;
  /** Stories that qualify (open, at least `minMembers`, salience ≥ `threshold`, a member since `since`), loudest first, with the milestones already recorded for the channel. */
  candidates(q: { channel: string; threshold: number; minMembers: number; since?: string; limit: number }): Promise<StoryCandidate[]>;
  /** Inserts rows, ignoring (story, channel, milestone) already present; returns how many were new. */
  enqueue(rows: ReadonlyArray<{ story: StoryRow; milestone: string; status: 'pending' | 'skipped' }>, channel: string, now: string): Promise<number>;
  pending(channel: string, limit: number): Promise<StoryNotificationRow[]>;
  /** Marks a row `sending` and counts the attempt; false when it was no longer pending. */
  claim(storyId: number, channel: string, milestone: string, now: string): Promise<boolean>;
  complete(storyId: number, channel: string, milestone: string, status: 'sent' | 'failed' | 'pending' | 'unknown', now: string, error?: string): Promise<void>;
  list(channel?: string): Promise<StoryNotificationRow[]>;
}
