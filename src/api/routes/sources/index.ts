import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from 'typebox';
import type { RunRecord } from '../../../store/store.port.js';
import type { ApiDeps } from '../../deps.js';

/*
 * A minimal `GET /sources` written to the cross-issue contract so the dashboard can be built and
 * tested against it; issue 5 owns the real route (per-source state from a store port) and replaces
 * this file at merge. Here the state is derived from the recent pipeline runs' per-source fetch
 * tallies (`stats.fetch.bySource`) and the items stored per source.
 */

const RUNS_LOOKED_AT = 50;

const SourceHealth = Type.Object({
  name: Type.String(),
  enabled: Type.Boolean(),
  state: Type.Enum(['ok', 'failing', 'rate_limited', 'never_run', 'disabled']),
  lastSuccessAt: Type.Union([Type.String(), Type.Null()]),
  lastErrorAt: Type.Union([Type.String(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  consecutiveFailures: Type.Integer(),
  rateLimitedUntil: Type.Union([Type.String(), Type.Null()]),
  lastFetchedCount: Type.Union([Type.Integer(), Type.Null()]),
  itemsTotal: Type.Integer(),
});

interface Tally {
  inserted?: number;
  updated?: number;
  error?: string;
}

const tallyOf = (run: RunRecord, source: string): Tally | undefined => {
  const fetch = run.stats.fetch as { bySource?: Record<string, Tally> } | undefined;
  return fetch?.bySource?.[source];
};

/** The per-source health of the cross-issue contract, from runs (newest first) and item counts. */
export const sourceHealth = (runs: readonly RunRecord[], itemsBySource: Readonly<Record<string, number | undefined>>) => {
  const names = new Set<string>();
  for (const run of runs) for (const name of Object.keys((run.stats.fetch as { bySource?: object } | undefined)?.bySource ?? {})) names.add(name);
  for (const [name, n] of Object.entries(itemsBySource)) if (n !== undefined && n > 0 && name !== 'manual') names.add(name);
  const latestSources = new Set(Object.keys((runs[0]?.stats.fetch as { bySource?: object } | undefined)?.bySource ?? {}));
  return [...names].sort().map((name) => {
    let lastSuccessAt: string | null = null;
    let lastErrorAt: string | null = null;
    let lastError: string | null = null;
    let lastFetchedCount: number | null = null;
    let consecutiveFailures = 0;
    let streak = true;
    let seen = false;
    for (const run of runs) {
      const t = tallyOf(run, name);
      if (!t) continue;
      seen = true;
      const at = run.finishedAt ?? run.startedAt;
      if (t.error !== undefined) {
        if (streak) consecutiveFailures += 1;
        if (lastErrorAt === null) {
          lastErrorAt = at;
          lastError = t.error;
        }
      } else {
        streak = false;
        if (lastSuccessAt === null) {
          lastSuccessAt = at;
          lastFetchedCount = (t.inserted ?? 0) + (t.updated ?? 0);
        }
      }
    }
    const enabled = latestSources.has(name);
    const state = !enabled ? (seen ? 'disabled' : 'never_run') : consecutiveFailures > 0 ? 'failing' : 'ok';
    return {
      name,
      enabled,
      state: state as 'ok' | 'failing' | 'never_run' | 'disabled',
      lastSuccessAt,
      lastErrorAt,
      lastError,
      consecutiveFailures,
      rateLimitedUntil: null,
      lastFetchedCount,
      itemsTotal: itemsBySource[name] ?? 0,
    };
  });
};

/** `GET /sources`: each source's health (cross-issue contract; issue 5 replaces this file). */
export const sourcesRoutes: FastifyPluginAsyncTypebox<{ deps: ApiDeps }> = async (app, { deps }) => {
  app.get(
    '/sources',
    {
      schema: {
        tags: ['sources'],
        description: 'Each source: enabled, state, last success and error, consecutive failures, rate limit, items stored.',
        response: { 200: Type.Object({ sources: Type.Array(SourceHealth) }) },
      },
    },
    async () => {
      const [runs, counts] = await Promise.all([deps.store.runs.recent(RUNS_LOOKED_AT), deps.store.dashboard.itemsBySource()]);
      return { sources: sourceHealth(runs, counts) };
    },
  );
};
