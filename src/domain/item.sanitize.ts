import { contentHash } from './content-hash.js';
import type { Author, NewItem } from './item.js';

/**
 * C0 control characters other than tab, line feed and carriage return, and DEL. NUL cannot be
 * stored in PostgreSQL text or jsonb at all; the rest are never meaningful in a post.
 */
// eslint-disable-next-line no-control-regex
const HAS_CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const CONTROL_CHARS = new RegExp(HAS_CONTROL.source, 'g');

/** An http(s) URL with no white space: what a stored link must be (the API's `url` schema uses it too). */
export const HTTP_URL_PATTERN = '^https?://\\S+$';
const HTTP_URL = new RegExp(HTTP_URL_PATTERN, 'i');

/** True when `s` holds a control character we never store (API input is refused with 400 for it). */
export const hasControlChars = (s: string): boolean => HAS_CONTROL.test(s);

export const stripControlChars = (s: string): string => (HAS_CONTROL.test(s) ? s.replace(CONTROL_CHARS, '') : s);

const stripNullable = (s: string | null): string | null => (s === null ? null : stripControlChars(s));

/** Only http(s) links are kept: a `javascript:` or `data:` URL from a feed is never stored or served. */
export const safeHttpUrl = (url: string | null): string | null => {
  if (url === null) return null;
  const trimmed = stripControlChars(url).trim();
  return HTTP_URL.test(trimmed) ? trimmed : null;
};

/** Strings anywhere inside a raw record, control characters removed (PostgreSQL jsonb refuses \u0000). */
const cleanRaw = (value: unknown, depth = 0): unknown => {
  if (typeof value === 'string') return stripControlChars(value);
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cleanRaw(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[stripControlChars(k)] = cleanRaw(v, depth + 1);
  return out;
};

const rawNeedsCleaning = (value: unknown, depth = 0): boolean => {
  if (typeof value === 'string') return HAS_CONTROL.test(value);
  if (depth > 64 || value === null || typeof value !== 'object') return false;
  if (Array.isArray(value)) return value.some((v) => rawNeedsCleaning(v, depth + 1));
  for (const [k, v] of Object.entries(value)) if (HAS_CONTROL.test(k) || rawNeedsCleaning(v, depth + 1)) return true;
  return false;
};

const cleanAuthor = (a: Author): Author => ({ ...a, id: stripNullable(a.id), handle: stripNullable(a.handle), name: stripNullable(a.name) });

/**
 * The mapping boundary's last step, for every source: control characters stripped from every text
 * field (and the raw record), non-http(s) URLs dropped, and the content hash recomputed when the
 * title or text changed. Pure; returns the same object when nothing needed cleaning.
 */
export const sanitizeNewItem = (item: NewItem): NewItem => {
  const title = stripNullable(item.title);
  const text = stripControlChars(item.text);
  const url = safeHttpUrl(item.url);
  const dirtyRaw = rawNeedsCleaning(item.raw);
  const author = cleanAuthor(item.author);
  const authorChanged = author.id !== item.author.id || author.handle !== item.author.handle || author.name !== item.author.name;
  const externalId = stripControlChars(item.externalId);
  const lang = stripNullable(item.lang);
  if (title === item.title && text === item.text && url === item.url && !dirtyRaw && !authorChanged && externalId === item.externalId && lang === item.lang) return item;
  return {
    ...item,
    externalId,
    title,
    text,
    url,
    lang,
    author,
    raw: dirtyRaw ? cleanRaw(item.raw) : item.raw,
    contentHash: title === item.title && text === item.text ? item.contentHash : contentHash(title, text),
  };
};
