export type Theme = 'system' | 'light' | 'dark';
const KEY = 'harvest.theme';

export const storedTheme = (): Theme => {
  const t = localStorage.getItem(KEY);
  return t === 'light' || t === 'dark' ? t : 'system';
};

/** Sets `data-theme` on <html>; `system` follows the OS preference (CSS media query). */
export const applyTheme = (theme: Theme): void => {
  if (theme === 'system') {
    localStorage.removeItem(KEY);
    delete document.documentElement.dataset.theme;
  } else {
    localStorage.setItem(KEY, theme);
    document.documentElement.dataset.theme = theme;
  }
};
