/** A message in Slack's incoming-webhook shape: Block Kit blocks plus the plain-text fallback. */
export interface SlackMessage {
  text: string;
  blocks: unknown[];
}

/**
 * Delivers one message. Resolves when delivered; rejects with an AppError whose `retryable`
 * says whether trying again later could succeed (after its own retries are spent).
 */
export interface Notifier {
  readonly channel: string;
  send(message: SlackMessage, signal?: AbortSignal): Promise<void>;
}
