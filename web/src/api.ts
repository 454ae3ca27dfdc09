/** The API client: same origin, the stored key in X-API-Key, errors as ApiError. */
import type { ManagedSignalBody as Signal } from '../../src/domain/signal.schema.js';

const KEY_STORAGE = 'harvest.apiKey';

export const getApiKey = (): string => localStorage.getItem(KEY_STORAGE) ?? '';
export const setApiKey = (key: string): void => {
  if (key === '') localStorage.removeItem(KEY_STORAGE);
  else localStorage.setItem(KEY_STORAGE, key);
};

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Fired on every 401, so the shell can ask for a key whatever page made the call. */
export const UNAUTHORIZED_EVENT = 'harvest:unauthorized';

const headers = (json: boolean): HeadersInit => {
  const h: Record<string, string> = { accept: 'application/json' };
  const key = getApiKey();
  if (key !== '') h['x-api-key'] = key;
  if (json) h['content-type'] = 'application/json';
  return h;
};

const fail = async (res: Response): Promise<never> => {
  let code = `HTTP_${res.status}`;
  let message = res.statusText || `request failed with status ${res.status}`;
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.code) code = body.error.code;
    if (body.error?.message) message = body.error.message;
  } catch {
    // Not JSON: keep the status text.
  }
  if (res.status === 401) window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT, { detail: message }));
  throw new ApiError(res.status, code, message);
};

export const request = async <T>(method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', path: string, body?: unknown): Promise<T> => {
  const res = await fetch(path, { method, headers: headers(body !== undefined), body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) return fail(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
};

export const get = <T>(path: string): Promise<T> => request<T>('GET', path);

/** A query string from the defined, non-empty values. */
export const qs = (params: Record<string, string | number | undefined | null>): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s === '' ? '' : `?${s}`;
};

export interface JobEvent {
  event: string;
  job: Job;
}

/**
 * Reads a job's server-sent events with fetch (EventSource cannot send X-API-Key), calling
 * `onEvent` for each; resolves when the stream ends.
 */
export const streamJob = async (jobId: string, onEvent: (e: JobEvent) => void): Promise<void> => {
  const res = await fetch(`/bulk-jobs/${encodeURIComponent(jobId)}/stream`, { headers: { ...headers(false), accept: 'text/event-stream' } });
  if (!res.ok || !res.body) return fail(res);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length > 0) onEvent({ event, job: JSON.parse(data.join('\n')) as Job });
    }
  }
};

// Shapes of the API's JSON (see /docs).

// The enums come from the server's domain, so the two never drift apart.
export { CATEGORIES, SENTIMENTS } from '../../src/domain/analysis.js';
export { SIGNAL_STATUSES as STATUSES, SOURCE_NAMES as SOURCES, TRIAGE_STATES } from '../../src/domain/item.js';
// The signal and analysis shapes are the server's (one TypeBox schema): imported as types only, so
// no server code reaches the bundle.
export type { SignalStatus, SourceName, TriageState } from '../../src/domain/item.js';
import type { TriageState } from '../../src/domain/item.js';
export type { ScoreBreakdown as Breakdown, ManagedSignalBody as Signal } from '../../src/domain/signal.schema.js';
export type { AnalysisDetail as Analysis } from '../../src/domain/analysis.schema.js';

/** Stories (ADR 0023): GET /stories and GET /stories/{id}; types only, from the store port. */
import type { StoryRow } from '../../src/store/stories.port.js';
export type { StoryRow as Story, StoryDetail, StoryMember } from '../../src/store/stories.port.js';
export interface StoryPage {
  items: StoryRow[];
  total: number;
  page: number;
  pageSize: number;
}

export interface SignalPage {
  /** Each with the model's topic (or a person's correction) and the LLM's topic (issue 16). */
  items: Array<Signal & { topic: string | null; llmTopic: string | null }>;
  total: number;
  page: number;
  pageSize: number;
}

export interface SignalStats {
  total: number;
  active: number;
  paused: number;
  inactive: number;
  error: number;
  triage: Record<TriageState, number>;
}

/** `GET /auth/whoami`: `read` keys may only browse; `open` means no keys are configured. */
export type Role = 'write' | 'read' | 'open';

/** A recorded volume spike (`GET /spikes`, ADR 0025). */
export interface Spike {
  id: number;
  key: string;
  kind: string;
  label: string;
  explanation: string;
  startedAt: string;
  endedAt: string | null;
  score: number;
  hourCount: number;
}

export interface Volume {
  window: string;
  bucket: 'hour' | 'day';
  by: string;
  since: string;
  until: string;
  buckets: string[];
  series: Array<{ key: string; total: number; counts: number[] }>;
}

export interface Run {
  id: number;
  startedAt: string;
  finishedAt: string | null;
  status: string;
  trigger: string;
  stats: Record<string, unknown>;
  error: string | null;
}

/** One part of a source (a feed, a query, a listing, a repository): GET /sources `parts[]`. */
export interface PartHealth {
  key: string;
  target: string | null;
  state: 'ok' | 'failing' | 'never_run';
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  lastFetchedCount: number | null;
}

export interface SourceHealth {
  name: string;
  enabled: boolean;
  state: 'ok' | 'degraded' | 'failing' | 'rate_limited' | 'never_run' | 'disabled';
  lastSuccessAt: string | null;
  lastErrorAt: string | null;
  lastError: string | null;
  consecutiveFailures: number;
  rateLimitedUntil: string | null;
  lastFetchedCount: number | null;
  itemsTotal: number;
  parts: PartHealth[];
}

export interface Job {
  id: string;
  kind: string;
  status: string;
  total: number;
  done: number;
  failed: number;
  cancelRequested: boolean;
  error?: string;
}
