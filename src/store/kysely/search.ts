import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from '../dialects/dialect.js';

/**
 * Full-text search (ADR 0017): SQLite FTS5 over an external-content table kept by triggers,
 * PostgreSQL a GIN expression index over a weighted `tsvector`. Both see the same words — runs of
 * letters and digits, lower-cased, diacritics kept, no stemming, no stop words — and a search
 * matches a signal holding every one of its words, the last one as a prefix.
 */

/** Where a search looks: title and text (the item list), or the author's handle too (`GET /signals`). */
export type SearchScope = 'content' | 'content-and-author';

/** Words beyond this many are ignored (a 200-character search has at most 100). */
export const MAX_SEARCH_TERMS = 32;

/**
 * The words of a search: runs of letters and digits, lower-cased. Everything else — quotes, `*`,
 * `-`, `:`, `NEAR(`, SQL — only separates words, so no input reaches either query language as
 * syntax. No words (empty, or punctuation only) means no search filter.
 */
export const searchTerms = (input: string): string[] => (input.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_SEARCH_TERMS);

/** FTS5 query: every word quoted (its syntax characters are gone already), the last one a prefix, all required. */
export const fts5Query = (terms: readonly string[], scope: SearchScope): string => {
  const phrases = terms.map((t, i) => `"${t}"${i === terms.length - 1 ? '*' : ''}`).join(' AND ');
  return scope === 'content' ? `{title text} : (${phrases})` : phrases;
};

/** tsquery text: every word a quoted lexeme, the last one a prefix (`:*`), all required (`&`); `AB` limits them to title and text. */
export const tsQuery = (terms: readonly string[], scope: SearchScope): string => {
  const weights = scope === 'content' ? 'AB' : '';
  return terms.map((t, i) => `'${t.replace(/['\\]/g, '')}':${i === terms.length - 1 ? '*' : ''}${weights}`).join(' & ');
};

/** ASCII punctuation becomes a space before PostgreSQL's parser sees the text, so URLs, e-mails and `snake_case` split into words as FTS5's unicode61 splits them. */
const PG_PUNCTUATION = String.raw`[!-/:-@[-\x60{-~]+`;
const pgWords = (column: string): string => `to_tsvector('simple'::regconfig, regexp_replace(${column}, '${PG_PUNCTUATION}', ' ', 'g'))`;

/**
 * The PostgreSQL search vector: title (weight A), text (B), author handle (D). The GIN index in
 * migration 0009 is on exactly this expression (columns unqualified); queries use it with `i.`.
 */
export const pgSearchVector = (prefix = ''): string =>
  [`setweight(${pgWords(`coalesce(${prefix}title, '')`)}, 'A')`, `setweight(${pgWords(`${prefix}text`)}, 'B')`, `setweight(${pgWords(`coalesce(${prefix}author_handle, '')`)}, 'D')`].join(' || ');

/** The FTS5 table and its triggers (SQLite), created and backfilled by migration 0009. */
export const SQLITE_FTS_SCHEMA = [
  `create virtual table items_fts using fts5(title, text, author_handle, content='items', content_rowid='id', tokenize='unicode61 remove_diacritics 0')`,
  `create trigger items_fts_insert after insert on items begin
     insert into items_fts(rowid, title, text, author_handle) values (new.id, new.title, new.text, new.author_handle);
   end`,
  `create trigger items_fts_delete after delete on items begin
     insert into items_fts(items_fts, rowid, title, text, author_handle) values ('delete', old.id, old.title, old.text, old.author_handle);
   end`,
  // Metric refreshes rewrite every column (an upsert), but only a changed title, text or handle re-indexes.
  `create trigger items_fts_update after update of title, text, author_handle on items
   when old.title is not new.title or old.text is not new.text or old.author_handle is not new.author_handle begin
     insert into items_fts(items_fts, rowid, title, text, author_handle) values ('delete', old.id, old.title, old.text, old.author_handle);
     insert into items_fts(rowid, title, text, author_handle) values (new.id, new.title, new.text, new.author_handle);
   end`,
  `insert into items_fts(items_fts) values ('rebuild')`,
];

export const SQLITE_FTS_DROP = ['drop trigger if exists items_fts_update', 'drop trigger if exists items_fts_delete', 'drop trigger if exists items_fts_insert', 'drop table if exists items_fts'];

/** Tables the FTS5 table keeps itself (`items_fts` and its shadow tables): never copied row by row. */
export const isSearchIndexTable = (name: string): boolean => /^items_fts(_|$)/.test(name);

/**
 * How SQLite finds a search's items: from the FTS matches (`matches`: best when they are few), or
 * along the index of the sort, testing each item (`order`: with many matches a page of the newest
 * ends after a few rows instead of sorting them all). Only the plan differs, never the rows.
 */
export type SearchDrive = 'matches' | 'order';

/** Above this many matches a page sorted by creation time is read along the index (`order`). */
export const MANY_MATCHES = 2000;

/** The condition "item `i` matches `search`", or undefined when the search has no words. */
export const searchCondition = (dialect: DialectName, search: string, scope: SearchScope, drive: SearchDrive = 'matches'): RawBuilder<boolean> | undefined => {
  const terms = searchTerms(search);
  if (terms.length === 0) return undefined;
  // Unary `+` keeps SQLite from looking items up by the matched ids, so it walks the sort's index.
  if (dialect === 'sqlite') return drive === 'order' ? sql<boolean>`+i.id in (select rowid from items_fts where items_fts match ${fts5Query(terms, scope)})` : sql<boolean>`i.id in (select rowid from items_fts where items_fts match ${fts5Query(terms, scope)})`;
  return sql<boolean>`(${sql.raw(pgSearchVector('i.'))}) @@ to_tsquery('simple'::regconfig, ${tsQuery(terms, scope)})`;
};

/** SQLite: how many items match the words, counted in the FTS index without reading an item (the search is the only filter); undefined without words. */
export const ftsMatchCount = (search: string, scope: SearchScope): RawBuilder<{ n: number }> | undefined => {
  const terms = searchTerms(search);
  return terms.length === 0 ? undefined : sql<{ n: number }>`select count(*) as n from items_fts where items_fts match ${fts5Query(terms, scope)}`;
};
