import type { ReactNode } from 'react';
import { ApiError, UNAUTHORIZED_EVENT } from '../api.js';

export const Loading = ({ what }: { what: string }) => (
  <div className="state" role="status" aria-live="polite">
    <span className="spinner" aria-hidden="true" /> Loading {what}…
  </div>
);

export const Empty = ({ children }: { children: ReactNode }) => <div className="state empty">{children}</div>;

/** An error with what to do about it; a 401 offers the key prompt. */
export const ErrorState = ({ error, retry }: { error: unknown; retry?: () => void }) => {
  const unauthorized = error instanceof ApiError && error.status === 401;
  const forbidden = error instanceof ApiError && error.status === 403;
  const message = error instanceof Error ? error.message : String(error);
  const title = unauthorized ? 'An API key is needed.' : forbidden ? 'Not allowed with this key.' : 'Could not load this.';
  return (
    <div className="state error" role="alert">
      <strong>{title}</strong> <span>{forbidden ? `${message}: a write (admin) key is needed (Settings).` : message}</span>{' '}
      {unauthorized ? (
        <button type="button" onClick={() => window.dispatchEvent(new CustomEvent(UNAUTHORIZED_EVENT, { detail: message }))}>
          Enter API key
        </button>
      ) : retry && !forbidden ? (
        <button type="button" onClick={retry}>
          Retry
        </button>
      ) : null}
    </div>
  );
};

/** Loading, error or the content, for one query. */
export const QueryView = <T,>({
  q,
  what,
  children,
}: {
  q: { data: T | undefined; error: unknown; isPending: boolean; refetch: () => unknown };
  what: string;
  children: (data: T) => ReactNode;
}) => {
  if (q.error) return <ErrorState error={q.error} retry={() => void q.refetch()} />;
  if (q.isPending || q.data === undefined) return <Loading what={what} />;
  return <>{children(q.data)}</>;
};
