/*
 * Shared pieces of the category cues: the Cue type, the whole-phrase regex builder and the
 * phrase fragments several categories use (negated auxiliaries, app verbs, access failures).
 */

export interface Cue {
  /** Global regex over lower-cased text. */
  re: RegExp;
  weight: number;
  /** Distinct matches counted (default 2; zero-weight cues count all). */
  maxMatches?: number;
}

/** Whole-phrase alternation; every cue starts with a word character and may end in punctuation. */
export const rx = (parts: readonly string[]): RegExp =>
  new RegExp(String.raw`\b(?:${parts.join('|')})(?![a-z0-9_])`, 'g');

/**
 * Negated or failed auxiliary before an action verb: "doesn't open", "won't even load". Bare
 * "don't" is left out: "don't download this" warns, it does not report a failure.
 */
export const NEG_AUX = String.raw`(?:doesn'?t|does not|won'?t|will not|isn'?t|is not|aren'?t|are not|not|no longer|never|can'?t|cannot|can not|couldn'?t|could not|wouldn'?t|didn'?t|did not|unable to|fails? to|failed to|failing to)`;
export const APP_VERB = String.raw`(?:work|works|working|load|loading|open|opening|start|starting|launch|launching|sync|syncing|connect|connecting|save|saving|respond|responding|play|playing|install|installing|update|updating|download|downloading|upload|uploading|show|showing|display|displaying|run|running|function|functioning|send|sending|print|printing|recogni[sz]e|detect|register|boot|refresh|import|export|load up)`;
export const PROBLEM_NOUN = String.raw`(?:bugs?|crash(?:es|ed|ing)?|glitch(?:es)?|errors?|issues?|problems?|freez\w*|lags?|force close\w*|hiccups?)`;
/** Words allowed between the negation and the verb: "doesn't seem to work", "won't let me play". */
export const INTER = String.raw`(?:(?:even|seem to|seems to|always|really|ever|actually|properly|correctly|fully|get it to|get the app to|be able to|able to|let me|let you|allow me to|allow you to) )?`;
/** Things people ask a support desk for, not a product team: "I want an answer". */
export const SERVICE_ASK = String.raw`(?:answer|response|reply|call|callback|refund|explanation|apology|update|agent|person|human|manager|supervisor|number|email|voucher|credit|seat|ticket)`;
/** What may follow "down" when it is not about availability: "down to", "hands down", "down the road". */
export const NOT_OUTAGE_DOWN = String.raw`(?:to|from|by|with|the|a|on|in|at|for good|grade|here|there|payment|side)(?![a-z])`;
export const ACCESS = String.raw`(?:can'?t|cannot|can not|couldn'?t|unable to|not able to|won'?t let (?:me|us)|fail(?:s|ed|ing)? to) (?:even )?(?:log ?in(?:to)?|login|sign ?in(?:to)?|access|connect|reach|load|get (?:in|on|into|through)|open)`;
