/*
 * Organisation, lab, product and person names in free text, by gazetteer and rules (issue 16;
 * measured against a hand-labelled sample in docs/bench/entities.md). Candidates are runs of
 * capitalised or CamelCase words; a run (or its longest part) found in the gazetteer is that
 * entity; otherwise an organisation suffix ("… Labs", "University of …"), an inner capital
 * ("ChatRetrieve") or a known first name ("Ada Lovelace") decides; anything else is not an entity.
 */
import { ANY_CASE, BUILTIN_GAZETTEER, NOT_NAMES } from './gazetteer.js';
import { FIRST_NAMES } from './first-names.js';
import { displayName, normalizeName, type EntityKind } from './normalize.js';

export interface TextMention {
  name: string;
  kind: EntityKind;
}

export interface GazetteerEntry {
  name: string;
  kind: EntityKind;
  /** Matched in lower case and as an @handle too (coined names). */
  anyCase: boolean;
}

export type Gazetteer = ReadonlyMap<string, GazetteerEntry>;

/** The gazetteer keyed by normalised name: the built-in list, then the configured entries. */
export const buildGazetteer = (extra: ReadonlyArray<{ name: string; kind: EntityKind }> = []): Gazetteer => {
  const out = new Map<string, GazetteerEntry>();
  for (const [name, kind] of BUILTIN_GAZETTEER) out.set(normalizeName(name), { name, kind, anyCase: ANY_CASE.has(normalizeName(name)) });
  for (const e of extra) out.set(normalizeName(e.name), { name: displayName(e.name), kind: e.kind, anyCase: normalizeName(e.name).length >= 5 });
  return out;
};

const LAB_SUFFIX = /^(labs?|laboratory|laboratories|institute|observatory|centre|center)$/i;
const ORG_SUFFIX = /^(inc\.?|corp\.?|corporation|ltd\.?|llc|gmbh|foundation|university|college|group|technologies|ag|sa|co\.?)$/i;
const WORD = /[\p{Lu}][\p{L}\p{N}]*(?:[.-][\p{L}\p{N}]+)*|[\p{Ll}]+[\p{Lu}][\p{L}\p{N}]*/gu;
const CONNECTOR = /^\s+(of|for|de|&)\s+$|^\s+$|^-$/;

const isCapital = (w: string): boolean => /^[\p{Lu}]/u.test(w) || /[\p{Lu}]/u.test(w.slice(1));
const innerCapital = (w: string): boolean => /^[\p{Lu}][\p{Ll}\p{N}]+[\p{Lu}][\p{L}\p{N}]*$/u.test(w) || /^[\p{Ll}]+[\p{Lu}]/u.test(w);

/** Runs of capitalised words (joined by spaces, "of", "&"), each with its words. */
const capitalRuns = (text: string): string[][] => {
  const runs: string[][] = [];
  let run: string[] = [];
  let end = -1;
  for (const m of text.matchAll(WORD)) {
    const w = m[0];
    const gap = end < 0 ? '' : text.slice(end, m.index);
    if (run.length > 0 && !CONNECTOR.test(gap)) {
      runs.push(run);
      run = [];
    }
    if (run.length > 0 && /\s(of|for|de|&)\s/.test(gap)) run.push(gap.trim());
    run.push(w);
    end = m.index + w.length;
  }
  if (run.length > 0) runs.push(run);
  return runs.map((r) => r.filter((w, i) => i < r.length - 1 || !/^(of|for|de|&)$/.test(w))).filter((r) => r.some(isCapital));
};

/** The longest gazetteer entry inside a run, with where it starts and ends. */
const gazetteerPart = (words: string[], gaz: Gazetteer): { start: number; end: number; hit: GazetteerEntry } | undefined => {
  for (let len = Math.min(words.length, 4); len >= 1; len--) {
    for (let start = 0; start + len <= words.length; start++) {
      const hit = gaz.get(normalizeName(words.slice(start, start + len).join(' ')));
      if (hit) return { start, end: start + len, hit };
    }
  }
  return undefined;
};

/** A run the gazetteer does not know, judged by the rules. */
const ruleMention = (words: string[]): TextMention | undefined => {
  const content = words.filter((w) => !NOT_NAMES.has(w.toLowerCase()));
  if (content.length === 0) return undefined;
  const name = content.join(' ');
  const last = content[content.length - 1] ?? '';
  if (content.length >= 2 && LAB_SUFFIX.test(last)) return { name, kind: 'lab' };
  if (content.length >= 2 && (ORG_SUFFIX.test(last) || /^university$/i.test(content[0] ?? ''))) return { name: words.join(' ').replace(/^(The|A)\s/, ''), kind: 'org' };
  const first = content[0] ?? '';
  if (content.length >= 2 && content.length <= 3 && FIRST_NAMES.has(first.toLowerCase()) && content.every((w) => /^[\p{Lu}][\p{Ll}'’-]+$/u.test(w))) return { name, kind: 'person' };
  if (content.length === 1 && innerCapital(first) && first.length >= 4) return { name: first, kind: 'product' };
  return undefined;
};

/** One run's mentions: gazetteer parts first, then the rules on what is left either side. */
const runMentions = (words: string[], gaz: Gazetteer, out: TextMention[]): void => {
  if (words.length === 0) return;
  const part = gazetteerPart(words, gaz);
  if (!part) {
    const m = ruleMention(words);
    if (m) out.push(m);
    return;
  }
  out.push(part.hit);
  runMentions(words.slice(0, part.start), gaz, out);
  runMentions(words.slice(part.end), gaz, out);
};

/**
 * An organisation or lab suffix written in lower case after a capitalised word ("Prestige
 * university", "Tideline labs"), as casual text often does: capitalised, so the suffix rules see it.
 */
const LOWER_SUFFIX = /(?<=[\p{Lu}][\p{L}\p{N}]*[ ])(university|institute|laboratory|laboratories|labs?|foundation|corporation|inc|corp|ltd|llc|gmbh)(?![\p{L}\p{N}])/gu;
const capitaliseSuffixes = (text: string): string => text.replace(LOWER_SUFFIX, (w) => `${w[0]?.toUpperCase() ?? ''}${w.slice(1)}`);

/** The distinct entity mentions in a text (first spelling kept), at most `limit`. */
export const textMentions = (text: string, gaz: Gazetteer, limit = 20): TextMention[] => {
  const found: TextMention[] = [];
  const head = capitaliseSuffixes(text.slice(0, 20_000));
  for (const run of capitalRuns(head)) runMentions(run, gaz, found);
  for (const m of head.matchAll(/(?<![\p{L}\p{N}_./-])@?[\p{L}\p{N}_]{5,}/gu)) {
    const hit = gaz.get(normalizeName(m[0]));
    if (hit?.anyCase) found.push(hit);
  }
  const seen = new Map<string, TextMention>();
  for (const m of found) {
    const key = normalizeName(m.name);
    if (key.length >= 2 && !seen.has(key)) seen.set(key, { name: displayName(m.name), kind: m.kind });
  }
  return [...seen.values()].slice(0, limit);
};
