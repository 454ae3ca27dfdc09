import { useMutation, useQueryClient } from '@tanstack/react-query';
import { request, type Signal, type TriageState } from './api.js';

/** The keys that set a signal's triage state, on the list (focused row) and on the detail page. */
export const TRIAGE_KEYS: Readonly<Record<string, TriageState>> = { a: 'acknowledged', r: 'resolved', i: 'ignored', n: 'new' };

/** The button text of each target state. */
export const TRIAGE_ACTIONS: Readonly<Record<TriageState, string>> = { acknowledged: 'Acknowledge', resolved: 'Resolve', ignored: 'Ignore', new: 'Reopen' };

/** The key of each target state, for button hints. */
export const TRIAGE_KEY_OF: Readonly<Record<TriageState, string>> = { acknowledged: 'a', resolved: 'r', ignored: 'i', new: 'n' };

export const TriageBadge = ({ triage }: { triage: TriageState }) => <span className={`badge triage-${triage}`}>{triage}</span>;

/** True when a key press is typing into a field, not a shortcut. */
export const isTyping = (target: EventTarget | null): boolean =>
  target instanceof HTMLInputElement || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;

/** PATCHes one signal's triage state, then refreshes the signal and every list and count. */
export const useSetTriage = () => {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, triage }: { id: number; triage: TriageState }) => request<Signal>('PATCH', `/signals/${id}`, { triage }),
    onSuccess: async (updated) => {
      client.setQueryData(['signal', updated.id], updated);
      await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'signal' && q.queryKey[0] !== 'whoami' });
    },
  });
};

const LIST_KEYS: Array<[string, string]> = [
  ['j / ↓, k / ↑', 'next / previous signal'],
  ['Enter', 'open it'],
  ['x / Space', 'select it'],
  ['a, r, i', 'acknowledge, resolve, ignore it'],
  ['n', 'reopen it (new)'],
  ['+, -', 'label it relevant, not relevant (again: clear)'],
  ['/', 'search'],
  ['?', 'show or hide these keys'],
];
const DETAIL_KEYS: Array<[string, string]> = [
  ['a, r, i', 'acknowledge, resolve, ignore'],
  ['n', 'reopen (new)'],
  ['+, -', 'label relevant, not relevant (again: clear)'],
  ['?', 'show or hide these keys'],
];

/** The keyboard help: a one-line hint, and the full list while open (`?` toggles it). */
export const KeyHelp = ({ open, where }: { open: boolean; where: 'list' | 'detail' }) => (
  <div className="key-help" data-testid="key-help">
    {open ? (
      <dl aria-label="Keyboard shortcuts">
        {(where === 'list' ? LIST_KEYS : DETAIL_KEYS).map(([k, what]) => (
          <div key={k}>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
    ) : (
      <p className="hint">
        Keys: {where === 'list' ? 'j/k move, ' : ''}a acknowledge, r resolve, i ignore, n reopen, + relevant, - not relevant — <kbd>?</kbd> for all.
      </p>
    )}
  </div>
);
