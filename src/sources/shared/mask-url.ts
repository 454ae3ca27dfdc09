/**
 * A URL fit to show in health, errors and logs: user-info and every query-string value masked (a
 * feed URL may carry its token in any parameter), the fragment dropped. Path and parameter names stay.
 */
export const maskUrl = (url: string): string => {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return '[unreadable URL]';
  }
  const userInfo = u.username !== '' || u.password !== '' ? '[redacted]@' : '';
  const params = [...u.searchParams].map(([k, v]) => (v === '' ? encodeURIComponent(k) : `${encodeURIComponent(k)}=[redacted]`));
  const query = params.length > 0 ? `?${params.join('&')}` : '';
  const authority = u.protocol === 'file:' && u.host === '' ? '' : `${userInfo}${u.host}`;
  return `${u.protocol}//${authority}${u.pathname}${query}`;
};
