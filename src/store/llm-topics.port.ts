/** An item's research topic by the topic model (`item_topics.top`) and by the LLM (issue 16); null when none. */
export interface ItemTopicPair {
  topic: string | null;
  llmTopic: string | null;
}

/** Reads the LLM's topic beside the model's (written with the analyses, see `AnalysisWrite.llmTopic`). */
export interface LlmTopicsRepository {
  /** The pair of each existing item among `itemIds` (the LLM's only while it is of the item's analysed content). */
  ofItems(itemIds: readonly number[]): Promise<Map<number, ItemTopicPair>>;
}
