import type { Readable } from 'node:stream';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import { CATEGORIES, SENTIMENTS } from '../../../domain/analysis.js';
import { SOURCE_NAMES } from '../../../domain/item.js';
import { nullable } from '../../../domain/schema-tools.js';
import type { AppError } from '../../../domain/errors.js';
import { conflict, inputError, notFound } from '../../../domain/errors.js';
import { EXPORT_CONTENT_TYPES } from '../../../export/signals.export.js';
import { failStaleSnapshots, snapshotContent, takeSnapshot } from '../../../export/snapshots.export.js';
import { pruneSnapshots } from '../../../jobs/retention.js';
import { SNAPSHOT_FORMATS, SNAPSHOT_STATUSES, type Snapshot } from '../../../store/snapshots.port.js';
import type { ApiDeps } from '../../deps.js';
import { rejectUnknown } from '../../reject-unknown.js';
import { ErrorBody } from '../../schemas.js';
import { MutedParam } from '../mutes/schema.js';

const UUID = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

const Format = Type.Enum(SNAPSHOT_FORMATS);
const Status = Type.Enum(SNAPSHOT_STATUSES);

const Filters = Type.Object(
  {
    category: Type.Optional(Type.Enum(CATEGORIES)),
    sentiment: Type.Optional(Type.Enum(SENTIMENTS)),
    source: Type.Optional(Type.Enum(SOURCE_NAMES)),
    minSalience: Type.Optional(Type.Number({ minimum: 0, maximum: 100 })),
    hours: Type.Optional(Type.Number({ minimum: 0.01, maximum: 24 * 365, description: 'Signals created in the last N hours before the snapshot.' })),
    search: Type.Optional(Type.String({ maxLength: 200, description: 'Words of the title or text, every one required (the last also as a prefix), case-insensitive; punctuation only separates words; no words = no filter.' })),
    muted: MutedParam,
  },
  { additionalProperties: false },
);

const CreateBody = Type.Object({ format: Format, filters: Type.Optional(Filters) }, { additionalProperties: false });

const ListQuery = Type.Object(
  {
    page: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 }),
    pageSize: Type.Integer({ minimum: 1, maximum: 100, default: 20 }),
    status: Type.Optional(Status),
  },
  { additionalProperties: false },
);

const Params = Type.Object({ id: Type.String({ pattern: UUID, description: 'The snapshot id (a UUID).' }) });

const SnapshotBody = Type.Object(
  {
    id: Type.String(),
    status: Status,
    format: Format,
    filters: Filters,
    rows: nullable(Type.Integer()),
    bytes: nullable(Type.Integer()),
    sha256: nullable(Type.String()),
    error: nullable(Type.String()),
    createdAt: Type.String(),
    finishedAt: nullable(Type.String()),
    downloadUrl: nullable(Type.String({ description: 'Set once the snapshot is ready.' })),
  },
  { $id: 'Snapshot' },
);

const SnapshotPage = Type.Object({ items: Type.Array(SnapshotBody), total: Type.Integer(), page: Type.Integer(), pageSize: Type.Integer() });

/** The API shape: no server path; a download link once ready. */
const toBody = (s: Snapshot) => ({
  id: s.id,
  status: s.status,
  format: s.format,
  filters: s.filters,
  rows: s.rows,
  bytes: s.bytes,
  sha256: s.sha256,
  error: s.error,
  createdAt: s.createdAt,
  finishedAt: s.finishedAt,
  downloadUrl: s.status === 'ready' ? `/snapshots/${s.id}/download` : null,
});

/**
 * Ajv coerces a query string of `Infinity` or `1e309` to Infinity and then skips the integer and
 * range checks, so paging numbers are checked once more here.
 */
const finiteQuery = (q: Record<string, unknown>, fields: readonly string[]): void => {
  const details = fields.filter((f) => typeof q[f] === 'number' && !Number.isSafeInteger(q[f])).map((f) => `querystring.${f}: must be a finite integer`);
  if (details.length > 0) throw inputError(details[0] as string, details);
};

const noSnapshot = (id: string): AppError => notFound(`no snapshot ${id}`);

/**
 * Snapshots (SPEC 4.2): real, checksummed exports of a filtered set of signals, their content kept
 * in the store so any replica serves any snapshot, pruned by `api.snapshotRetention` (ADR 0019).
 */
