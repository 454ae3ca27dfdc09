import type { Mute, MuteRule } from '../domain/mute.js';

/** Mute rules (migration 0017_mutes, ADR 0029): listed, added, removed; the store's lists and outboxes read them. */
export interface MutesRepository {
  /** Every rule, oldest first. */
  list(): Promise<Mute[]>;
  /** Adds a rule; an equal rule already there is returned as it is (`created: false`). */
  add(rule: MuteRule, actor: string, at: string): Promise<{ mute: Mute; created: boolean }>;
  /** Removes a rule; false when there was none with this id. */
  remove(id: number): Promise<boolean>;
}
