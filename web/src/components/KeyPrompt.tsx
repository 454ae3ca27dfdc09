import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiError, get, getApiKey, setApiKey, UNAUTHORIZED_EVENT } from '../api.js';

/** The API key form: used in the 401 dialog and on the Settings page. Resolves true when the key works. */
export const useKeyCheck = () => {
  const client = useQueryClient();
  return async (key: string): Promise<string | null> => {
    const previous = getApiKey();
    setApiKey(key.trim());
    try {
      await get('/signals/stats');
      await client.invalidateQueries();
      return null;
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) {
        setApiKey(previous);
        return err.message;
      }
      return err instanceof Error ? err.message : String(err);
    }
  };
};

export const KeyForm = ({ onDone, autoFocus }: { onDone?: () => void; autoFocus?: boolean }) => {
  const [value, setValue] = useState(getApiKey());
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const check = useKeyCheck();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setSaved(false);
    const problem = await check(value);
    setBusy(false);
    setError(problem);
    if (problem === null) {
      setSaved(true);
      onDone?.();
    }
  };
  return (
    <form className="key-form" onSubmit={(e) => void submit(e)}>
      <label htmlFor="api-key">API key</label>
      <input
        id="api-key"
        name="api-key"
        type="password"
        autoComplete="off"
        autoFocus={autoFocus}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        aria-invalid={error !== null}
        aria-describedby="api-key-help"
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Checking…' : 'Save key'}
      </button>
      <p id="api-key-help" className="hint">
        Kept in this browser only (localStorage) and sent as <code>X-API-Key</code>.
      </p>
      {error !== null && (
        <p className="form-error" role="alert">
          Key not accepted: {error}
        </p>
      )}
      {saved && (
        <p className="form-ok" role="status">
          Key saved and accepted.
        </p>
      )}
    </form>
  );
};

/** Opens on any 401 from the API and closes once a working key is saved. */
export const KeyPrompt = () => {
  const [open, setOpen] = useState(false);
  const dialog = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const onUnauthorized = () => setOpen(true);
    window.addEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
    return () => window.removeEventListener(UNAUTHORIZED_EVENT, onUnauthorized);
  }, []);
  useEffect(() => {
    const d = dialog.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);
  return (
    <dialog ref={dialog} className="key-dialog" aria-labelledby="key-dialog-title" onClose={() => setOpen(false)}>
      <h2 id="key-dialog-title">API key needed</h2>
      <p>This server requires an API key. Enter an admin key (or a read-only key to browse).</p>
      {open && <KeyForm autoFocus onDone={() => setOpen(false)} />}
      <button type="button" className="link" onClick={() => setOpen(false)}>
        Close
      </button>
    </dialog>
  );
};
