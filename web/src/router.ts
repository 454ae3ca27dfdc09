import { useCallback, useSyncExternalStore } from 'react';

/**
 * Hash routing (`/#/signals?status=active`): the dashboard's paths can never collide with the
 * API's (`/signals` is an API route), and page state lives in the URL so it can be shared.
 */
export interface Location {
  path: string;
  params: URLSearchParams;
}

const subscribe = (cb: () => void): (() => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};
const snapshot = (): string => window.location.hash;

export const parseHash = (hash: string): Location => {
  const raw = hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  return { path: q === -1 ? raw : raw.slice(0, q), params: new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)) };
};

export const href = (path: string, params?: Record<string, string | number | undefined | null>): string => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params ?? {})) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return `#${path}${s === '' ? '' : `?${s}`}`;
};

export const navigate = (to: string, replace = false): void => {
  if (replace) {
    window.history.replaceState(null, '', to);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else window.location.hash = to.replace(/^#/, '');
};

export const useLocation = (): Location => parseHash(useSyncExternalStore(subscribe, snapshot));

/** Page state kept in the URL's query: read it, or replace some keys (others are kept). */
export const useUrlState = (): [URLSearchParams, (patch: Record<string, string | number | undefined | null>) => void] => {
  const loc = useLocation();
  const update = useCallback(
    (patch: Record<string, string | number | undefined | null>) => {
      const current = parseHash(window.location.hash);
      const next: Record<string, string> = Object.fromEntries(current.params);
      for (const [k, v] of Object.entries(patch)) {
        if (v === undefined || v === null || v === '') delete next[k];
        else next[k] = String(v);
      }
      navigate(href(current.path, next), true);
    },
    [],
  );
  return [loc.params, update];
};
