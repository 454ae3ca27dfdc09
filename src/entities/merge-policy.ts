/*
 * When two entities of different namespaces are the same (issue 16, ADR 0031), pure. Only strong
 * evidence merges: the same profile link, or the same normalised name and kind plus at least one
 * topic their items share. A common name alone ("Andrew Gould" on arXiv and on X) never merges.
 */
import type { EntityKind } from './normalize.js';

export interface MergeSubject {
  namespace: string;
  kind: EntityKind;
  norm: string;
  profileUrl: string | null;
  topics: ReadonlySet<string>;
}

/** The reason and its evidence (JSON) when `a` and `b` are one entity; undefined otherwise. */
export const mergeEvidence = (a: MergeSubject, b: MergeSubject): { reason: string; evidence: string } | undefined => {
  if (a.namespace === b.namespace || a.kind !== b.kind) return undefined;
  if (a.profileUrl !== null && a.profileUrl.toLowerCase() === b.profileUrl?.toLowerCase()) return { reason: 'same profile link', evidence: JSON.stringify({ profileUrl: a.profileUrl }) };
  if (a.norm !== b.norm || a.norm.length < 4) return undefined;
  const shared = [...a.topics].filter((t) => b.topics.has(t)).sort();
  if (shared.length === 0) return undefined;
  return { reason: 'same name and a shared topic', evidence: JSON.stringify({ name: a.norm, topics: shared.slice(0, 5) }) };
};
