/*
 * Multi-word expressions VADER's single-word lexicon misses. Before scoring, each match is
 * replaced by one synthetic token ("xp3") whose valence sits in the lexicon, so negation and
 * boosters still apply to it ("not on time"). Earlier entries win at the same position, so
 * idioms that begin like a failure report ("can't wait") come first. General English only.
 */

const NEG = String.raw`(?:didn'?t|did not|doesn'?t|does not|don'?t|do not|won'?t|will not|can'?t|cannot|can not|couldn'?t|could not|isn'?t|is not|wasn'?t|was not|aren'?t|weren'?t|haven'?t|have not|hasn'?t|has not|never|not|still not)`;
const ACTION = String.raw`(?:work|works|working|worked|load|loading|loads|open|opening|opens|send|sending|sent|arrive|arrived|respond|responded|responding|answer|answered|answering|reply|replied|show|showed|shown|showing|connect|connecting|sync|syncing|start|starting|launch|launching|save|saving|upload|download|install|update|updating|receive|received|get through|hear back|heard back|fix|fixed|move|moved|board|refund|refunded|return|returned|call back|called back|get back|got back|gotten back|pick up|picked up|let me|allow me|accept|accepted|recognize|recognise|print|play|playing|run|running|function|functioning|help|helped)`;

/** [source, valence] pairs, in priority order. */
const PHRASES: ReadonlyArray<readonly [string, number]> = [
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

const PHRASE_RE = new RegExp(PHRASES.map(([src]) => String.raw`\b(${src})\b`).join('|'), 'gi');

/** Text with expressions replaced, and the replaced expressions in order (for the reasoning). */
export interface RewrittenText {
  text: string;
  phrases: string[];
}

/** Synthetic tokens are "xp" + digits. */
export const isPhraseToken = (token: string): boolean => /^xp\d+$/.test(token);

/** Replaces known expressions with their synthetic tokens. */
export const rewritePhrases = (text: string): RewrittenText => {
  const phrases: string[] = [];
  const out = text.replace(PHRASE_RE, (match: string, ...groups: unknown[]) => {
    for (let i = 0; i < PHRASES.length; i++) {
      if (groups[i] !== undefined) {
        phrases.push(match.toLowerCase());
        return ` ${tokenFor(i)} `;
      }
    }
    return match;
  });
  return { text: out, phrases };
};
