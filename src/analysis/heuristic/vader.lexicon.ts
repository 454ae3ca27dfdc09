import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PHRASE_VALENCES } from './sentiment.phrases.js';

/*
 * Word lists for the VADER-style scorer. The valence lexicon is VADER's own (Hutto & Gilbert,
 * ICWSM 2014; MIT), read once from the `vader-sentiment` package (Apache-2.0). The booster and
 * negation lists follow VADER 3.3; the feedback overrides and the emoji list are ours.
 */

/** Empirical intensity increment of a booster word (VADER). */
export const B_INCR = 0.293;
/** Empirical intensity increment of an ALL-CAPS word among mixed-case text (VADER). */
export const C_INCR = 0.733;
/** Scalar applied to a negated valence (VADER). */
export const N_SCALAR = -0.74;

const B_DECR = -B_INCR;

const readLexicon = (): Map<string, number> => {
  const file = createRequire(import.meta.url).resolve('vader-sentiment/vader_lexicon.txt');
  const map = new Map<string, number>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [word, mean] = line.split('\t');
    const value = Number(mean);
    if (word && mean !== undefined && Number.isFinite(value)) map.set(word, value);
  }
  return map;
};

/*
 * Additions to VADER's lexicon, in groups so that each can be measured on its own
 * (docs/bench/quality.md). General English, not phrases from any data set.
 */
export type OverrideGroup = 'failure' | 'praise' | 'requests' | 'complaint-markers';

const OVERRIDES: Readonly<Record<OverrideGroup, ReadonlyArray<readonly [string, number]>>> = {
  // service and software failure words VADER lacks or rates mildly; all negative in any domain
  failure: [
    ['delay', -1.2], ['delayed', -1.2], ['delays', -1.2], ['cancelled', -1.4], ['canceled', -1.4],
    ['cancellation', -1.2], ['stranded', -2.0], ['stuck', -1.4], ['lost', -1.4], ['missing', -1.0],
    ['broken', -1.8], ['unusable', -2.2], ['useless', -2.0], ['rude', -2.0], ['crash', -1.8],
    ['crashes', -1.8], ['crashing', -1.8], ['crashed', -1.8], ['freezes', -1.5], ['froze', -1.5],
    ['bug', -1.2], ['bugs', -1.2], ['buggy', -1.8], ['glitch', -1.2], ['glitches', -1.2],
    ['glitchy', -1.8], ['laggy', -1.5], ['freeze', -1.2], ['frozen', -1.2], ['issue', -0.8],
    ['issues', -0.8], ['overbooked', -1.5],
    ['unhelpful', -1.8], ['unacceptable', -2.2], ['ridiculous', -1.8], ['refund', -0.6],
    ['worse', -2.1], ['fail', -2.0], ['waste', -1.8], ['wasted', -1.8], ['ruined', -2.2],
    ['joke', -1.2], ['late', -0.8], ['slow', -1.2], ['expensive', -0.8], ['overpriced', -1.6],
    ['ripoff', -2.2], ['rip-off', -2.2], ['garbage', -2.0], ['trash', -1.8], ['junk', -1.8],
    ['unreliable', -1.8], ['dissapointed', -2.1], ['disapointed', -2.1], ['dissapointing', -2.2],
  ],
  // positive adjectives VADER lacks
  praise: [
    ['incredible', 2.6], ['refreshing', 1.8], ['seamless', 2.0],
    ['smooth', 1.5], ['stellar', 2.6], ['professional', 1.2], ['reliable', 1.6], ['intuitive', 1.6],
    ['polite', 1.6], ['attentive', 1.5], ['speedy', 1.2], ['phenomenal', 2.8], ['rocks', 1.5],
  ],
  // politeness and request words ("please help", "hope"): no sentiment ("like" and "kind" keep
  // VADER's valence: in general text they mostly are sentiment)
  requests: [
    ['please', 0], ['pls', 0], ['plz', 0], ['help', 0], ['helping', 0], ['hope', 0], ['hoping', 0],
    ['want', 0], ['wants', 0], ['ok', 0.3], ['okay', 0.3], ['yes', 0.3],
    ['sure', 0.3], ['fine', 0.3], ['chance', 0], ['free', 0.3], ['fix', 0], ['support', 0],
  ],
  // complaint markers in feedback: rhetorical "why", persistence ("still", "again"), waiting
  'complaint-markers': [
    ['why', -0.8], ['still', -0.6], ['again', -0.5], ['waiting', -0.8], ['waited', -0.8], ['forever', -1.0],
  ],
};

/** Words whose valence is ours, not VADER's raters' (the neutral band leaves them as set). */
export const OVERRIDE_WORDS: ReadonlySet<string> = new Set(Object.values(OVERRIDES).flatMap((group) => group.map(([w]) => w)));

