import { describe, expect, it } from 'vitest';
import { maskUrl } from '../../src/sources/shared/mask-url.js';

describe('maskUrl (feed URLs shown in health and errors)', () => {
  it.each([
    ['https://example.org/feed.xml', 'https://example.org/feed.xml'],
    ['https://example.org/private.atom?token=abc123&format=rss', 'https://example.org/private.atom?token=[redacted]&format=[redacted]'],
    ['https://user:pa55@example.org:8443/feed?k=s3cret#frag', 'https://[redacted]@example.org:8443/feed?k=[redacted]'],
    ['http://127.0.0.1:9000/feed?flag', 'http://127.0.0.1:9000/feed?flag'],
    ['file:///srv/feeds/heise.atom', 'file:///srv/feeds/heise.atom'],
    ['not a url', '[unreadable URL]'],
  ])('%s → %s', (url, shown) => {
    expect(maskUrl(url)).toBe(shown);
  });
});
