/*
 * Mute rules (issue 18, ADR 0029): an author, a source, a domain, a phrase or a story whose items are
 * still stored and scored but never notified and hidden from lists unless asked for. Pure: the
 * kinds, the checks on what a user typed, and the normalised value the store matches on.
 */
import { inputError } from './errors.js';
import { SOURCE_NAMES, type SourceName } from './item.js';

export const MUTE_KINDS = ['author', 'source', 'domain', 'phrase', 'story'] as const;
export type MuteKind = (typeof MUTE_KINDS)[number];

/** A rule as the store matches it: `value` is normalised (lower case; `@` off an author; a story id as digits). */
export interface MuteRule {
  kind: MuteKind;
  value: string;
}

/** A stored rule: who made it (the API key's fingerprint, `anonymous` or `cli`) and when. */
export interface Mute extends MuteRule {
  id: number;
  actor: string;
  createdAt: string;
}

/** Whether lists show muted signals and stories: hidden (the default), shown with the rest, or only they. */
export const MUTED_VIEWS = ['exclude', 'include', 'only'] as const;
export type MutedView = (typeof MUTED_VIEWS)[number];

const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;
const MAX_VALUE = 200;

const checkText = (field: MuteKind, raw: string): string => {
  const v = raw.trim();
  if (v.length === 0) throw inputError(`${field}: must not be empty`);
  if (v.length > MAX_VALUE) throw inputError(`${field}: at most ${MAX_VALUE} characters (got ${v.length})`);
  return v;
};

const normaliseDomain = (raw: string): string => {
  const v = checkText('domain', raw).toLowerCase().replace(/^\*\./, '').replace(/\.$/, '');
  if (!DOMAIN.test(v)) throw inputError(`domain: "${raw.trim()}" is not a domain name (like example.com: no scheme, path or port)`);
  return v;
};

const normaliseSource = (raw: string): SourceName => {
  const v = raw.trim().toLowerCase();
  const known = SOURCE_NAMES.find((s) => s === v);
  if (!known) throw inputError(`source: unknown source "${raw.trim()}" (one of ${SOURCE_NAMES.join(', ')})`);
  return known;
};

const normaliseStory = (raw: string): string => {
  const v = raw.trim();
  if (!/^\d{1,15}$/.test(v) || Number(v) < 1) throw inputError(`story: "${v}" is not a story id (a positive integer)`);
  return String(Number(v));
};

/** The normalised rule for what a user typed, or an input error naming the field. */
export const parseMute = (kind: MuteKind, raw: string): MuteRule => {
  switch (kind) {
    case 'author':
      return { kind, value: checkText('author', raw).replace(/^@/, '').toLowerCase() };
    case 'source':
      return { kind, value: normaliseSource(raw) };
    case 'domain':
      return { kind, value: normaliseDomain(raw) };
    case 'phrase':
      return { kind, value: checkText('phrase', raw).replace(/\s+/g, ' ').toLowerCase() };
    case 'story':
      return { kind, value: normaliseStory(raw) };
  }
};

/** What a list applies: hide the rows the rules match, or show only them. */
export interface MuteFilter {
  view: 'exclude' | 'only';
  rules: readonly MuteRule[];
}

/** The filter for a view (`include`, or `exclude` with no rules, filters nothing). */
export const muteFilter = (rules: readonly MuteRule[], view: MutedView = 'exclude'): MuteFilter | undefined => {
  if (view === 'include' || (view === 'exclude' && rules.length === 0)) return undefined;
  return { view, rules };
};
