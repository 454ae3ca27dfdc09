/*
 * The tokenizer every text feature starts from: HTML entities decoded, NFKC-normalized, Unicode
 * aware (letters and marks of any script; Han, kana and Thai, written without spaces, as runs),
 * with URLs, @handles and #hashtags kept whole as features of their own. Pure and linear in the
 * text: a 1 MB text is cut at `maxTokens`, never re-scanned.
 */
import { decodeEntities } from './entities.js';
import { isAscii, tokenizeAscii } from './tokenize-ascii.js';

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

/** Splits `text` into tokens, in order. */
export const tokenize = (text: string, opts: TokenizeOptions = {}): Token[] => {
  const max = opts.maxTokens ?? 5000;
  const norm = normalizeText(text);
  if (isAscii(norm)) return tokenizeAscii(norm, max);
  return tokenizeUnicode(norm, max);
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
