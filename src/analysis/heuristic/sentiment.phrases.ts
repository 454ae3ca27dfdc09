/*
 * Multi-word expressions VADER's single-word lexicon misses. Before scoring, each match is
 * replaced by one synthetic token ("xp3") whose valence sits in the lexicon, so negation and
 * boosters still apply to it ("not on time"). Earlier entries win at the same position, so
 * idioms that begin like a failure report ("can't wait") come first. General English only.
 */

const NEG = String.raw`(?:didn'?t|did not|doesn'?t|does not|don'?t|do not|won'?t|will not|can'?t|cannot|can not|couldn'?t|could not|isn'?t|is not|wasn'?t|was not|aren'?t|weren'?t|haven'?t|have not|hasn'?t|has not|never|not|still not)`;
const ACTION = String.raw`(?:work|works|working|worked|load|loading|loads|open|opening|opens|send|sending|sent|arrive|arrived|respond|responded|responding|answer|answered|answering|reply|replied|show|showed|shown|showing|connect|connecting|sync|syncing|start|starting|launch|launching|save|saving|upload|download|install|update|updating|receive|received|get through|hear back|heard back|fix|fixed|move|moved|board|refund|refunded|return|returned|call back|called back|get back|got back|gotten back|pick up|picked up|let me|allow me|accept|accepted|recognize|recognise|print|play|playing|run|running|function|functioning|help|helped)`;

/**
 * [source, valence, group] triples, in priority order. Groups other than 'core' can be left out
 * by a profile (the bench's ablation table measures each).
 */
const PHRASES: ReadonlyArray<readonly [string, number, string?]> = [
  [String.raw`can'?t wait|cannot wait|can not wait`, 2.0],
  [String.raw`can'?t get enough|cannot get enough`, 2.2],
  [String.raw`can'?t complain|cannot complain`, 1.2],
  [String.raw`(?:couldn'?t|could not|can'?t) be (?:happier|better|more pleased|more satisfied)`, 3.0],
  [String.raw`(?:don'?t|do not) hesitate`, 0],
  [String.raw`looking forward`, 1.8],
  [String.raw`above and beyond`, 2.6],
  [String.raw`(?:well|nicely) done`, 2.0],
  [String.raw`fingers crossed`, 0.8],
  [String.raw`chef'?s kiss`, 2.6],
  [String.raw`game[- ]?changer`, 2.6],
  [String.raw`happy tears`, 2.4],
  [String.raw`life[- ]?saver`, 2.6],
  [String.raw`hats off`, 2.0],
  [String.raw`blown away`, 2.2],
  [String.raw`saves? (?:me|us) (?:so much |a lot of |tons of )?(?:time|hours)`, 2.0],
  [String.raw`fed up`, -2.2],
  [String.raw`sick (?:and tired )?of`, -2.2],
  [String.raw`no luck`, -1.2],
  [String.raw`on time`, 1.0],
  [String.raw`works? (?:great|perfectly|flawlessly|like a charm)`, 2.4],
  [String.raw`(?:let|lets|letting) (?:me|us|you) down`, -1.8],
  [String.raw`never again`, -2.2],
  [String.raw`on hold`, -1.5],
  [String.raw`still (?:waiting|no|nothing|hasn'?t|haven'?t|not|broken)`, -1.8],
  // 'service': failure to reach a service or being kept waiting, with the duration ("waited 45 mins",
  // "a 2 hour delay", "hung up on me", "can't get through to anyone"): problem-report language that
  // general text rarely holds
  [String.raw`(?:hung|hang|hangs|hanging) up on (?:me|us)|(?:call|calls|line|phone) (?:was |got |keeps getting )?(?:dropped|disconnected)|(?:got|get|was|were|keep getting|kept getting) disconnected`, -1.5, 'service'],
  [String.raw`(?:can'?t|cannot|couldn'?t|could not|unable to|no way to) (?:get|reach|talk to|speak to|speak with|get a hold of|get ahold of|get hold of) (?:through|anyone|anybody|someone|somebody|a (?:person|human|live person|real person|representative|rep|agent))`, -1.5, 'service'],
  [String.raw`(?:wait(?:ed|ing)?|sat|sitting|stuck|holding|on hold|delayed|late) (?:\w+ ){0,3}?(?:for )?(?:over |almost |nearly |another |an extra |about |more than )?(?:an?|one|\d+(?:\.\d+)?\+?|two|three|four|five|six|several|many) ?(?:hours?|hrs?|minutes|mins?|days|weeks)`, -1.4, 'service'],
  [String.raw`(?:an?|one|\d+(?:\.\d+)?\+?|two|three|four|five|six) ?(?:hours?|hrs?|minutes|mins?|days?)(?: long)? (?:wait|delay|hold|on hold|late|on the tarmac)`, -1.4, 'service'],
  // 'rhetorical': complaint idioms and rhetorical complaint questions ("what's the point of …?",
  // "how come …", "seriously?"), negative in any domain; VADER reads them as neutral or positive
  [String.raw`(?:thanks|thank you|thx) for nothing`, -2.0, 'rhetorical'],
  [String.raw`what'?s the point|what is the point|how come|are you (?:kidding|serious|joking)|is this a joke|(?:seriously|really)(?=\s*\?)`, -1.5, 'rhetorical'],
  [String.raw`(?:for|over|after) (?:hours|days|weeks|ages)`, -1.4],
  [String.raw`(?:\d+|two|three|four|five|six|several|many) (?:hours|hrs|days|weeks)`, -1.0],
  [String.raw`waste of (?:time|money)`, -2.4],
  [String.raw`what a joke`, -2.0],
  [String.raw`${NEG} (?:\w+ )?${ACTION}`, -1.5],
];

