const rtf = new Intl.RelativeTimeFormat('en', { numeric: 'auto' });
const nf = new Intl.NumberFormat('en');

export const num = (n: number | null | undefined): string => (n === null || n === undefined ? '—' : nf.format(n));

/** "3 hours ago", from an ISO time. */
export const ago = (iso: string | null | undefined, now = Date.now()): string => {
  if (!iso) return 'never';
  const s = Math.round((Date.parse(iso) - now) / 1000);
  const a = Math.abs(s);
  if (a < 60) return rtf.format(s, 'second');
  if (a < 3600) return rtf.format(Math.round(s / 60), 'minute');
  if (a < 86_400) return rtf.format(Math.round(s / 3600), 'hour');
  return rtf.format(Math.round(s / 86_400), 'day');
};

export const dateTime = (iso: string | null | undefined): string => (iso ? new Date(iso).toLocaleString() : '—');

export const label = (s: string): string => s.replace(/_/g, ' ');

/** Sources as their brands spell them: the one mapping every page uses. */
const SOURCE_BRANDS: Record<string, string> = {
  demo: 'Demo',
  x: 'X',
  reddit: 'Reddit',
  hackernews: 'Hacker News',
  github: 'GitHub',
  arxiv: 'arXiv',
  rss: 'RSS',
  manual: 'Manual',
};
export const sourceName = (name: string): string => SOURCE_BRANDS[name] ?? label(name);

/** Stable colours per key, readable on light and dark backgrounds. */
const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#d97706', '#9333ea', '#0891b2', '#db2777', '#65a30d', '#ea580c', '#4f46e5', '#0d9488', '#6b7280'];
export const colour = (key: string, keys: readonly string[]): string => PALETTE[Math.max(0, keys.indexOf(key)) % PALETTE.length] ?? '#6b7280';
