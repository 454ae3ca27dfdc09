/*
 * Tokens → index terms: stop words dropped (the `stopword` package's English list), Latin words
 * Porter-stemmed (`stemmer`), Han/kana/Thai runs as character bigrams, numbers as written, and the
 * kept features prefixed so they never collide with words: `u:` + canonical URL, `@handle`,
 * `#tag` (a hashtag and a handle also count as their word, so "#outage" meets "outage").
 */
import { stemmer } from 'stemmer';
import { eng } from 'stopword';
import { normalizeText, type Token } from './tokenize.js';
import { canonicalUrl } from './url.js';

const STOP = new Set(eng.map((w) => w.toLowerCase()));
const LATIN = /^[a-z]+$/;
const STEM_CACHE_MAX = 200_000;
const stemCache = new Map<string, string>();

/** The Porter stem of a lower-case Latin word (cached; other scripts pass through unchanged). */
export const stem = (word: string): string => {
  if (!LATIN.test(word) || word.length < 4) return word;
  let s = stemCache.get(word);
  if (s === undefined) {
    if (stemCache.size >= STEM_CACHE_MAX) stemCache.clear();
    s = stemmer(word);
    stemCache.set(word, s);
  }
  return s;
};

/** True for a stop word (English list) or a one-letter Latin token. */
export const isStopWord = (word: string): boolean => STOP.has(word) || (word.length < 2 && LATIN.test(word));

export interface Term {
  readonly term: string;
  /** The token's cue for weighting: a proper noun, a number, a kept feature or a plain word. */
  readonly cue: 'proper' | 'number' | 'feature' | 'word';
}

const bigrams = (run: string): string[] => {
  const chars = [...run];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
};

/**
 * Lower-case word → its terms as a plain word and as a proper noun (one-term lists), or two empty
 * lists for a stop word; bounded like the stem cache. The lists are shared: callers only read them.
 */
const NO_TERMS: readonly Term[] = Object.freeze([]);
const wordCache = new Map<string, readonly [readonly Term[], readonly Term[]]>();

const wordTerms = (word: string, proper: boolean): readonly Term[] => {
  let terms = wordCache.get(word);
  if (terms === undefined) {
    const term = isStopWord(word) ? undefined : stem(word);
    terms = term === undefined ? [NO_TERMS, NO_TERMS] : [Object.freeze([{ term, cue: 'word' }]), Object.freeze([{ term, cue: 'proper' }])];
    if (wordCache.size >= STEM_CACHE_MAX) wordCache.clear();
    wordCache.set(word, terms);
  }
  return terms[proper ? 1 : 0];
};

/** The index terms of one token (none, one or a few; a shared list: read it, do not change it). */
export const termsOf = (t: Token): readonly Term[] => {
  switch (t.kind) {
    case 'url': {
      const key = canonicalUrl(t.text);
      return key ? [{ term: `u:${key}`, cue: 'feature' }] : [];
    }
    case 'handle':
    case 'tag':
      return [{ term: t.text, cue: 'feature' }, ...wordTerms(t.text.slice(1), false)];
    case 'cjk':
      return bigrams(t.text).map((term) => ({ term, cue: 'word' }));
    case 'number':
      // Years, codes, magnitudes and counts tell events apart; "10 minutes" does not.
      return [{ term: t.text, cue: t.text.length >= 3 ? 'number' : 'word' }];
    case 'word':
      return wordTerms(t.text, t.proper);
  }
};

/** Every index term of `tokens`, in order (repeats kept: they are the term frequencies). */
export const termsOfTokens = (tokens: readonly Token[]): Term[] => tokens.flatMap(termsOf);

/*
 * The same index terms, faster, for bulk work where the proper-noun cue is not needed (the relevance
 * model): one simple scan over the lower-cased text; Latin words, numbers, URLs, handles and hashtags
 * handled inline; any other run (other scripts, Han/kana/Thai) goes through the full tokenizer.
 * Numbers with separators ("3.5") split into their parts here.
 */
const FAST = /https?:\/\/[^\s<>"'\u00a0]+|[@#]?[\p{L}\p{M}\p{N}_]+(?:['’][\p{L}\p{M}]+)*/gu;
const URL_END = /[\s<>"'\u00a0]/;
/** Lower-cased token → its terms (none for a stop word); bounded like the stem cache. URLs are not cached. */
const tokenCache = new Map<string, readonly string[]>();

const tokenTerms = (raw: string, tokenizeRun: (run: string) => readonly Token[]): readonly string[] => {
  let t = tokenCache.get(raw);
  if (t !== undefined) return t;
  t = tokenizeRun(raw).flatMap((tok) => termsOf(tok).map((x) => x.term));
  if (tokenCache.size >= STEM_CACHE_MAX) tokenCache.clear();
  tokenCache.set(raw, t);
  return t;
};

const isAscii = (s: string): boolean => {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
};
const isWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;
const isLetter = (c: number): boolean => c >= 97 && c <= 122;

/** The raw tokens of lower-cased ASCII text, as FAST would cut them (a hand scan: no regex per character). */
const scanAscii = (s: string, max: number, emit: (from: number, to: number) => void): void => {
  let seen = 0;
  for (let i = 0; i < s.length && seen < max; ) {
    const c = s.charCodeAt(i);
    if (c === 104 && (s.startsWith('http://', i) || s.startsWith('https://', i))) {
      let j = i + 7;
      while (j < s.length && !URL_END.test(s[j] as string)) j++;
      emit(i, j);
      seen++;
      i = j;
      continue;
    }
    const prefixed = (c === 64 || c === 35) && i + 1 < s.length && isWordChar(s.charCodeAt(i + 1));
    if (!prefixed && !isWordChar(c)) {
      i++;
      continue;
    }
    let j = prefixed ? i + 1 : i;
    while (j < s.length && isWordChar(s.charCodeAt(j))) j++;
    while (j + 1 < s.length && s.charCodeAt(j) === 39 && isLetter(s.charCodeAt(j + 1))) {
      j += 2;
      while (j < s.length && isLetter(s.charCodeAt(j))) j++;
    }
    emit(i, j);
    seen++;
    i = j;
  }
};

/** The index term strings of `text`, in order (repeats kept), at most `maxTokens` tokens read. */
export const fastTerms = (text: string, maxTokens: number, tokenizeRun: (run: string) => readonly Token[]): string[] => {
  const out: string[] = [];
  const norm = normalizeText(text);
  const lower = norm.toLowerCase();
  const sameLength = lower.length === norm.length;
  const emit = (from: number, to: number): void => {
    const raw = lower.slice(from, to);
    if (raw.startsWith('http')) {
      for (const t of termsOf({ text: sameLength ? norm.slice(from, to) : raw, kind: 'url', proper: false })) out.push(t.term);
      return;
    }
    for (const t of tokenTerms(raw, tokenizeRun)) out.push(t);
  };
  if (isAscii(lower)) scanAscii(lower, maxTokens, emit);
  else {
    let seen = 0;
    for (const m of lower.matchAll(FAST)) {
      if (++seen > maxTokens) break;
      emit(m.index, m.index + m[0].length);
    }
  }
  return out;
};
