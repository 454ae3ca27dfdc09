/*
 * The tokenizer every text feature starts from: HTML entities decoded, NFKC-normalized, Unicode
 * aware (letters and marks of any script; Han, kana and Thai, written without spaces, as runs),
 * with URLs, @handles and #hashtags kept whole as features of their own. Pure and linear in the
 * text: a 1 MB text is cut at `maxTokens`, never re-scanned.
 */
import { decodeEntities } from './entities.js';
import { isAscii, scanAscii, type TokenVisitor } from './tokenize-ascii.js';

export type TokenKind = 'word' | 'number' | 'url' | 'handle' | 'tag' | 'cjk';

export interface Token {
  /** Lower-cased (URLs as written: canonicalized later). */
  text: string;
  kind: TokenKind;
  /**
   * Written with a capital (or all caps) somewhere other than the start of a sentence: a cheap
   * named-entity cue ("Lohan", "Betty Ford", "NASA").
   */
  proper: boolean;
}

export interface TokenizeOptions {
  /** Stop after this many tokens (default 5,000): bounds the cost of a huge text. */
  maxTokens?: number;
}

/** Scripts written without spaces between words: tokenized as runs (then bigrams), never as part of a word. */
const NO_SPACE = String.raw`\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}ー`;
const LETTER = String.raw`[[\p{L}\p{M}]--[${NO_SPACE}]]`;

const TOKEN = new RegExp(
  [
    String.raw`(?<url>https?:\/\/[^\s<>"'\u00a0]+)`,
    String.raw`(?<handle>(?<![\p{L}\p{N}_])@[\p{L}\p{N}_]{1,50})`,
    String.raw`(?<tag>(?<![\p{L}\p{N}_&])#[\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)`,
    `(?<cjk>[${NO_SPACE}]+)`,
    String.raw`(?<number>\p{Nd}+(?:[.,:]\p{Nd}+)*)`,
    String.raw`(?<word>${LETTER}(?:${LETTER}|\p{Nd})*(?:['’]${LETTER}+)*)`,
  ].join('|'),
  'gv',
);

const SENTENCE_END = new Set(['.', '!', '?', '。', '！', '？', '\n']);

/** Whether the gap text[from, to) holds a sentence end. */
const endsSentence = (text: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) if (SENTENCE_END.has(text[i] as string)) return true;
  return false;
};
const UPPER = /^\p{Lu}/u;
const ALL_UPPER = /^\p{Lu}[\p{Lu}\p{Nd}]+$/u;

/** Text with entities decoded and NFKC applied (full-width letters, ligatures and the like folded). */
export const normalizeText = (text: string): string => {
  const decoded = decodeEntities(text);
  // NFKC leaves ASCII as it is.
  return isAscii(decoded) ? decoded : decoded.normalize('NFKC');
};

const kindOf = (groups: Record<string, string | undefined>): TokenKind => {
  if (groups.url !== undefined) return 'url';
  if (groups.handle !== undefined) return 'handle';
  if (groups.tag !== undefined) return 'tag';
  if (groups.cjk !== undefined) return 'cjk';
  if (groups.number !== undefined) return 'number';
  return 'word';
};

/**
 * A non-ASCII character the regex could read as part of a token or a token boundary: a letter,
 * mark or number of any script, a space, a character of the scripts cut as runs, the typographic
 * apostrophe (inside words) or a CJK sentence end. Text whose non-ASCII characters are all
 * anything else (emoji, arrows, dashes, currency signs…) cuts the same tokens in the ASCII scan,
 * which reads every non-ASCII unit as a separator and lets a URL run on through it, as the regex does.
 */
const ACTIVE_CHAR = new RegExp(`^[\\p{L}\\p{M}\\p{N}\\s${NO_SPACE}’。！？]$`, 'v');
/** Per BMP code unit: 0 not yet looked at, 1 inert, 2 active (filled as met). */
const bmpClass = new Uint8Array(0x10000);
/** Astral code points looked at: active or not (bounded: cleared when full). */
const astralClass = new Map<number, boolean>();

