/*
 * An item's entities (issue 16), pure: who wrote it and what it names. Account-like entities live in
 * their source's namespace (an X handle, a GitHub login, an arXiv author name); names found in text
 * and arXiv affiliations live in the shared `name` namespace. Merging across namespaces is the
 * store's job, on evidence (ADR 0031).
 */
import { displayName, normalizeName, type EntityKind } from './normalize.js';
import { textMentions, type Gazetteer } from './text-entities.js';

export type EntityRole = 'author' | 'affiliation' | 'owner' | 'contributor' | 'subject' | 'mention';

export interface EntityMention {
  /** `name` (names in text, affiliations) or the source whose account this is. */
  namespace: string;
  /** Unique within the namespace: a login, a handle, a normalised name. */
  key: string;
  kind: EntityKind;
  name: string;
  /** The profile or home page, when the source gives one. */
  profileUrl: string | null;
  role: EntityRole;
}

/** What extraction reads of an item. */
export interface EntityItem {
  source: string;
  title: string | null;
  text: string;
  url: string | null;
  authorId: string | null;
  authorHandle: string | null;
  authorName: string | null;
  /** The source's raw record (parsed JSON). */
  raw: unknown;
}

const PROFILE: Record<string, (handle: string) => string> = {
  x: (h) => `https://x.com/${h}`,
  reddit: (h) => `https://www.reddit.com/user/${h}`,
  hackernews: (h) => `https://news.ycombinator.com/user?id=${h}`,
  github: (h) => `https://github.com/${h}`,
};

const LAB_WORDS = /\b(labs?|laborator(y|ies)|institute|observatory|centre|center)\b/i;
const GITHUB_REPO_URL = /https?:\/\/(?:www\.)?github\.com\/([A-Za-z0-9-]{1,39})\/([A-Za-z0-9._-]{1,100})/g;
const GITHUB_RESERVED = new Set(['orgs', 'topics', 'search', 'settings', 'marketplace', 'features', 'about', 'login', 'sponsors']);

const named = (name: string, kind: EntityKind, role: EntityRole): EntityMention | undefined => {
  const key = normalizeName(name);
  return key.length < 2 ? undefined : { namespace: 'name', key, kind, name: displayName(name), profileUrl: null, role };
};

const obj = (v: unknown): Record<string, unknown> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const str = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** arXiv: every author (a person under `arxiv`) and each distinct affiliation (a lab or an organisation). */
const arxivEntities = (raw: unknown): EntityMention[] => {
  const out: EntityMention[] = [];
  const authors = obj(raw).authors;
  for (const a of Array.isArray(authors) ? authors.slice(0, 100) : []) {
    const name = str(obj(a).name);
    if (name && normalizeName(name).length >= 2) out.push({ namespace: 'arxiv', key: normalizeName(name), kind: 'person', name: displayName(name), profileUrl: null, role: 'author' });
    const aff = obj(obj(a).arxiv).affiliation;
    for (const af of (Array.isArray(aff) ? aff : [aff]).map(str)) {
      const m = af ? named(af, LAB_WORDS.test(af) ? 'lab' : 'org', 'affiliation') : undefined;
      if (m) out.push(m);
    }
  }
  return out;
};

const githubAccount = (u: unknown, role: EntityRole): EntityMention | undefined => {
  const login = str(obj(u).login);
  if (!login) return undefined;
  const kind: EntityKind = obj(u).type === 'Organization' ? 'org' : 'person';
  return { namespace: 'github', key: login.toLowerCase(), kind, name: login, profileUrl: PROFILE.github?.(login) ?? null, role };
};

const githubRepo = (owner: string, repo: string, role: EntityRole): EntityMention | undefined => {
  const name = `${owner}/${repo.replace(/\.git$/, '')}`;
  if (GITHUB_RESERVED.has(owner.toLowerCase()) || repo === '') return undefined;
  return { namespace: 'github', key: name.toLowerCase(), kind: 'product', name, profileUrl: `https://github.com/${name}`, role };
};

/** GitHub: a repository's owner (org or person) and the repository; an issue's or release's author as a contributor and its repository. */
const githubEntities = (raw: unknown, url: string | null): EntityMention[] => {
  const r = obj(raw);
  const out: Array<EntityMention | undefined> = [];
  if (typeof r.full_name === 'string') {
    out.push(githubAccount(r.owner, 'owner'));
    const [o, n] = r.full_name.split('/');
    if (o && n) out.push(githubRepo(o, n, 'subject'));
  } else {
    out.push(githubAccount(r.user ?? r.author, 'contributor'));
    const m = /github\.com\/([^/]+)\/([^/#?]+)/.exec(url ?? '');
    if (m?.[1] && m[2]) out.push(githubRepo(m[1], m[2], 'subject'));
  }
  return out.filter((m): m is EntityMention => m !== undefined);
};

/** Elsewhere: the author's account (handle, else id), named by its display name when there is one. */
const handleEntity = (it: EntityItem): EntityMention | undefined => {
  const handle = it.authorHandle ?? it.authorId;
  if (!handle) return undefined;
  const key = handle.replace(/^@/, '').toLowerCase();
  return { namespace: it.source, key, kind: 'person', name: displayName(it.authorName ?? handle), profileUrl: it.authorHandle ? (PROFILE[it.source]?.(it.authorHandle.replace(/^@/, '')) ?? null) : null, role: 'author' };
};

/** Repositories linked from the item's URL or text (the same profile link as the repository's own items). */
const linkedRepos = (it: EntityItem): EntityMention[] => {
  const out: EntityMention[] = [];
  for (const m of `${it.url ?? ''} ${it.text.slice(0, 20_000)}`.matchAll(GITHUB_REPO_URL)) {
    const repo = m[1] && m[2] ? githubRepo(m[1], m[2].replace(/[.,;:)]+$/, ''), 'mention') : undefined;
    if (repo) out.push(repo);
  }
  return out;
};

/** Every entity of an item, each (namespace, key) once (the first role wins). */
export const extractEntities = (it: EntityItem, gaz: Gazetteer): EntityMention[] => {
  const structured = it.source === 'arxiv' ? arxivEntities(it.raw) : it.source === 'github' ? githubEntities(it.raw, it.url) : [handleEntity(it)].filter((m): m is EntityMention => m !== undefined);
  const text = it.title ? `${it.title}. ${it.text}` : it.text;
  const mentions = textMentions(text, gaz).map((m) => named(m.name, m.kind, 'mention')).filter((m): m is EntityMention => m !== undefined);
  const seen = new Set<string>();
  return [...structured, ...(it.source === 'github' ? [] : linkedRepos(it)), ...mentions].filter((m) => {
    const k = `${m.namespace}\u0000${m.key}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
};