export const snapshotsRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  const snapshots = deps.store.snapshots;
  const exportDeps = { store: deps.store, clock: deps.clock };
  const sweep = async (): Promise<void> => {
    const n = await failStaleSnapshots(deps);
    if (n > 0) app.log.warn({ snapshots: n }, 'marked snapshots left processing by a stopped writer as failed');
  };
  /** Retention never fails the request that triggered it: a snapshot it misses goes at the next sweep. */
  const prune = async (): Promise<void> => {
    const n = await pruneSnapshots(deps, deps.api.snapshotRetention).catch((err: unknown) => {
      app.log.warn({ err: (err as Error).message }, 'could not prune old snapshots');
      return 0;
    });
    if (n > 0) app.log.info({ snapshots: n }, 'deleted snapshots past their retention');
  };
  // At startup a store outage must not stop the server (readiness reports it); requests sweep again.
  app.addHook('onReady', async () => {
    await sweep().catch((err: unknown) => app.log.warn({ err }, 'could not check for interrupted snapshots'));
    await prune();
  });

  app.post(
    '/snapshots',
    {
      preValidation: rejectUnknown('body', CreateBody),
      schema: {
        tags: ['snapshots'],
        description:
          'Writes an export of the signals matching `filters` (newest first) into the store and answers when it is ready, with its SHA-256. Older snapshots beyond `api.snapshotRetention` are then deleted.',
        body: CreateBody,
        response: { 201: SnapshotBody, 400: ErrorBody },
      },
    },
    async (req, reply) => {
      await sweep();
      const snapshot = await takeSnapshot(exportDeps, { format: req.body.format, filters: req.body.filters ?? {} });
      await prune();
      return reply.status(201).header('location', `/snapshots/${snapshot.id}`).send(toBody(snapshot));
    },
  );

  app.get(
    '/snapshots',
    {
      preValidation: rejectUnknown('querystring', ListQuery),
      schema: { tags: ['snapshots'], description: 'Snapshots, newest first; `total` counts every match.', querystring: ListQuery, response: { 200: SnapshotPage, 400: ErrorBody } },
    },
    async (req) => {
      finiteQuery(req.query, ['page', 'pageSize']);
      await sweep();
      const { page, pageSize, status } = req.query;
      const { items, total } = await snapshots.list({ page, pageSize, status });
      return { items: items.map(toBody), total, page, pageSize };
    },
  );

  app.get(
    '/snapshots/:id',
    { schema: { tags: ['snapshots'], params: Params, response: { 200: SnapshotBody, 400: ErrorBody, 404: ErrorBody } } },
    async (req) => {
      await sweep();
      const found = await snapshots.get(req.params.id.toLowerCase());
      if (!found) throw noSnapshot(req.params.id);
      return toBody(found);
    },
  );

  app.get(
    '/snapshots/:id/download',
    {
      schema: {
        tags: ['snapshots'],
        description: 'The snapshot content, streamed from the store, with its SHA-256 in `x-checksum-sha256`. 409 while not ready; 410 if its content is gone.',
        params: Params,
        response: { 200: Type.Unsafe<Readable>({ type: 'string', format: 'binary' }), 400: ErrorBody, 404: ErrorBody, 409: ErrorBody, 410: ErrorBody },
      },
    },
    async (req, reply) => {
      const found = await snapshots.get(req.params.id.toLowerCase());
      if (!found) throw noSnapshot(req.params.id);
      if (found.status !== 'ready' || found.sha256 === null) throw conflict(`snapshot ${found.id} is ${found.status}, not ready`);
      const body = await snapshotContent(deps.store, found);
      return reply
        .header('content-type', EXPORT_CONTENT_TYPES[found.format])
        .header('content-length', found.bytes ?? 0)
        .header('content-disposition', `attachment; filename="snapshot-${found.id}.${found.format}"`)
        .header('x-checksum-sha256', found.sha256)
        .send(body);
    },
  );

  app.delete(
    '/snapshots/:id',
    {
      schema: {
        tags: ['snapshots'],
        description: 'Deletes a finished (ready or failed) snapshot and its content (admin key). 409 while it is being written.',
        params: Params,
        response: { 204: Type.Null(), 400: ErrorBody, 404: ErrorBody, 409: ErrorBody },
      },
    },
    async (req, reply) => {
      const id = req.params.id.toLowerCase();
      if (!(await snapshots.deleteFinished(id))) {
        const found = await snapshots.get(id);
        if (!found) throw noSnapshot(req.params.id);
        throw conflict(`snapshot ${found.id} is still being written; delete it once it is ready or failed`);
      }
      return reply.status(204).send(null);
    },
  );
};