/** Emoji valences on VADER's scale (−4 … 4); common ones only. */
const EMOJI: ReadonlyArray<readonly [string, number]> = [
  ['😀', 2.2], ['😃', 2.2], ['😄', 2.2], ['😁', 2.2], ['😆', 2.0], ['😊', 2.2], ['🙂', 1.2],
  ['😍', 3.0], ['🥰', 3.0], ['😘', 2.2], ['😎', 1.8], ['🤩', 3.0], ['😂', 1.2], ['🤣', 1.2],
  ['😉', 1.2], ['👍', 1.8], ['👏', 2.0], ['🙌', 2.2], ['💯', 1.8], ['🎉', 2.4], ['✨', 1.2],
  ['❤', 2.8], ['❤️', 2.8], ['💕', 2.8], ['💖', 2.8], ['💙', 2.4], ['♥', 2.6], ['🔥', 1.0],
  ['🙏', 0.8], ['😢', -2.0], ['😭', -2.2], ['😞', -2.0], ['😔', -1.8], ['😟', -1.8],
  ['😕', -1.4], ['🙁', -1.6], ['☹', -1.8], ['😠', -2.6], ['😡', -2.8], ['🤬', -3.0],
  ['😤', -2.0], ['😩', -2.2], ['😫', -2.2], ['😒', -1.8], ['🙄', -1.6], ['😑', -1.0],
  ['😐', -0.4], ['😱', -1.8], ['💩', -2.2], ['👎', -2.0], ['💔', -2.4], ['😣', -1.8],
];

/** Which additions to VADER's own lexicon a scorer uses. */
export interface LexiconChoice {
  /** Which groups of word overrides apply. */
  overrides: readonly OverrideGroup[];
  /** The emoji valences. */
  emoji: boolean;
}

const buildLexicon = (choice: LexiconChoice): ReadonlyMap<string, number> => {
  const map = readLexicon();
  for (const group of choice.overrides) for (const [word, value] of OVERRIDES[group]) map.set(word, value);
  if (choice.emoji) for (const [emoji, value] of EMOJI) map.set(emoji, value);
  for (const [token, value] of PHRASE_VALENCES) map.set(token, value);
  return map;
};

export const ALL_OVERRIDE_GROUPS: readonly OverrideGroup[] = ['failure', 'praise', 'requests', 'complaint-markers'];

const lexicons = new Map<string, ReadonlyMap<string, number>>();
/**
 * Lower-cased word or emoticon → valence in [−4, 4]; built once per process and choice, on first
 * use (processes that never analyse, like the API server, skip it).
 */
export const vaderLexicon = (choice: LexiconChoice = { overrides: ALL_OVERRIDE_GROUPS, emoji: true }): ReadonlyMap<string, number> => {
  const key = `${choice.overrides.join(',')}/${choice.emoji}`;
  let lex = lexicons.get(key);
  if (lex === undefined) {
    lex = buildLexicon(choice);
    lexicons.set(key, lex);
  }
  return lex;
};

/** Degree adverbs: intensifiers raise, dampeners lower the next sentiment word's magnitude. */
export const BOOSTERS: ReadonlyMap<string, number> = new Map<string, number>([
  ...[
    'absolutely', 'amazingly', 'awfully', 'completely', 'considerably', 'decidedly', 'deeply',
    'effing', 'enormously', 'entirely', 'especially', 'exceptionally', 'extremely', 'fabulously',
    'flipping', 'flippin', 'fricking', 'frickin', 'frigging', 'friggin', 'fully', 'fucking',
    'greatly', 'hella', 'highly', 'hugely', 'incredibly', 'intensely', 'majorly', 'more', 'most',
    'particularly', 'purely', 'quite', 'really', 'remarkably', 'so', 'substantially', 'super',
    'thoroughly', 'totally', 'tremendously', 'uber', 'unbelievably', 'unusually', 'utterly',
    'very', 'way', 'seriously', 'insanely', 'ridiculously', 'terribly', 'truly',
  ].map((w) => [w, B_INCR] as const),
  ...[
    'almost', 'barely', 'hardly', 'kinda', 'kindof', 'kind-of', 'less', 'little', 'marginally',
    'occasionally', 'partly', 'scarcely', 'slightly', 'somewhat', 'sorta', 'sortof', 'sort-of',
  ].map((w) => [w, B_DECR] as const),
]);

/** Negators; any token containing "n't" negates too. */
export const NEGATORS: ReadonlySet<string> = new Set([
  'aint', 'arent', 'cannot', 'cant', 'couldnt', 'darent', 'didnt', 'doesnt', 'dont', 'hadnt',
  'hasnt', 'havent', 'isnt', 'mightnt', 'mustnt', 'neither', 'neednt', 'never', 'none', 'nope',
  'nor', 'not', 'nothing', 'nowhere', 'oughtnt', 'shant', 'shouldnt', 'uhuh', 'wasnt', 'werent',
  'without', 'wont', 'wouldnt', 'rarely', 'seldom', 'despite', 'uh-uh', 'nobody', 'no-one',
]);

/** Multi-word idioms whose valence replaces the last word's (VADER's list). */
export const IDIOMS: ReadonlyMap<string, number> = new Map([
  ['the shit', 3], ['the bomb', 3], ['bad ass', 1.5], ['badass', 1.5], ['yeah right', -2],
  ['cut the mustard', 2], ['kiss of death', -1.5], ['hand to mouth', -2],
]);
