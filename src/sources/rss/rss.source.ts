import { open } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { AppError, upstreamBadResponse, upstreamUnavailable } from '../../domain/errors.js';
import type { Logger } from '../../observability/logger.js';
import { maskUrl } from '../shared/mask-url.js';
import { unitsSource } from '../shared/run-queries.js';
import { createSourceHttp, RejectedError, type SourceHttpDeps } from '../shared/source-http.js';
import { defineSource } from '../source.descriptor.js';
import type { FetchBatch, FetchContext, Source } from '../source.port.js';
import { decodeFeedBytes } from './decode.js';
import { isUsableEntry, mapFeedEntry } from './map.js';
import { parseFeedDocument } from './parse.js';
import { rssConfigSchema, type RssConfig, type RssFeed } from './rss.config.js';

/** Per-feed cursor: the validators of the last response we stored (conditional GET). */
export interface RssCursor {
  etag?: string;
  lastModified?: string;
}

const cursorSchema = z.object({ etag: z.string().optional(), lastModified: z.string().optional() });

const decodeCursor = (value: string | undefined): RssCursor => {
  if (!value) return {};
  try {
    const r = cursorSchema.safeParse(JSON.parse(value));
    return r.success ? r.data : {};
  } catch {
    return {};
  }
};

interface Document {
  bytes: Uint8Array;
  contentType: string | undefined;
  validators: RssCursor;
}

/** Reads a file:// feed with the same size cap; its mtime plays Last-Modified. */
const readFileFeed = async (url: string, maxBytes: number): Promise<{ bytes: Uint8Array; mtime: string }> => {
  const handle = await open(fileURLToPath(url), 'r').catch((err: NodeJS.ErrnoException) => {
    throw upstreamUnavailable(`cannot read ${url}: ${err.code ?? err.message}`);
  });
  try {
    const st = await handle.stat();
    if (st.size > maxBytes) throw upstreamBadResponse(`${url} is larger than ${maxBytes} bytes (response-size cap)`);
    return { bytes: await handle.readFile(), mtime: st.mtime.toUTCString() };
  } finally {
    await handle.close();
  }
};

/**
 * Feeds (SPEC 2.1): RSS 2.0, RSS 1.0/RDF, Atom and JSON Feed over http(s):// (conditional GET with
 * ETag/Last-Modified) or file://. Bytes are decoded by BOM, Content-Type charset, XML declaration,
 * else UTF-8/windows-1252; HTML bodies become text. An entry's identity is its GUID (or a hash of
 * link + title), so an edited entry updates its item. A document that is not a feed, and any
 * error status (401, 403, 429 …), is an error for that feed only: the other feeds still run.
 */
export const createRssSource = (cfg: RssConfig, deps: SourceHttpDeps): Source => {
  const http = createSourceHttp('rss', 'feed', cfg, deps, { limitedWaitMs: () => undefined });

  /** The document, or undefined when the server says it has not changed (304). */
  const load = async (feed: RssFeed, cursor: RssCursor, signal?: AbortSignal): Promise<Document | undefined> => {
    if (feed.url.startsWith('file:')) {
      const { bytes, mtime } = await readFileFeed(feed.url, cfg.maxBytes);
      if (cursor.lastModified === mtime) return undefined;
      return { bytes, contentType: undefined, validators: { lastModified: mtime } };
    }
    const headers: Record<string, string> = { accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5' };
    if (cursor.etag) headers['if-none-match'] = cursor.etag;
    if (cursor.lastModified) headers['if-modified-since'] = cursor.lastModified;
    try {
      const res = await http.request({ url: feed.url, headers, signal, accept: [304] });
      if (res.status === 304) return undefined;
      const validators: RssCursor = { etag: res.headers.etag, lastModified: res.headers['last-modified'] };
      return { bytes: res.bytes ?? Buffer.from(res.body, 'utf8'), contentType: res.headers['content-type'], validators };
    } catch (err) {
      if (!(err instanceof RejectedError)) throw err;
      // any status concerns this feed only: feeds live on hosts of their own (the source's units are independent)
      throw new AppError('UPSTREAM_REJECTED', `feed "${feed.name}" (${maskUrl(feed.url)}): ${err.message}`, { upstreamStatus: err.upstreamStatus });
    }
  };

  async function* fetchFeed(feed: RssFeed, ctx: FetchContext, log: Logger): AsyncGenerator<FetchBatch> {
    const cursor = decodeCursor(await ctx.getCursor(feed.name));
    const doc = await load(feed, cursor, ctx.signal);
    if (doc === undefined) {
      log.debug({ feed: feed.name }, 'feed not modified');
      return;
    }
    const { text, encoding } = decodeFeedBytes(doc.bytes, doc.contentType);
    let parsed;
    try {
      parsed = parseFeedDocument(text);
    } catch (err) {
      throw upstreamBadResponse(`feed "${feed.name}" (${maskUrl(feed.url)}) could not be read: ${(err as Error).message}`);
    }
    const usable = parsed.entries.filter(isUsableEntry);
    const skipped = parsed.entries.length - usable.length;
    if (skipped > 0) log.warn({ feed: feed.name, skipped }, 'skipped feed entries with no title, link or content');
    const fetchedAt = deps.clock.now().toISOString();
    const byId = new Map<string, ReturnType<typeof mapFeedEntry>>();
    for (const e of usable.slice(0, cfg.maxItemsPerFeed)) {
      const item = mapFeedEntry(e, { feedName: feed.name, fetchedAt });
      if (!byId.has(item.externalId)) byId.set(item.externalId, item);
    }
    log.debug({ feed: feed.name, format: parsed.format, encoding, entries: byId.size }, 'feed read');
    yield { items: [...byId.values()], cursor: { key: feed.name, value: JSON.stringify(doc.validators) } };
  }

  return unitsSource('rss', cfg.feeds, fetchFeed, { label: 'rss', noun: 'feeds', independent: true }, (feed) => maskUrl(feed.url));
};

/** RSS, Atom and JSON Feed: on when switched on with at least one feed. */
export const rssSource = defineSource('rss', rssConfigSchema, createRssSource, (cfg) => cfg.enabled && cfg.feeds.length > 0);