const tokenFor = (i: number): string => `xp${i}`;

/** Synthetic token → valence, merged into the lexicon. */
export const PHRASE_VALENCES: ReadonlyArray<readonly [string, number]> = PHRASES.map(
  ([, valence], i) => [tokenFor(i), valence] as const,
);

/** The groups a profile uses unless it names others. */
export const DEFAULT_PHRASE_GROUPS: readonly string[] = ['core', 'service', 'rhetorical'];

interface Compiled {
  re: RegExp;
  /** Capture group → index into PHRASES. */
  index: number[];
}
const compiled = new Map<string, Compiled>();
const compiledFor = (groups: readonly string[]): Compiled => {
  const key = groups.join(',');
  let c = compiled.get(key);
  if (c === undefined) {
    const index = PHRASES.map((p, i) => [p, i] as const).filter(([p]) => groups.includes(p[2] ?? 'core')).map(([, i]) => i);
    c = { re: new RegExp(index.map((i) => String.raw`\b(${PHRASES[i]?.[0] ?? ''})\b`).join('|'), 'gi'), index };
    compiled.set(key, c);
  }
  return c;
};

/** Text with expressions replaced, and the replaced expressions in order (for the reasoning). */
export interface RewrittenText {
  text: string;
  phrases: string[];
}

/** Synthetic tokens are "xp" + digits. */
export const isPhraseToken = (token: string): boolean => /^xp\d+$/.test(token);

/** Replaces known expressions with their synthetic tokens. */
export const rewritePhrases = (text: string, groups: readonly string[] = DEFAULT_PHRASE_GROUPS): RewrittenText => {
  const phrases: string[] = [];
  const { re, index } = compiledFor(groups);
  const out = text.replace(re, (match: string, ...captures: unknown[]) => {
    for (let k = 0; k < index.length; k++) {
      if (captures[k] !== undefined) {
        phrases.push(match.toLowerCase());
        return ` ${tokenFor(index[k] ?? 0)} `;
      }
    }
    return match;
  });
  return { text: out, phrases };
};
