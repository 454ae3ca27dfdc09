/** Relevance labels and mute rules in the dashboard (issue 18, ADR 0029): buttons, keys, the API calls. */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, qs, request } from './api.js';
import { useRole } from './role.js';

export type Relevance = 'relevant' | 'irrelevant';
export type LabelTarget = 'signals' | 'stories';

/** The keys that label a signal or story, on the list (focused row) and on the detail pages. */
export const LABEL_KEYS: Readonly<Record<string, Relevance>> = { '+': 'relevant', '-': 'irrelevant' };
const KEY_OF: Readonly<Record<Relevance, string>> = { relevant: '+', irrelevant: '-' };
const TEXT: Readonly<Record<Relevance, string>> = { relevant: 'Relevant', irrelevant: 'Not relevant' };

export interface Mute {
  id: number;
  kind: 'author' | 'source' | 'domain' | 'phrase' | 'story';
  value: string;
  actor: string;
  createdAt: string;
}

/** The current labels of a page of signals, one request (`GET /labels`). */
export const useLabels = (ids: readonly number[]) =>
  useQuery({
    queryKey: ['labels', ids],
    enabled: ids.length > 0,
    queryFn: async () => {
      const r = await get<{ labels: Array<{ itemId: number; label: Relevance }> }>(`/labels${qs({ signals: ids.join(',') })}`);
      return new Map(r.labels.map((l) => [l.itemId, l.label]));
    },
  });

/** One signal's or story's label. */
export const useLabel = (target: LabelTarget, id: number) =>
  useQuery({ queryKey: ['label', target, id], queryFn: async () => (await get<{ label: Relevance | null }>(`/${target}/${id}/label`)).label });

/** PUTs a label; a label given again is cleared (a toggle); then refreshes what shows labels. */
export const useSetLabel = (target: LabelTarget) => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, label }: { id: number; label: Relevance | 'clear' }) => request<{ label: Relevance | null }>('PUT', `/${target}/${id}/label`, { label }),
    onSuccess: async () => {
      await client.invalidateQueries({ predicate: (q) => q.queryKey[0] === 'labels' || q.queryKey[0] === 'label' });
    },
  });
};

/** The two label buttons with their keys; the current label is pressed (clicking it again clears it). */
export const LabelButtons = ({ target, id, current }: { target: LabelTarget; id: number; current: Relevance | null | undefined }) => {
  const setLabel = useSetLabel(target);
  const { canWrite, writeTitle } = useRole();
  return (
    <span className="actions label-buttons" role="group" aria-label="Relevance label" data-testid="label" data-label={current ?? 'none'}>
      {(['relevant', 'irrelevant'] as const).map((l) => (
        <button key={l} type="button" aria-pressed={current === l} disabled={!canWrite || setLabel.isPending} title={writeTitle} aria-keyshortcuts={KEY_OF[l]} onClick={() => setLabel.mutate({ id, label: current === l ? 'clear' : l })}>
          {TEXT[l]} <kbd>{KEY_OF[l]}</kbd>
        </button>
      ))}
    </span>
  );
};

/** Every mute rule (`GET /mutes`). */
export const useMutes = () => useQuery({ queryKey: ['mutes'], queryFn: async () => (await get<{ mutes: Mute[] }>('/mutes')).mutes });

/** Adds or removes a mute rule, then refreshes every list (what they hide changed). */
export const useMuteActions = () => {
  const client = useQueryClient();
  const refresh = () => client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'whoami' });
  const add = useMutation({ mutationFn: (rule: { kind: Mute['kind']; value: string }) => request<Mute>('POST', '/mutes', rule), onSuccess: refresh });
  const remove = useMutation({ mutationFn: (id: number) => request<void>('DELETE', `/mutes/${id}`), onSuccess: refresh });
  return { add, remove };
};

/** "Mute author / domain / story" buttons of a detail page; each names what it mutes. */
export const MuteButtons = ({ rules }: { rules: ReadonlyArray<{ kind: Mute['kind']; value: string | null | undefined; text: string }> }) => {
  const { add } = useMuteActions();
  const { canWrite, writeTitle } = useRole();
  const given = rules.filter((r): r is { kind: Mute['kind']; value: string; text: string } => typeof r.value === 'string' && r.value !== '');
  return (
    <span className="actions" role="group" aria-label="Mute" data-testid="mute-actions">
      {given.map((r) => (
        <button key={r.kind} type="button" data-mute={r.kind} disabled={!canWrite || add.isPending} title={writeTitle ?? `Hide and never notify: ${r.kind} ${r.value}`} onClick={() => add.mutate({ kind: r.kind, value: r.value })}>
          {r.text}
        </button>
      ))}
      {add.isSuccess && <span className="hint" role="status">Muted: hidden from lists and never notified (Settings lists the rules).</span>}
      {add.error && <span className="hint error-text" role="status">{add.error.message}</span>}
    </span>
  );
};

/** The host of a URL, for "Mute domain" (www. left out). */
export const hostOf = (url: string | null | undefined): string | undefined => {
  if (!url) return undefined;
  try {
    return new URL(url).hostname.replace(/^www\./, '');
  } catch {
    return undefined;
  }
};
