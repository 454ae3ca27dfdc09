/*
 * Turns raw social text into something the rules can read: HTML entities decoded, URLs pulled
 * out (kept aside: their hosts matter for research links), typographic quotes straightened,
 * emojis spaced from words, and all whitespace (embedded newlines included) collapsed.
 */

export interface NormalisedText {
  /** Cleaned text, original case, URLs removed. */
  text: string;
  /** Lower-cased `text`, for the rules. */
  lower: string;
  /** URLs found in the raw text, in order. */
  urls: string[];
}

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', mdash: '—',
  ndash: '–', rsquo: "'", lsquo: "'", rdquo: '"', ldquo: '"', laquo: '«', raquo: '»', copy: '©',
  reg: '®', trade: '™', euro: '€', pound: '£', middot: '·', bull: '•',
};

const ENTITY = /&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,8});/gi;
const URL = /\b(?:https?:\/\/|www\.)[^\s<>"]+/gi;
const TRAILING_URL_PUNCT = /[.,;:!?)\]}'"]+$/;
const QUOTES = /[\u2018\u2019\u201B\u2032]/g;
const DQUOTES = /[\u201C\u201D\u201F\u2033]/g;
const EMOJI = /(\p{Extended_Pictographic}(?:\uFE0F)?)/gu;
const SPACES = /\s+/g;

const decodeEntity = (match: string, body: string): string => {
  if (body.charCodeAt(0) !== 35 /* # */) return NAMED_ENTITIES[body.toLowerCase()] ?? match;
  const hex = body[1] === 'x' || body[1] === 'X';
  const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
  return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : match;
};

/** Decodes HTML entities; twice, because feeds often double-escape ("&amp;amp;"). */
export const decodeEntities = (text: string): string => {
  if (!text.includes('&')) return text;
  const once = text.replace(ENTITY, decodeEntity);
  return once.includes('&') ? once.replace(ENTITY, decodeEntity) : once;
};

export const normaliseText = (raw: string): NormalisedText => {
  const urls: string[] = [];
  const decoded = decodeEntities(raw);
  const withoutUrls = decoded.replace(URL, (u) => {
    urls.push(u.replace(TRAILING_URL_PUNCT, ''));
    return ' ';
  });
  const text = withoutUrls
    .replace(QUOTES, "'")
    .replace(DQUOTES, '"')
    .replace(EMOJI, ' $1 ')
    .replace(SPACES, ' ')
    .trim();
  return { text, lower: text.toLowerCase(), urls };
};
