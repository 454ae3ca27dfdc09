/** A relevance label as given: `clear` takes an item's label away (SPEC 2.6, issue 18). */
export type LabelValue = 'relevant' | 'irrelevant' | 'clear';
export const LABEL_VALUES = ['relevant', 'irrelevant', 'clear'] as const satisfies readonly LabelValue[];

/** One label event, kept for history. */
export interface LabelEvent {
  itemId: number;
  label: LabelValue;
  /** Who gave it: the API key's name, or `cli`. */
  actor: string;
  /** ISO-8601 UTC. */
  at: string;
}

/** An item's current label (its newest event, unless that was `clear`), with the history, newest first. */
export interface ItemLabel {
  itemId: number;
  label: Exclude<LabelValue, 'clear'> | null;
  actor: string | null;
  at: string | null;
  history: LabelEvent[];
}

/** Labels on signals (migration 0014_feedback): appended, never updated; the last one wins. */
export interface LabelsRepository {
  /** Records a label; `undefined` (nothing written) when the item does not exist. */
  set(event: LabelEvent): Promise<ItemLabel | undefined>;
  /** The item's label and history; `undefined` when the item does not exist. */
  get(itemId: number): Promise<ItemLabel | undefined>;
  /** Every item's current label (relevant or irrelevant), ordered by item id: what the model trains on. */
  current(): Promise<Array<{ itemId: number; label: 'relevant' | 'irrelevant'; at: string }>>;
  /** The current labels of these items (those labelled; cleared ones left out): the dashboard's table. */
  of(itemIds: readonly number[]): Promise<Array<{ itemId: number; label: 'relevant' | 'irrelevant'; at: string }>>;
}

/** One story label event, kept for history. */
export interface StoryLabelEvent {
  storyId: number;
  label: LabelValue;
  actor: string;
  at: string;
}

/** A story's current label (its newest event, unless that was `clear`), with the history, newest first. */
export interface StoryLabel {
  storyId: number;
  label: Exclude<LabelValue, 'clear'> | null;
  actor: string | null;
  at: string | null;
  history: StoryLabelEvent[];
}

/** Labels on stories (migration 0017_mutes): as on signals; a merged story's id reaches the story it merged into. */
export interface StoryLabelsRepository {
  /** Records a label on the story (or the story it merged into); `undefined` (nothing written) when there is no such story. */
  set(event: StoryLabelEvent): Promise<StoryLabel | undefined>;
  get(storyId: number): Promise<StoryLabel | undefined>;
}
