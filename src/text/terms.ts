/*
 * Tokens → index terms: stop words dropped (the `stopword` package's English list), Latin words
 * Porter-stemmed (`stemmer`), Han/kana/Thai runs as character bigrams, numbers as written, and the
 * kept features prefixed so they never collide with words: `u:` + canonical URL, `@handle`,
 * `#tag` (a hashtag and a handle also count as their word, so "#outage" meets "outage").
 */
import { stemmer } from 'stemmer';
import { eng } from 'stopword';
import type { Token } from './tokenize.js';
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
  term: string;
  /** The token's cue for weighting: a proper noun, a number, a kept feature or a plain word. */
  cue: 'proper' | 'number' | 'feature' | 'word';
}

const bigrams = (run: string): string[] => {
  const chars = [...run];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i + 1 < chars.length; i++) out.push(`${chars[i]}${chars[i + 1]}`);
  return out;
};

const wordTerm = (word: string, proper: boolean): Term | undefined => (isStopWord(word) ? undefined : { term: stem(word), cue: proper ? 'proper' : 'word' });

/** The index terms of one token (none, one or a few). */
export const termsOf = (t: Token): Term[] => {
  switch (t.kind) {
    case 'url': {
      const key = canonicalUrl(t.text);
      return key ? [{ term: `u:${key}`, cue: 'feature' }] : [];
    }
    case 'handle':
    case 'tag': {
      const word = wordTerm(t.text.slice(1), false);
      return word ? [{ term: t.text, cue: 'feature' }, word] : [{ term: t.text, cue: 'feature' }];
    }
    case 'cjk':
      return bigrams(t.text).map((term) => ({ term, cue: 'word' }));
    case 'number':
      // Years, codes, magnitudes and counts tell events apart; "10 minutes" does not.
      return [{ term: t.text, cue: t.text.length >= 3 ? 'number' : 'word' }];
    case 'word': {
      const w = wordTerm(t.text, t.proper);
      return w ? [w] : [];
    }
  }
};

/** Every index term of `tokens`, in order (repeats kept: they are the term frequencies). */
export const termsOfTokens = (tokens: readonly Token[]): Term[] => tokens.flatMap(termsOf);
