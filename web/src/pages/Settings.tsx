import { useState } from 'react';
import { KeyForm } from '../components/KeyPrompt.js';
import { MutesList } from '../components/MutesList.js';
import { applyTheme, storedTheme, type Theme } from '../theme.js';
import { getApiKey, setApiKey } from '../api.js';

export const Settings = () => {
  const [theme, setTheme] = useState<Theme>(storedTheme());
  const [hasKey, setHasKey] = useState(getApiKey() !== '');
  const choose = (t: Theme) => {
    applyTheme(t);
    setTheme(t);
  };
  return (
    <div className="page">
      <h1>Settings</h1>
      <section className="card" aria-labelledby="key-h">
        <h2 id="key-h">API key</h2>
        <KeyForm onDone={() => setHasKey(getApiKey() !== '')} />
        {hasKey && (
          <button
            type="button"
            className="link"
            onClick={() => {
              setApiKey('');
              setHasKey(false);
            }}
          >
            Forget the stored key
          </button>
        )}
      </section>
      <section className="card" aria-labelledby="theme-h">
        <h2 id="theme-h">Theme</h2>
        <div className="segmented" role="radiogroup" aria-label="Theme">
          {(['system', 'light', 'dark'] as const).map((t) => (
            <label key={t}>
              <input type="radio" name="theme" value={t} checked={theme === t} onChange={() => choose(t)} /> {t}
            </label>
          ))}
        </div>
      </section>
      <MutesList />
    </div>
  );
};
