/*
 * The tokenizer's fast path for ASCII text (most posts), and for text whose only non-ASCII
 * characters are inert (emoji and other symbols; tokenize.ts masks them first): a hand scan that
 * cuts exactly the tokens the Unicode regex of tokenize.ts cuts (test/text/tokenize-ascii.test.ts
 * checks both agree), at a fraction of its cost. Same alternatives in the same order at each
 * position: URL, @handle, #hashtag, number, word.
 */
import type { Token } from './tokenize.js';

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isUpper = (c: number): boolean => c >= 65 && c <= 90;
const isAlpha = (c: number): boolean => isUpper(c) || (c >= 97 && c <= 122);
/** [\p{L}\p{N}_] in ASCII. */
const isIdent = (c: number): boolean => isAlpha(c) || isDigit(c) || c === 95;
/** The URL regex's excluded characters (\s, <, >, ", ') in ASCII. */
const endsUrl = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 60 || c === 62 || c === 34 || c === 39;

const urlEnd = (s: string, i: number): number => {
  if (!(s.startsWith('http://', i) || s.startsWith('https://', i))) return -1;
  let j = s.charCodeAt(i + 4) === 58 ? i + 7 : i + 8;
  const start = j;
  while (j < s.length && !endsUrl(s.charCodeAt(j))) j++;
  return j > start ? j : -1;
};

const handleEnd = (s: string, i: number): number => {
  if (s.charCodeAt(i) !== 64 || (i > 0 && isIdent(s.charCodeAt(i - 1)))) return -1;
  let j = i + 1;
  while (j < s.length && j - i <= 50 && isIdent(s.charCodeAt(j))) j++;
  return j > i + 1 ? j : -1;
};

const tagEnd = (s: string, i: number): number => {
  if (s.charCodeAt(i) !== 35 || (i > 0 && (isIdent(s.charCodeAt(i - 1)) || s.charCodeAt(i - 1) === 38))) return -1;
  let j = i + 1;
  let letter = false;
  while (j < s.length && isIdent(s.charCodeAt(j))) letter = isAlpha(s.charCodeAt(j++)) || letter;
  return letter ? j : -1;
};

const numberEnd = (s: string, i: number): number => {
  if (!isDigit(s.charCodeAt(i))) return -1;
  let j = i;
  while (j < s.length && isDigit(s.charCodeAt(j))) j++;
  for (;;) {
    const sep = s.charCodeAt(j);
    if ((sep !== 46 && sep !== 44 && sep !== 58) || !isDigit(s.charCodeAt(j + 1))) return j;
    j++;
    while (j < s.length && isDigit(s.charCodeAt(j))) j++;
  }
};

const wordEnd = (s: string, i: number): number => {
  if (!isAlpha(s.charCodeAt(i))) return -1;
  let j = i + 1;
  while (j < s.length && (isAlpha(s.charCodeAt(j)) || isDigit(s.charCodeAt(j)))) j++;
  while (s.charCodeAt(j) === 39 && isAlpha(s.charCodeAt(j + 1))) {
    j += 2;
    while (j < s.length && isAlpha(s.charCodeAt(j))) j++;
  }
  return j;
};

/** The kind of the token `tokenEnd` last found (a variable, not a returned pair: nothing allocated per token). */
let foundKind: Token['kind'] = 'word';

/** The end of the token that starts at `i` (its kind in `foundKind`), or -1 when none starts there. */
const tokenEnd = (s: string, i: number): number => {
  const c = s.charCodeAt(i);
  if (c === 104) {
    const e = urlEnd(s, i);
    if (e >= 0) {
      foundKind = 'url';
      return e;
    }
  }
  if (c === 64) {
    foundKind = 'handle';
    return handleEnd(s, i);
  }
  if (c === 35) {
    foundKind = 'tag';
    return tagEnd(s, i);
  }
  if (isDigit(c)) {
    foundKind = 'number';
    return numberEnd(s, i);
  }
  if (isAlpha(c)) {
    foundKind = 'word';
    return wordEnd(s, i);
  }
  return -1;
};

const endsSentence = (s: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c === 46 || c === 33 || c === 63 || c === 10) return true;
  }
  return false;
};

/** ^\p{Lu}[\p{Lu}\p{Nd}]+$ in ASCII. */
const allUpper = (raw: string): boolean => {
  if (raw.length < 2 || !isUpper(raw.charCodeAt(0))) return false;
  for (let i = 1; i < raw.length; i++) if (!isUpper(raw.charCodeAt(i)) && !isDigit(raw.charCodeAt(i))) return false;
  return true;
};

const lowerText = (raw: string): string => {
  const lower = raw.toLowerCase();
  return lower.endsWith("'s") ? lower.slice(0, -2) : lower;
};

/** True when every UTF-16 unit of `s` is ASCII. */
export const isAscii = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
};

/** Receives each token of a scan: its text (lower-cased; a URL as written), kind and proper-noun cue. */
export type TokenVisitor = (text: string, kind: Token['kind'], proper: boolean) => void;

/**
 * The tokens of `s`, in order, handed to `visit` (at most `max`). `s` must be ASCII and already
 * normalized (tokenize.ts decides). `original`: the text `s` stands for, unit for unit, when `s` is
 * a masked copy (tokenize.ts): URLs, which may run through masked characters, are cut from it.
 */
export const scanAscii = (s: string, max: number, original: string, visit: TokenVisitor): void => {
  let prevEnd = 0;
  let count = 0;
  for (let i = 0; i < s.length && count < max; ) {
    const end = tokenEnd(s, i);
    if (end < 0) {
      i++;
      continue;
    }
    const kind = foundKind;
    const raw = s.slice(i, end);
    const sentenceStart = count === 0 || endsSentence(s, prevEnd, i);
    prevEnd = end;
    const proper = kind === 'word' && ((isUpper(raw.charCodeAt(0)) && !sentenceStart) || (allUpper(raw) && raw.length <= 6));
    count++;
    visit(kind === 'url' ? original.slice(i, end) : lowerText(raw), kind, proper);
    i = end;
  }
};

/** `scanAscii`'s tokens as a list. */
export const tokenizeAscii = (s: string, max: number, original = s): Token[] => {
  const out: Token[] = [];
  scanAscii(s, max, original, (text, kind, proper) => out.push({ text, kind, proper }));
  return out;
};