const activeBmp = (c: number): boolean => {
  let k = bmpClass[c] as number;
  if (k === 0) bmpClass[c] = k = ACTIVE_CHAR.test(String.fromCharCode(c)) ? 2 : 1;
  return k === 2;
};

const activeAstral = (cp: number): boolean => {
  let a = astralClass.get(cp);
  if (a === undefined) {
    a = ACTIVE_CHAR.test(String.fromCodePoint(cp));
    if (astralClass.size >= 10_000) astralClass.clear();
    astralClass.set(cp, a);
  }
  return a;
};

/** Whether `norm` (normalized) cuts the same tokens in the ASCII scan as in the regex: no active non-ASCII character. */
export const asciiScannable = (norm: string): boolean => {
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (c < 128) continue;
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < norm.length) {
      const cp = norm.codePointAt(i) as number;
      if (cp > 0xffff) {
        if (activeAstral(cp)) return false;
        i++;
        continue;
      }
    }
    if (activeBmp(c)) return false;
  }
  return true;
};

/**
 * `norm` with every non-ASCII code unit replaced by U+0001, as a one-byte string: the ASCII scan
 * reads the stand-in as it reads an inert character (a separator a URL runs on through), and
 * stays on one string representation (a scan that met two-byte strings too ran slower on all text).
 */
const masked = (norm: string): string => {
  const CHUNK = 4096;
  const codes = new Array<number>(Math.min(CHUNK, norm.length));
  let out = '';
  for (let from = 0; from < norm.length; from += CHUNK) {
    const n = Math.min(CHUNK, norm.length - from);
    codes.length = n;
    for (let i = 0; i < n; i++) {
      const c = norm.charCodeAt(from + i);
      codes[i] = c < 128 ? c : 1;
    }
    out += String.fromCharCode(...codes);
  }
  return out;
};

/** Splits `text` into tokens, in order. */
export const tokenize = (text: string, opts: TokenizeOptions = {}): Token[] => {
  const out: Token[] = [];
  forEachToken(text, opts, (t, kind, proper) => out.push({ text: t, kind, proper }));
  return out;
};

/**
 * The tokens of `text` handed to `visit` one by one, in order: the ASCII scan for ASCII text and for
 * text whose non-ASCII characters are all inert (on a masked copy), the regex for the rest. A caller
 * that reads each token once (story features) gets them without a token object each.
 */
export const forEachToken = (text: string, opts: TokenizeOptions, visit: TokenVisitor): void => {
  const max = opts.maxTokens ?? 5000;
  const norm = normalizeText(text);
  if (isAscii(norm)) scanAscii(norm, max, norm, visit);
  else if (asciiScannable(norm)) scanAscii(masked(norm), max, norm, visit);
  else for (const t of tokenizeUnicode(norm, max)) visit(t.text, t.kind, t.proper);
};

/** The regex tokenizer, for any text (`norm` already normalized); tokenize-ascii.ts cuts the same tokens of ASCII text faster. */
export const tokenizeUnicode = (norm: string, max: number): Token[] => {
  const out: Token[] = [];
  let prevEnd = 0;
  for (const m of norm.matchAll(TOKEN)) {
    if (out.length >= max) break;
    const raw = m[0];
    const kind = kindOf(m.groups ?? {});
    const sentenceStart = out.length === 0 || endsSentence(norm, prevEnd, m.index);
    prevEnd = m.index + raw.length;
    const proper = kind === 'word' && ((UPPER.test(raw) && !sentenceStart) || (ALL_UPPER.test(raw) && raw.length <= 6));
    out.push({ text: kind === 'url' ? raw : raw.toLowerCase().replace(/['’]s$/u, ''), kind, proper });
  }
  return out;
};
