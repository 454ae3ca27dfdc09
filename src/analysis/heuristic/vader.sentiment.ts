import { DEFAULT_PHRASE_GROUPS, isPhraseToken, rewritePhrases } from './sentiment.phrases.js';
import type { OverrideGroup } from './vader.lexicon.js';
import { ALL_OVERRIDE_GROUPS, B_INCR, BOOSTERS, C_INCR, IDIOMS, N_SCALAR, NEGATORS, OVERRIDE_WORDS, vaderLexicon } from './vader.lexicon.js';

/*
 * A VADER-style valence scorer (Hutto & Gilbert 2014): lexicon valences adjusted for negation in
 * the three preceding words, degree adverbs, ALL-CAPS emphasis, contrastive "but", and "!"/"?"
 * emphasis, then squashed into a compound score in [−1, 1].
 */

export interface VaderScore {
  /** Normalised sum of valences in [−1, 1]. */
  compound: number;
  /** Sentiment-bearing words found (lower-cased), for the reasoning string. */
  hits: string[];
  /** Whether a negator flipped at least one valence. */
  negated: boolean;
  /** Whether a booster or caps emphasis changed at least one valence. */
  intensified: boolean;
  /** Whether the text holds a question asking for information or action: a sentence ending in "?" that opens with a question word ("when is my …?", "can you …?", "is there …?"). */
  asking: boolean;
}

