import type { Entities } from '../../domain/analysis.js';

/*
 * Entity extraction: hashtags (lower-cased, without '#'), @handles (without '@'), configured
 * product and competitor names (case-insensitive whole-word, reported in their configured
 * spelling), configured organisations, and organisations found by a general rule: a run of
 * capitalised words ending in a corporate or institutional suffix ("Acme Corp", "Stanford
 * University", "University of Toronto").
 */

export interface NameMatcher {
  /** Configured spelling. */
  name: string;
  re: RegExp;
  /** Lower-cased first word: a cheap substring pre-check before the regex. */
  needle: string;
  /** Whether the matched spelling is one word (then `needle` is all of it). */
  oneWord: boolean;
}

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Compiles configured names once; whitespace inside a name matches any run of whitespace. */
export const compileNames = (names: readonly string[]): NameMatcher[] =>
  [...new Set(names.map((n) => n.trim()).filter((n) => n !== ''))].map((name) => ({
    name,
    re: new RegExp(`(?<![\\p{L}\\p{N}_])${escapeRegex(name).replace(/\s+/g, '\\s+')}(?![\\p{L}\\p{N}_])`, 'giu'),
    needle: (name.toLowerCase().split(/\s+/)[0] ?? '').normalize('NFC'),
    oneWord: !/\s/.test(name),
  }));

/**
 * Matchers for other spellings of configured names (`analysis.aliases`: "Brindle" for
 * "Brindlepost"): each alias matches like a name and is reported as the name it stands for.
 * Aliases of names not in `names` are left out.
 */
export const compileAliases = (names: readonly string[], aliases: Readonly<Record<string, readonly string[]>> | undefined): NameMatcher[] => {
  if (!aliases) return [];
  const out: NameMatcher[] = [];
  for (const name of names) {
    const own = aliases[name];
    if (own) for (const m of compileNames(own)) out.push({ ...m, name });
  }
  return out;
};

const has = (m: NameMatcher, text: string, lower: string): boolean => {
  if (!lower.includes(m.needle)) return false;
  m.re.lastIndex = 0;
  return m.re.test(text);
};

/** Configured names present in `text` (`lower` is its lower-cased form), in configured order. */
export const findNames = (text: string, lower: string, matchers: readonly NameMatcher[]): string[] => [
  ...new Set(matchers.filter((m) => has(m, text, lower)).map((m) => m.name)),
];

/** Blanks every configured name out of `text` (so "United" or "Delight" carry no sentiment). */
export const maskNames = (text: string, lower: string, matchers: readonly NameMatcher[]): string =>
  matchers.reduce((t, m) => (lower.includes(m.needle) ? t.replace(m.re, ' ') : t), text);

const HASHTAG = /(?<![\p{L}\p{N}_])#([\p{L}\p{N}_]*\p{L}[\p{L}\p{N}_]*)/gu;
const HANDLE = /(?<![\p{L}\p{N}_@.])@([A-Za-z0-9_]{1,30})(?![A-Za-z0-9_@])/gu;
const ORG_SUFFIX =
  /\b((?:[A-Z][\w&'-]*\s+){0,2}[A-Z][\w&'-]*\s+(?:Inc|Corp|Corporation|Ltd|LLC|GmbH|PLC|Co|Foundation|University|Institute|Labs|Laboratories|Group|Technologies|Systems|Airlines|Airways|Bank|Agency|Ministry|Department|Council|Commission|Association)\b\.?)/g;
const ORG_OF = /\b((?:University|Institute|Ministry|Department|Bank) of (?:[A-Z][\w-]*)(?:\s+[A-Z][\w-]*)?)/g;
const LEADING_STOP =
  /^(?:The|A|An|At|In|On|From|By|With|And|Or|For|To|Of|My|Our|Your|This|That|I|We|You|They|Thanks|Thank|Love|Hey|Hi|Dear|Just|So|But|Fly|Flying|Via|RT)\s+/;

const collect = (text: string, re: RegExp, map: (s: string) => string, limit: number): string[] => {
  const out: string[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while (out.length < limit && (m = re.exec(text)) !== null) {
    const value = map(m[1] ?? '');
    if (value !== '' && !out.some((o) => o.toLowerCase() === value.toLowerCase())) out.push(value);
  }
  return out;
};

const trimOrg = (s: string): string => {
  let out = s.trim().replace(/\s+/g, ' ').replace(/\.$/, '');
  while (LEADING_STOP.test(out)) out = out.replace(LEADING_STOP, '');
  return out.includes(' ') ? out : '';
};

export const extractOrganisations = (text: string, lower: string, configured: readonly NameMatcher[]): string[] => {
  const found = findNames(text, lower, configured);
  for (const org of [...collect(text, ORG_OF, trimOrg, 5), ...collect(text, ORG_SUFFIX, trimOrg, 5)]) {
    if (!found.some((f) => f.toLowerCase() === org.toLowerCase())) found.push(org);
  }
  return found.slice(0, 10);
};

export interface EntityMatchers {
  products: readonly NameMatcher[];
  competitors: readonly NameMatcher[];
  organisations: readonly NameMatcher[];
}

export interface ExtractedEntities {
  entities: Entities;
  /** Configured competitor names present. */
  competitors: string[];
  /** Hashtags as written (case kept, so "BusinessTravel" can become the tag "business-travel"). */
  hashtagsAsWritten: string[];
}

/** The labels of each URL's host ("status.acme.example" → status, acme, example). */
const hostLabels = (urls: readonly string[]): Set<string> => {
  const labels = new Set<string>();
  for (const u of urls) {
    const host = /^[a-z][a-z0-9+.-]*:\/\/(?:[^/?#@]*@)?([^/?#:]+)/i.exec(u)?.[1];
    if (host) for (const l of host.toLowerCase().split('.')) labels.add(l);
  }
  return labels;
};

/** Configured one-word names (or aliases) that are a label of a linked host: a post linking acme.com or status.acme.example names Acme. */
const namesInHosts = (labels: ReadonlySet<string>, matchers: readonly NameMatcher[]): string[] =>
  labels.size === 0 ? [] : matchers.filter((x) => x.oneWord && labels.has(x.needle)).map((x) => x.name);

/**
 * `clean` is the URL-free, entity-decoded text (so URL anchors are not read as hashtags); `urls`
 * the links taken out of it, whose hosts may name a configured product or competitor.
 */
export const extractEntities = (clean: string, lower: string, m: EntityMatchers, urls: readonly string[] = []): ExtractedEntities => {
  const labels = hostLabels(urls);
  const products = [...new Set([...findNames(clean, lower, m.products), ...namesInHosts(labels, m.products)])];
  const competitors = [...new Set([...findNames(clean, lower, m.competitors), ...namesInHosts(labels, m.competitors)])];
  for (const c of competitors) if (!products.includes(c)) products.push(c);
  const hashtagsAsWritten = collect(clean, HASHTAG, (s) => s, 20);
  const entities: Entities = {
    products,
    organisations: extractOrganisations(clean, lower, m.organisations),
    people: [],
    hashtags: hashtagsAsWritten.map((h) => h.toLowerCase()),
    handles: collect(clean, HANDLE, (s) => s, 20),
  };
  return { entities, competitors, hashtagsAsWritten };
};
