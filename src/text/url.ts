/*
 * URL canonicalization: the strong key of a story. Two links to the same thing give the same key;
 * tracking parameters, scheme and host case, `www.`/`m.`, default ports, fragments and trailing
 * slashes do not count. Known sites fold their aliases to one key (ADR 0022):
 *   arxiv abs/pdf/vN          → arxiv:2411.01234
 *   github repo, releases, tree, blob → github:owner/repo; an issue or pull request → github:owner/repo#N
 *   Hacker News item          → hn:ID;  reddit post (any host, slug or redd.it) → reddit:ID
 *   x.com / twitter.com status → x:ID;  youtu.be/ID and watch?v=ID → youtube:ID
 */

/** Query parameters that only say who sent the click. */
const TRACKING = new Set(['fbclid', 'gclid', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'igshid', 'mc_cid', 'mc_eid', 'ref', 'ref_src', 'ref_url', 'referrer', '_ga', '_gl', 'spm', 'cmpid', 'ocid', 'smid', 'cid', 'share', 'si', 'feature', 'src', 'via', 'trk', '__twitter_impression']);
const isTracking = (name: string): boolean => name.startsWith('utm_') || name.startsWith('hsa_') || TRACKING.has(name);

const HOST_PREFIXES = /^(?:www\d?|m|mobile|amp|old|new|np)\./;

const ARXIV_ID = /^(\d{4}\.\d{4,5}|[a-z-]+(?:\.[a-z]{2})?\/\d{7})(?:v\d+)?(?:\.pdf)?$/i;

const arxivKey = (path: string[]): string | undefined => {
  const [kind, ...rest] = path;
  if (kind !== 'abs' && kind !== 'pdf' && kind !== 'html') return undefined;
  const m = ARXIV_ID.exec(rest.join('/'));
  return m?.[1] ? `arxiv:${m[1].toLowerCase()}` : undefined;
};

const GITHUB_RESERVED = new Set(['orgs', 'settings', 'marketplace', 'topics', 'search', 'notifications', 'login', 'features', 'sponsors', 'about', 'explore', 'collections', 'trending']);

const githubKey = (path: string[]): string | undefined => {
  const [owner, repo, kind, n] = path;
  if (!owner || !repo || GITHUB_RESERVED.has(owner.toLowerCase())) return undefined;
  const base = `github:${owner.toLowerCase()}/${repo.toLowerCase().replace(/\.git$/, '')}`;
  if ((kind === 'issues' || kind === 'pull' || kind === 'discussions') && n && /^\d+$/.test(n)) return `${base}#${n}`;
  return base;
};

const siteKey = (host: string, path: string[], params: URLSearchParams): string | undefined => {
  if (host === 'arxiv.org' || host === 'export.arxiv.org') return arxivKey(path);
  if (host === 'github.com') return githubKey(path);
  if (host === 'news.ycombinator.com' && path[0] === 'item' && /^\d+$/.test(params.get('id') ?? '')) return `hn:${params.get('id')}`;
  if (host === 'reddit.com' && path[0] === 'r' && path[2] === 'comments' && path[3]) return `reddit:${path[3].toLowerCase()}`;
  if (host === 'reddit.com' && path[0] === 'comments' && path[1]) return `reddit:${path[1].toLowerCase()}`;
  if (host === 'redd.it' && path[0]) return `reddit:${path[0].toLowerCase()}`;
  if ((host === 'x.com' || host === 'twitter.com') && path[1] === 'status' && /^\d+$/.test(path[2] ?? '')) return `x:${path[2]}`;
  if (host === 'youtu.be' && path[0]) return `youtube:${path[0]}`;
  if (host === 'youtube.com' && path[0] === 'watch' && params.get('v')) return `youtube:${params.get('v')}`;
  return undefined;
};

/**
 * The canonical key of an http(s) URL, or undefined when `raw` is not one. Pure and total: any
 * string in, a key or undefined out.
 */
export const canonicalUrl = (raw: string): string | undefined => {
  const trimmed = raw.trim().replace(/[)\].,;:!?'"’”]+$/u, '');
  if (!/^https?:\/\//i.test(trimmed) || trimmed.length > 4096) return undefined;
  return plainKey(trimmed) ?? parsedKey(trimmed);
};

/**
 * A plain URL: scheme, a host of ASCII labels whose last starts with a letter (never an IPv4
 * number; no `xn--` label, which the parser would decode and check), and a path of unreserved
 * characters only. No port, user, query, fragment or percent sign: nothing the URL parser would
 * change but the host's case and `.`/`..` segments, checked below.
 */
const PLAIN = /^https?:\/\/((?:[A-Za-z0-9-]+\.)*[A-Za-z][A-Za-z0-9-]*\.?)(\/[A-Za-z0-9\-._~/]*)?$/i;
const NO_PARAMS = new URLSearchParams();

/**
 * The key of a plain URL without the URL parser (most item links: a post, a repository, a paper),
 * the same key `parsedKey` gives (test/text/url.test.ts compares both); undefined when not plain.
 */
export const plainKey = (url: string): string | undefined => {
  const m = PLAIN.exec(url);
  if (!m || (m[1] as string).toLowerCase().includes('xn--')) return undefined;
  const path = (m[2] ?? '').split('/').filter((seg) => seg !== '');
  if (path.some((seg) => seg === '.' || seg === '..')) return undefined;
  return keyOf(m[1] as string, path, NO_PARAMS, '');
};

/** The key of any http(s) URL, through the WHATWG URL parser (`trimmed` as `canonicalUrl` cut it). */
export const parsedKey = (trimmed: string): string | undefined => {
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    return undefined;
  }
  const port = url.port && url.port !== '80' && url.port !== '443' ? `:${url.port}` : '';
  return keyOf(url.hostname, url.pathname.split('/').filter((s) => s !== ''), url.searchParams, port);
};

/** A URL's key from its parts: a known site's key, else host, port, path and the query without tracking parameters. */
const keyOf = (hostname: string, path: string[], params: URLSearchParams, port: string): string | undefined => {
  const host = hostname.toLowerCase().replace(/\.$/, '').replace(HOST_PREFIXES, '');
  if (host === '') return undefined;
  const site = siteKey(host, path, params);
  if (site) return site;
  const kept = [...params].filter(([k]) => !isTracking(k.toLowerCase())).sort(([a, av], [b, bv]) => (a === b ? (av < bv ? -1 : 1) : a < b ? -1 : 1));
  const query = kept.length > 0 ? `?${new URLSearchParams(kept).toString()}` : '';
  const pathname = path.length > 0 ? `/${path.join('/')}` : '';
  return `${host}${port}${pathname}${query}`;
};