const EDGE_PUNCT = /^[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+|[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]+$/g;
const HAS_UPPER = /[A-Z]/;
const HAS_LOWER = /[a-z]/;
const SPLIT = /\s+/;

/*
 * VADER's algorithm. The feedback profile (the analyzer's) adds word groups to the lexicon,
 * emoji valences and multi-word expressions, and four rules for VADER's known gaps (each
 * measured alone in docs/bench/quality.md): words VADER's raters put within ±0.3 of neutral
 * ("number" 0.3, "apology" 0.2; a lone one made a text positive) carry no valence (our own
 * overrides keep theirs); negation and boosters stay inside their sentence; "like" after a
 * perception, copular or request verb is no sentiment ("looks like", "I'd like"); positive words in an asking question ("can you help?", "how do I …?") count 0.3×.
 * Weighting negatives 1.5× and positives in every question 0.3× lifted airline macro-F1 but
 * cost app reviews or general text (rhetorical "isn't it great?"), so those weights stay 1.
 */
/** The knobs of the scorer; `PLAIN_PROFILE` is VADER as published. */
export interface VaderProfile {
  overrides: readonly OverrideGroup[];
  emoji: boolean;
  /** Multi-word expressions scored as one token. */
  phrases: boolean;
  /** Which groups of multi-word expressions (sentiment.phrases.ts); the default set when absent. */
  phraseGroups?: readonly string[];
  /** "thanks for <only negative words>" is sarcasm: the thanks counts negative ("thanks for losing my bag"). Measured, not used. */
  sarcasticThanks?: boolean;
  /** A negated negative word or expression of our own additions counts 0, not positive ("doesn't take 6 days"). Measured, not used. */
  ownNegationNeutral?: boolean;
  negativeWeight: number;
  questionPositiveWeight: number;
  /** "like" after a perception, copular or request verb ("looks like", "I'd like") has no valence. */
  likeNotVerb: boolean;
  /** Negators and boosters reach back only within the word's own sentence. */
  sentenceScope: boolean;
  /** `questionPositiveWeight` applies only to questions that open with a question word ("how", "can you"). */
  askingOnly: boolean;
  /** VADER lexicon valences within ±this of 0 count as none ("number" 0.3); our overrides are kept. */
  neutralBand: number;
}

export const PLAIN_PROFILE: Readonly<VaderProfile> = {
  overrides: [], emoji: false, phrases: false, negativeWeight: 1, questionPositiveWeight: 1,
  likeNotVerb: false, sentenceScope: false, askingOnly: false, neutralBand: 0,
};
export const FEEDBACK_PROFILE: Readonly<VaderProfile> = {
  overrides: ALL_OVERRIDE_GROUPS, emoji: true, phrases: true, negativeWeight: 1, questionPositiveWeight: 0.3,
  likeNotVerb: true, sentenceScope: true, askingOnly: true, neutralBand: 0.35,
};

const isUpper = (word: string): boolean => HAS_UPPER.test(word) && !HAS_LOWER.test(word);

/** Strips edge punctuation from a token unless the token is itself a known emoticon. */
const cleanToken = (raw: string, lex: ReadonlyMap<string, number>): string => {
  const lower = raw.toLowerCase();
  if (lex.has(lower)) return raw;
  const stripped = raw.replace(EDGE_PUNCT, '');
  return stripped === '' ? raw : stripped;
};

export interface SentimentTokens {
  words: string[];
  /** Per word: whether its sentence ends with a question mark. */
  question: boolean[];
  /** Per word: the index of its first word's sentence (the words since the last '.', '!' or '?'). */
  sentenceAt: number[];
}

const TRAILING_QUESTION = /\?[!?.]*$/;
const TRAILING_STOP = /[.!]$/;

/** Splits on whitespace, drops @handles, strips '#' and edge punctuation, marks questions. */
export const tokenizeForSentiment = (text: string, lex: ReadonlyMap<string, number> = vaderLexicon()): SentimentTokens => {
  const words: string[] = [];
  const question: boolean[] = [];
  const sentenceAt: number[] = [];
  let sentenceStart = 0;
  for (const raw of text.split(SPLIT)) {
    if (raw === '') continue;
    const isHandle = raw.charCodeAt(0) === 64; /* @ */
    const token = isHandle ? '' : cleanToken(raw.charCodeAt(0) === 35 /* # */ ? raw.slice(1) : raw, lex);
    if (token !== '') {
      words.push(token);
      question.push(false);
      sentenceAt.push(sentenceStart);
    }
    if (TRAILING_QUESTION.test(raw)) {
      question.fill(true, sentenceStart);
      sentenceStart = words.length;
    } else if (TRAILING_STOP.test(raw)) {
      sentenceStart = words.length;
    }
  }
  return { words, question, sentenceAt };
};

const isNegator = (lower: string): boolean => NEGATORS.has(lower) || lower.includes("n't");

interface Ctx {
  lex: ReadonlyMap<string, number>;
  words: string[];
  lower: string[];
  capDiff: boolean;
  neutralBand: number;
  ownNegationNeutral: boolean;
  /** First word index each word's context may reach back to. */
  scopeStart: number[] | null;
  negated: boolean;
  intensified: boolean;
}

const boosterScalar = (ctx: Ctx, j: number, valence: number): number => {
  const b = BOOSTERS.get(ctx.lower[j] ?? '');
  if (b === undefined) return 0;
  let s = valence < 0 ? -b : b;
  if (ctx.capDiff && isUpper(ctx.words[j] ?? '')) s += valence > 0 ? C_INCR : -C_INCR;
  if (b === B_INCR) ctx.intensified = true;
  return s;
};

const negationAt = (ctx: Ctx, i: number, start: number, valence: number): number => {
  const w = ctx.lower;
  const far = w[i - start - 1] ?? '';
  if (start > 0 && far === 'never' && (w[i - start] === 'so' || w[i - start] === 'this')) {
    return valence * 1.25;
  }
  if (start > 0 && far === 'without' && w[i - start] === 'doubt') return valence;
  if (!isNegator(far)) return valence;
  ctx.negated = true;
  return valence * N_SCALAR;
};

const idiomAt = (ctx: Ctx, i: number, valence: number): number => {
  const w = ctx.lower;
  const two = `${w[i - 1]} ${w[i]}`;
  const three = `${w[i - 2]} ${w[i - 1]} ${w[i]}`;
  return IDIOMS.get(three) ?? IDIOMS.get(two) ?? valence;
};

const noCheck = (ctx: Ctx, i: number, base: number): number => {
  const w = ctx.lower;
  if (w[i] === 'no' && i < w.length - 1 && ctx.lex.has(w[i + 1] ?? '')) return 0;
  const prevNo = w[i - 1] === 'no' || w[i - 2] === 'no';
  const orNo = w[i - 3] === 'no' && (w[i - 1] === 'or' || w[i - 1] === 'nor');
  if (prevNo || orNo) {
    ctx.negated = true;
    return base * N_SCALAR;
  }
  return base;
};

const valenceAt = (ctx: Ctx, i: number): number => {
  const lower = ctx.lower[i] ?? '';
  const base = ctx.lex.get(lower);
  if (base === undefined || base === 0) return 0;
  if (Math.abs(base) <= ctx.neutralBand && !OVERRIDE_WORDS.has(lower)) return 0;
  let v = noCheck(ctx, i, base);
  if (ctx.capDiff && isUpper(ctx.words[i] ?? '')) {
    v += v > 0 ? C_INCR : -C_INCR;
    ctx.intensified = true;
  }
  const reach = ctx.scopeStart === null ? 0 : (ctx.scopeStart[i] ?? 0);
  for (let start = 0; start < 3 && i > start; start++) {
    const j = i - start - 1;
    if (j < reach) break;
    if (ctx.lex.has(ctx.lower[j] ?? '')) continue;
    const s = boosterScalar(ctx, j, v);
    v += start === 0 ? s : start === 1 ? s * 0.95 : s * 0.9;
    v = negationAt(ctx, i, start, v);
    if (start === 2) v = idiomAt(ctx, i, v);
  }
  if (ctx.lower[i - 1] === 'least' && ctx.lower[i - 2] !== 'at' && ctx.lower[i - 2] !== 'very') {
    v *= N_SCALAR;
  }
  if (ctx.ownNegationNeutral && base < 0 && v > 0 && (OVERRIDE_WORDS.has(lower) || isPhraseToken(lower))) return 0;
  return v;
};

const punctuationEmphasis = (text: string): number => {
  let bangs = 0;
  let questions = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 33) bangs++;
    else if (c === 63) questions++;
  }
  const q = questions > 1 ? (questions <= 3 ? questions * 0.18 : 0.96) : 0;
  return Math.min(bangs, 4) * 0.292 + q;
};

