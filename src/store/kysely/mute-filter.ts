/*
 * Mute rules as SQL (ADR 0029): one condition, true when an item (by its table alias) matches a rule,
 * bound as parameters, the same on SQLite and PostgreSQL. Domains match the URL's host or a subdomain
 * of it by LIKE patterns (a `.domain/` inside a path also matches: documented, rare); phrases match
 * title and text case-insensitively (ASCII case on SQLite).
 */
import { sql, type RawBuilder } from 'kysely';
import type { MuteFilter, MuteRule } from '../../domain/mute.js';

const escapeLike = (s: string): string => s.replace(/[\\%_]/g, (c) => `\\${c}`);
const valuesOf = (rules: readonly MuteRule[], kind: MuteRule['kind']): string[] => rules.filter((r) => r.kind === kind).map((r) => r.value);

const HOST_ENDS = ['/', ':', '?', '#'];
const domainPatterns = (domain: string): string[] => {
  const d = escapeLike(domain);
  return ['://', '.'].flatMap((before) => [`%${before}${d}`, ...HOST_ENDS.map((end) => `%${before}${d}${end}%`)]);
};

const like = (expr: RawBuilder<unknown>, pattern: string): RawBuilder<boolean> => sql<boolean>`${expr} like ${pattern} escape '\\'`;

/** Whether the item under `alias` matches any of the author, source, domain and phrase rules, or is a member of a muted story. */
export const itemMuted = (alias: string, rules: readonly MuteRule[]): RawBuilder<boolean> => {
  const ref = (column: string) => sql.ref(`${alias}.${column}`);
  const parts: Array<RawBuilder<boolean>> = [];
  const authors = valuesOf(rules, 'author').flatMap((a) => [a, `@${a}`]);
  if (authors.length > 0) {
    parts.push(sql<boolean>`lower(coalesce(${ref('author_handle')}, '')) in (${sql.join(authors)})`);
    parts.push(sql<boolean>`lower(coalesce(${ref('author_name')}, '')) in (${sql.join(authors)})`);
  }
  const sources = valuesOf(rules, 'source');
  if (sources.length > 0) parts.push(sql<boolean>`${ref('source')} in (${sql.join(sources)})`);
  const url = sql`lower(coalesce(${ref('url')}, ''))`;
  for (const pattern of valuesOf(rules, 'domain').flatMap(domainPatterns)) parts.push(like(url, pattern));
  const content = sql`lower(coalesce(${ref('title')}, '') || ' ' || ${ref('text')})`;
  for (const phrase of valuesOf(rules, 'phrase')) parts.push(like(content, `%${escapeLike(phrase)}%`));
  const stories = valuesOf(rules, 'story').map(Number);
  if (stories.length > 0) {
    parts.push(
      sql<boolean>`${ref('id')} in (select sm.item_id from story_members sm where sm.story_id in (${sql.join(stories)}) or sm.story_id in (select ms.id from stories ms where ms.merged_into in (${sql.join(stories)})))`,
    );
  }
  return parts.length === 0 ? sql<boolean>`1 = 0` : sql<boolean>`(${sql.join(parts, sql` or `)})`;
};

/** Whether the story under `alias` (its lead item under `leadAlias`) is muted: the story itself, or its lead signal. */
export const storyMuted = (alias: string, leadAlias: string, rules: readonly MuteRule[]): RawBuilder<boolean> => {
  const stories = valuesOf(rules, 'story').map(Number);
  const own = stories.length > 0 ? sql<boolean>`${sql.ref(`${alias}.id`)} in (${sql.join(stories)})` : sql<boolean>`1 = 0`;
  const itemRules = rules.filter((r) => r.kind !== 'story');
  const lead = itemRules.length > 0 ? sql<boolean>`(${sql.ref(`${leadAlias}.id`)} is not null and ${itemMuted(leadAlias, itemRules)})` : sql<boolean>`1 = 0`;
  return sql<boolean>`(${own} or ${lead})`;
};

/** The condition a list applies for its view of muted rows; undefined when it filters nothing. */
export const mutedCondition = (muted: RawBuilder<boolean>, view: 'exclude' | 'only'): RawBuilder<boolean> => (view === 'only' ? muted : sql<boolean>`not ${muted}`);

/** An items list's condition for a mute view: the items under `alias` the rules match are left out (`exclude`) or are all it shows (`only`). */
export const itemsMuteView = (alias: string, mutes: MuteFilter): RawBuilder<boolean> => mutedCondition(itemMuted(alias, mutes.rules), mutes.view);
