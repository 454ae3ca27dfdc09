import { createHash, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { gone, internalError, isAppError } from '../domain/errors.js';
import { muteFilter, type MuteRule } from '../domain/mute.js';
import { sinceHours } from '../domain/time.js';
import type { Clock } from '../platform/clock.js';
import type { Snapshot, SnapshotFilters, SnapshotFormat } from '../store/snapshots.port.js';
import type { Store } from '../store/store.port.js';
import { filteredSignalPages, writeSignals, type SignalFilter, type TextSink } from './signals.export.js';

/**
 * Snapshots (SPEC 4.2): a recorded, checksummed export of a filtered set, whose content is kept in
 * the store in chunks so that any API replica can serve it (ADR 0019).
 */

export interface SnapshotDeps {
  store: Store;
  clock: Clock;
}

/** A writer that has not finished after this long is taken to have died with its process. */
export const SNAPSHOT_STALE_AFTER_MS = 30 * 60_000;

/** Bytes per stored chunk: one row each; a download holds about one chunk in memory. */
export const SNAPSHOT_CHUNK_BYTES = 1024 * 1024;

const SNAPSHOT_PAGE_SIZE = 500;

/** The snapshot's filters as a signal filter; `rules` are the mute rules in force (hidden unless `muted` says otherwise). */
export const toSignalFilter = (f: SnapshotFilters, now: Date, rules: readonly MuteRule[] = []): SignalFilter => ({
  category: f.category,
  sentiment: f.sentiment,
  source: f.source,
  minSalience: f.minSalience,
  since: sinceHours(now, f.hours),
  search: f.search,
  mutes: muteFilter(rules, f.muted),
});

/** What a failed snapshot records: useful to an operator, without internals. */
const describeFailure = (err: unknown): string => {
  if (isAppError(err)) return `${err.code}: ${err.message}`;
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: could not store the snapshot` : 'the export failed (see the server log)';
};

/** A sink that hashes and counts the text and stores it as chunks of `chunkBytes` (the last one shorter). */
const chunkSink = (store: Store, id: string, chunkBytes: number) => {
  const hash = createHash('sha256');
  let bytes = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async (all: boolean): Promise<void> => {
    if (pendingBytes === 0 || (!all && pendingBytes < chunkBytes)) return;
    let data = Buffer.concat(pending, pendingBytes);
    while (data.length >= chunkBytes || (all && data.length > 0)) {
      await store.snapshots.appendChunk(id, seq++, data.subarray(0, chunkBytes));
      data = data.subarray(chunkBytes);
    }
    pending = data.length > 0 ? [data] : [];
    pendingBytes = data.length;
  };
  const sink: TextSink = {
    async write(text) {
      const buf = Buffer.from(text, 'utf8');
      hash.update(buf);
      bytes += buf.length;
      pending.push(buf);
      pendingBytes += buf.length;
      await flush(false);
    },
  };
  return {
    sink,
    async end(): Promise<{ bytes: number; sha256: string }> {
      await flush(true);
      return { bytes, sha256: hash.digest('hex') };
    },
  };
};

/** Marks snapshots left `processing` by a writer that died as `failed`; returns how many. */
export const failStaleSnapshots = (deps: SnapshotDeps): Promise<number> =>
  deps.store.snapshots.failStale(new Date(deps.clock.now().getTime() - SNAPSHOT_STALE_AFTER_MS).toISOString());

/**
 * Records a snapshot, stores its content chunk by chunk and marks it ready with its size, row count
 * and SHA-256. On any error the snapshot is marked failed, none of its content is kept, and the
 * error is rethrown.
 */
export const takeSnapshot = async (
  deps: SnapshotDeps,
  input: { format: SnapshotFormat; filters: SnapshotFilters },
  opts: { pageSize?: number; chunkBytes?: number } = {},
): Promise<Snapshot> => {
  const id = randomUUID();
  await deps.store.snapshots.create({ id, format: input.format, filters: input.filters });
  try {
    const out = chunkSink(deps.store, id, opts.chunkBytes ?? SNAPSHOT_CHUNK_BYTES);
    const pages = filteredSignalPages(deps.store, toSignalFilter(input.filters, deps.clock.now(), await deps.store.mutes.list()), opts.pageSize ?? SNAPSHOT_PAGE_SIZE);
    const rows = await writeSignals(out.sink, input.format, pages);
    const { bytes, sha256 } = await out.end();
    const ready = await deps.store.snapshots.complete(id, { rows, bytes, sha256 });
    if (!ready) throw internalError(`snapshot ${id} was marked failed or deleted before its content was finished`);
    return ready;
  } catch (err) {
    // If the store is down too, the row stays processing until failStaleSnapshots sweeps it.
    await deps.store.snapshots.fail(id, describeFailure(err)).catch(() => undefined);
    throw err;
  }
};

/**
 * The content of a ready snapshot as a byte stream, read from the store one chunk at a time (each
 * read waits until the previous chunk was taken). GONE when the store holds none of it (a snapshot
 * taken before the content moved into the store); the stream errors if it ends short of
 * `snapshot.bytes` (deleted while it was read).
 */
export const snapshotContent = async (store: Store, snapshot: Snapshot): Promise<Readable> => {
  const first = await store.snapshots.readChunk(snapshot.id, 0);
  if (!first) throw gone(`the content of snapshot ${snapshot.id} is no longer stored`);
  const expected = snapshot.bytes ?? 0;
  async function* chunks(): AsyncGenerator<Buffer> {
    let sent = 0;
    let next: Buffer | undefined = first;
    for (let seq = 1; next; seq++) {
      yield next;
      sent += next.length;
      next = sent < expected ? await store.snapshots.readChunk(snapshot.id, seq) : undefined;
    }
    if (sent !== expected) throw gone(`snapshot ${snapshot.id} was deleted while it was read (${sent} of ${expected} bytes)`);
  }
  return Readable.from(chunks(), { objectMode: false, highWaterMark: 1 });
};