const normalise = (score: number, alpha = 15): number => {
  const n = score / Math.sqrt(score * score + alpha);
  return Math.max(-1, Math.min(1, n));
};

const sumWithBut = (ctx: Ctx, valences: number[]): number => {
  const but = ctx.lower.indexOf('but');
  let sum = 0;
  for (let i = 0; i < valences.length; i++) {
    const v = valences[i] ?? 0;
    sum += but === -1 || i === but ? v : i < but ? v * 0.5 : v * 1.5;
  }
  return sum;
};

/*
 * Words that open an asking question ("how do I …?", "can you …?", "any update?"). Written from
 * general English. Left out: "who" ("who's excited?") and "is"/"are"/"has"/"have", which open
 * rhetorical questions in general text ("is this the best day ever?").
 */
const ASKING: ReadonlySet<string> = new Set([
  'how', 'what', 'when', 'where', 'which', 'why', "what's", "how's", "where's", "when's", 'can', 'could',
  'would', 'will', 'should', 'do', 'does', 'did', 'any', 'anyone', 'anybody',
]);

/*
 * Words that open a question asking for information or action, for the verdict's threshold of
 * questions (`asking` in VaderScore): the asking words and is/are/has/have ("is my flight on
 * time?"). The threshold only decides between neutral and mildly positive, so a rhetorical "is this
 * the best day ever?" (compound well above it) stays positive; "who" is left out ("who's excited
 * for the weekend?" is mildly positive in general text).
 */
const ASKS: ReadonlySet<string> = new Set([
  ...ASKING, 'is', 'are', 'am', 'was', 'were', 'has', 'have', "isn't", "aren't", 'may', 'might', 'shall',
]);

const LIKE_NOT_VERB: ReadonlySet<string> = new Set([
  'look', 'looks', 'looked', 'looking', 'seem', 'seems', 'seemed', 'sound', 'sounds', 'sounded',
  'feel', 'feels', 'felt', 'feeling', 'is', 'was', "it's", "that's", 'its', 'thats', 'just', 'more',
  'something', 'things', 'stuff', 'anything', 'nothing', 'would', "i'd", "we'd", "you'd", 'id',
  'wd', 'act', 'acts', 'acting', 'treat', 'treated', 'treating', 'smell', 'smells', 'taste', 'tastes',
]);

