import { createHash, timingSafeEqual } from 'node:crypto';

/** Who a request speaks for: an admin key, a read-only key, or no valid key. */
export type ApiKeyRole = 'admin' | 'read' | 'anonymous';

/** SHA-256 digests of the configured keys, computed once at startup. */
export interface KeyRing {
  admin: readonly Buffer[];
  read: readonly Buffer[];
}

/** The outcome of looking at a request's `X-API-Key` header. */
export interface Identity {
  role: ApiKeyRole;
  /** A short SHA-256 prefix of a valid key (never the key): its rate-limit bucket. */
  keyId?: string;
  /** Why no role was granted, when a key was required. */
  failure?: 'missing' | 'invalid';
}

/** HTTP methods a read-only key may use. */
const READ_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/** Encodings that could make a path look open while the router resolves it elsewhere. */
const AMBIGUOUS_PATH = /%2e|%2f|%5c|\\|\/\/|\/\.\.?(?:\/|$)/i;

const HEALTH_PATHS: readonly string[] = ['/health', '/health/'];

const sha256 = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/**
 * True when `presented` equals any digest. Every digest is compared (no early exit) and all
 * digests have the same length, so neither the matching position nor key lengths leak.
 */
export const digestMatches = (presented: Buffer, digests: readonly Buffer[]): boolean => {
  let matched = false;
  for (const digest of digests) {
    // timingSafeEqual runs first so the comparison happens for every key.
    matched = timingSafeEqual(presented, digest) || matched;
  }
  return matched;
};

/** Constant-time check of a presented key against configured keys (both hashed with SHA-256). */
export const keyMatches = (presented: string, keys: readonly string[]): boolean => {
  if (presented.length === 0) return false;
  return digestMatches(sha256(presented), keys.filter((key) => key.length > 0).map(sha256));
};

/** Hashes the configured keys; an empty key is a configuration mistake and fails startup. */
export const buildKeyRing = (adminKeys: readonly string[], readKeys: readonly string[]): KeyRing => {
  if ([...adminKeys, ...readKeys].some((key) => key.length === 0)) {
    throw new Error('security: adminKeys/readKeys must not contain an empty key');
  }
  return { admin: adminKeys.map(sha256), read: readKeys.map(sha256) };
};

/** Resolves the `X-API-Key` header to a role. Both lists are always checked in full. */
export const identify = (header: string | string[] | undefined, ring: KeyRing): Identity => {
  if (header === undefined || header === '') return { role: 'anonymous', failure: 'missing' };
  if (typeof header !== 'string') return { role: 'anonymous', failure: 'invalid' };
  const digest = sha256(header);
  const isAdmin = digestMatches(digest, ring.admin);
  const isRead = digestMatches(digest, ring.read);
  if (!isAdmin && !isRead) return { role: 'anonymous', failure: 'invalid' };
  return { role: isAdmin ? 'admin' : 'read', keyId: digest.toString('hex').slice(0, 16) };
};

/** The path of a raw request URL, without its query string. */
export const requestPath = (url: string): string => {
  const end = url.indexOf('?');
  return end === -1 ? url : url.slice(0, end);
};

/**
 * True when `path` is listed: an entry ending in '/' is a prefix (and '/' itself is exact only,
 * so it can never open the whole API). Paths with dot segments, doubled slashes or encoded
 * separators never match, so a crafted URL cannot look open yet route to a protected handler.
 */
export const pathListed = (path: string, entries: readonly string[]): boolean => {
  if (AMBIGUOUS_PATH.test(path)) return false;
  return entries.some((entry) =>
    entry === path || (entry.endsWith('/') && entry !== '/' && path.startsWith(entry)));
};

/** Health probes (/health and /health/...) are never rate limited. */
export const isHealthPath = (path: string): boolean => pathListed(path, HEALTH_PATHS);

/** The error a request gets when a key is required, or undefined when it may proceed. */
export const denial = (
  identity: Identity,
  method: string,
): { status: 401 | 403; code: 'UNAUTHENTICATED' | 'FORBIDDEN'; message: string } | undefined => {
  if (identity.failure === 'missing') return { status: 401, code: 'UNAUTHENTICATED', message: 'missing X-API-Key header' };
  if (identity.failure === 'invalid') return { status: 401, code: 'UNAUTHENTICATED', message: 'invalid API key' };
  if (identity.role === 'read' && !READ_METHODS.has(method)) {
    return { status: 403, code: 'FORBIDDEN', message: 'this API key is read-only' };
  }
  return undefined;
};
