import { z } from 'zod';
import { contentHash } from '../../domain/content-hash.js';
import type { NewItem } from '../../domain/item.js';

const optionalString = z.string().nullish().catch(undefined);
const optionalCount = z.number().int().nonnegative().nullish().catch(undefined);
const user = z.looseObject({ login: z.string(), id: z.number().int().optional() }).nullish().catch(undefined);

export const githubRepoSchema = z.looseObject({
  id: z.number().int(),
  full_name: z.string(),
  html_url: z.string(),
  description: optionalString,
  owner: user,
  created_at: z.string(),
  pushed_at: optionalString,
  updated_at: optionalString,
  language: optionalString,
  stargazers_count: optionalCount,
  forks_count: optionalCount,
  watchers_count: optionalCount,
  open_issues_count: optionalCount,
});

export const githubIssueSchema = z.looseObject({
  id: z.number().int(),
  number: z.number().int(),
  title: z.string(),
  html_url: z.string(),
  body: optionalString,
  user,
  created_at: z.string(),
  comments: optionalCount,
  pull_request: z.unknown().optional(),
  reactions: z.looseObject({ total_count: optionalCount }).nullish().catch(undefined),
});

export const githubReleaseSchema = z.looseObject({
  id: z.number().int(),
  tag_name: z.string(),
  name: optionalString,
  body: optionalString,
  html_url: z.string(),
  author: user,
  draft: z.boolean().optional(),
  published_at: optionalString,
  created_at: optionalString,
});

export const githubSearchSchema = z.looseObject({
  total_count: z.number().int().optional(),
  incomplete_results: z.boolean().optional(),
  items: z.array(z.unknown()),
});

export type GithubRepo = z.infer<typeof githubRepoSchema>;
export type GithubIssue = z.infer<typeof githubIssueSchema>;
export type GithubRelease = z.infer<typeof githubReleaseSchema>;

interface Ctx {
  queryName: string;
  fetchedAt: string;
}

const iso = (s: string): string => new Date(Date.parse(s)).toISOString();
const authorOf = (u: GithubRepo['owner']) => ({ id: u?.id === undefined ? null : String(u.id), handle: u?.login ?? null, name: null, followers: null });

/** The fields that differ between a repository, an issue and a release. */
interface GithubItemParts {
  externalId: string;
  url: string;
  owner: GithubRepo['owner'];
  title: string;
  text: string;
  createdAt: string;
  metrics?: Partial<NewItem['metrics']>;
}

const githubItem = (p: GithubItemParts, ctx: Ctx, raw: unknown): NewItem => ({
  source: 'github',
  externalId: p.externalId,
  url: p.url,
  author: authorOf(p.owner),
  title: p.title,
  text: p.text,
  lang: null,
  createdAt: iso(p.createdAt),
  fetchedAt: ctx.fetchedAt,
  metrics: { likes: 0, reposts: 0, replies: 0, quotes: 0, views: 0, ...p.metrics },
  queries: [ctx.queryName],
  contentHash: contentHash(p.title, p.text),
  raw,
});

/** A repository → NewItem: stars → likes, forks → reposts. `createdAt` is the repository's creation. */
export const mapGithubRepo = (r: GithubRepo, ctx: Ctx): NewItem =>
  githubItem(
    { externalId: `repo:${r.id}`, url: r.html_url, owner: r.owner, title: r.full_name, text: r.description ?? '', createdAt: r.created_at, metrics: { likes: r.stargazers_count ?? 0, reposts: r.forks_count ?? 0 } },
    ctx,
    r,
  );

/** An issue or pull request → NewItem: reactions → likes, comments → replies. */
export const mapGithubIssue = (i: GithubIssue, ctx: Ctx): NewItem =>
  githubItem(
    { externalId: `issue:${i.id}`, url: i.html_url, owner: i.user, title: i.title, text: i.body ?? '', createdAt: i.created_at, metrics: { likes: i.reactions?.total_count ?? 0, replies: i.comments ?? 0 } },
    ctx,
    i,
  );

/** A release → NewItem titled "<owner/repo> <name or tag>". */
export const mapGithubRelease = (r: GithubRelease, repo: string, ctx: Ctx): NewItem => {
  const title = `${repo} ${r.name && r.name.trim() !== '' ? r.name : r.tag_name}`;
  return githubItem({ externalId: `release:${r.id}`, url: r.html_url, owner: r.author, title, text: r.body ?? '', createdAt: r.published_at ?? r.created_at ?? ctx.fetchedAt }, ctx, r);
};

/** The `rel="next"` URL of a Link header, or undefined. */
export const nextLink = (link: string | undefined): string | undefined => {
  if (!link) return undefined;
  for (const part of link.split(',')) {
    const m = /<([^>]+)>\s*;\s*rel="?([^";]+)"?/.exec(part.trim());
    if (m?.[2]?.split(/\s+/).includes('next')) return m[1];
  }
  return undefined;
};