const THANKS: ReadonlySet<string> = new Set(['thanks', 'thank', 'thx', 'thanx', 'ty']);

/** "thanks for nothing", "thank you for losing my bag": the clause after "for" holds only negative valence. */
const sarcasm = (lower: readonly string[], sentenceAt: readonly number[], valences: number[]): void => {
  for (let i = 0; i < lower.length; i++) {
    if (!THANKS.has(lower[i] ?? '') || (valences[i] ?? 0) <= 0) continue;
    const f = lower[i + 1] === 'for' ? i + 1 : lower[i + 1] === 'you' && lower[i + 2] === 'for' ? i + 2 : -1;
    if (f < 0) continue;
    let neg = 0;
    let pos = 0;
    for (let j = f + 1; j < lower.length && sentenceAt[j] === sentenceAt[i]; j++) {
      const v = valences[j] ?? 0;
      if (v < 0) neg += v;
      else pos += v;
    }
    if (lower[f + 1] === 'nothing' || (neg < 0 && pos === 0)) valences[i] = -(valences[i] ?? 0);
  }
};

/** Display form of each word: synthetic phrase tokens become the phrase they replaced. */
const displayWords = (lower: readonly string[], phrases: readonly string[]): string[] => {
  let k = 0;
  return lower.map((w) => (isPhraseToken(w) ? (phrases[k++] ?? w) : w));
};

/** Scores a cleaned text (HTML entities decoded, URLs removed). Pure and allocation-light. */
export const vaderScore = (text: string, profile: Readonly<VaderProfile> = FEEDBACK_PROFILE): VaderScore => {
  const lex = vaderLexicon(profile);
  const rewritten = profile.phrases ? rewritePhrases(text, profile.phraseGroups ?? DEFAULT_PHRASE_GROUPS) : { text, phrases: [] };
  const { words, question, sentenceAt } = tokenizeForSentiment(rewritten.text, lex);
  const lower = words.map((w) => w.toLowerCase());
  const caps = words.reduce((n, w) => (isUpper(w) ? n + 1 : n), 0);
  const ctx: Ctx = { lex, words, lower, capDiff: caps > 0 && caps < words.length, neutralBand: profile.neutralBand, ownNegationNeutral: profile.ownNegationNeutral === true, scopeStart: profile.sentenceScope ? sentenceAt : null, negated: false, intensified: false };
  const valences: number[] = [];
  let hasAsking = false;
  for (let i = 0; i < words.length; i++) {
    if (question[i] === true && ASKS.has(lower[sentenceAt[i] ?? 0] ?? '')) hasAsking = true;
    const isKindOf = lower[i] === 'kind' && lower[i + 1] === 'of';
    const likeNotVerb = profile.likeNotVerb && lower[i] === 'like' && LIKE_NOT_VERB.has(lower[i - 1] ?? '');
    const raw = BOOSTERS.has(lower[i] ?? '') || isKindOf || likeNotVerb ? 0 : valenceAt(ctx, i);
    const asking = question[i] === true && (!profile.askingOnly || ASKING.has(lower[sentenceAt[i] ?? 0] ?? ''));
    valences.push(raw < 0 ? raw * profile.negativeWeight : asking ? raw * profile.questionPositiveWeight : raw);
  }
  if (profile.sarcasticThanks === true) sarcasm(lower, sentenceAt, valences);
  const shown = rewritten.phrases.length > 0 ? displayWords(lower, rewritten.phrases) : lower;
  const hits = shown.filter((_, i) => valences[i] !== 0).slice(0, 6);
  let sum = sumWithBut(ctx, valences);
  if (sum !== 0) sum += Math.sign(sum) * punctuationEmphasis(text);
  return { compound: normalise(sum), hits, negated: ctx.negated, intensified: ctx.intensified, asking: hasAsking };
};
