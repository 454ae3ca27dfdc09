import type { EntityMention } from '../entities/extract.js';
import type { EntityKind } from '../entities/normalize.js';

/** What extraction needs of an item (the raw record parsed). */
export interface EntityCandidate {
  id: number;
  source: string;
  title: string | null;
  text: string;
  url: string | null;
  authorId: string | null;
  authorHandle: string | null;
  authorName: string | null;
  authorFollowers: number | null;
  raw: unknown;
  contentHash: string;
  createdAt: string;
}

/** One item's extraction, written with the others of its batch in one transaction. */
export interface ItemEntitiesWrite {
  itemId: number;
  contentHash: string;
  createdAt: string;
  /** The author's followers, when the source gives them (obscurity blends them in). */
  authorFollowers: number | null;
  mentions: readonly EntityMention[];
}

/** An entity as a merge check sees it: the topics its items count under. */
export interface MergeCandidate {
  id: number;
  namespace: string;
  kind: EntityKind;
  norm: string;
  profileUrl: string | null;
  topics: ReadonlySet<string>;
}

/** The stage's policies, applied inside the batch's transaction. */
export interface EntityBatchPolicy {
  /** Why `a` and `b` are the same entity, or undefined (ADR 0031: strong evidence only). */
  mergeEvidence(a: MergeCandidate, b: MergeCandidate): { reason: string; evidence: string } | undefined;
  /**
   * A discovery's new score and breakdown once its item's authors are known: `priorItems` is how
   * many items its authoring entities had before it (undefined: none of them is known).
   */
  rescoreDiscovery?(breakdown: Record<string, number>, priorItems: number, followers: number | null): { score: number; breakdown: Record<string, number> };
}

export interface EntityBatchResult {
  linked: number;
  merges: number;
  rescored: number;
}

export interface EntityRow {
  id: number;
  kind: EntityKind;
  name: string;
  namespace: string;
  profileUrl: string | null;
  /** Items of the entity and of every entity merged into it. */
  items: number;
  firstSeen: string | null;
  lastSeen: string | null;
}

export interface EntityMergeRow {
  id: number;
  fromId: number;
  intoId: number;
  name: string;
  namespace: string;
  reason: string;
  evidence: string;
  createdAt: string;
  undoneAt: string | null;
}

export interface EntityItemRow {
  id: number;
  source: string;
  title: string | null;
  text: string;
  url: string | null;
  createdAt: string;
  role: string;
  topic: string | null;
}

export interface EntityDetail extends EntityRow {
  /** Where its items came from, with counts. */
  sources: Array<{ source: string; count: number }>;
  topics: Array<{ topic: string; count: number }>;
  /** The entities merged into this one (their names and namespaces) and the merge records. */
  merged: EntityMergeRow[];
  /** Set when this entity is merged into another (reads show the other). */
  mergedInto: number | null;
  items: number;
  recent: EntityItemRow[];
}

export interface EntityListQuery {
  kind?: EntityKind;
  /** Substring of the normalised name. */
  name?: string;
  limit: number;
  offset: number;
}

/**
 * Entities in the store (issue 16, ADR 0031): people, labs, organisations and products, the items
 * that name them, and the merges of one entity into another — each recorded and undoable.
 */
export interface EntitiesRepository {
  /** Items never scanned or changed since (content hash), by id after `afterId`. */
  pending(afterId: number, limit: number): Promise<EntityCandidate[]>;
  /**
   * One batch in one transaction: entities upserted, each item's links replaced, the items marked
   * scanned, entities with the same normalised name merged where the policy finds evidence (a pair
   * whose merge was undone is never merged again), discoveries rescored. A kill leaves all or none.
   */
  saveBatch(rows: readonly ItemEntitiesWrite[], now: string, policy: EntityBatchPolicy): Promise<EntityBatchResult>;
  /** Canonical entities (not merged into another), most items first. */
  list(q: EntityListQuery): Promise<{ entities: EntityRow[]; total: number }>;
  /** One entity with everything merged into it; undefined when it does not exist. */
  get(id: number, itemLimit: number): Promise<EntityDetail | undefined>;
  /** The canonical entities of items (roles kept), for a signal's page. */
  ofItems(itemIds: readonly number[]): Promise<Map<number, Array<{ id: number; kind: EntityKind; name: string; role: string }>>>;
  /** Undoes the merge of entity `id` into another; false when it is not merged. */
  unmerge(id: number, now: string): Promise<EntityMergeRow | undefined>;
}
