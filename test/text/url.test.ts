import { describe, expect, it } from 'vitest';
import { canonicalUrl } from '../../src/text/url.js';

describe('canonicalUrl', () => {
  it.each([
    ['https://Example.COM/Path/?utm_source=x&utm_medium=y&fbclid=1&gclid=2&ref=hn', 'example.com/Path'],
    ['http://www.example.com:80/a/b/#frag', 'example.com/a/b'],
    ['https://m.example.com/a?b=2&a=1&utm_campaign=z', 'example.com/a?a=1&b=2'],
    ['https://example.com', 'example.com'],
    ['https://example.com:8443/x', 'example.com:8443/x'],
    ['https://arxiv.org/abs/2411.01234v2', 'arxiv:2411.01234'],
    ['http://arxiv.org/pdf/2411.01234v3.pdf', 'arxiv:2411.01234'],
    ['https://export.arxiv.org/abs/hep-th/9901001', 'arxiv:hep-th/9901001'],
    ['https://github.com/Owner/Repo', 'github:owner/repo'],
    ['https://github.com/owner/repo/releases/tag/v1.2', 'github:owner/repo'],
    ['https://github.com/owner/repo.git', 'github:owner/repo'],
    ['https://github.com/owner/repo/issues/42', 'github:owner/repo#42'],
    ['https://github.com/owner/repo/pull/42/files', 'github:owner/repo#42'],
    ['https://news.ycombinator.com/item?id=123', 'hn:123'],
    ['https://old.reddit.com/r/programming/comments/abc12/some_title/', 'reddit:abc12'],
    ['https://redd.it/abc12', 'reddit:abc12'],
    ['https://twitter.com/someone/status/1234?s=20', 'x:1234'],
    ['https://x.com/other/status/1234', 'x:1234'],
    ['https://youtu.be/dQw4w9WgXcQ', 'youtube:dQw4w9WgXcQ'],
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ&feature=share', 'youtube:dQw4w9WgXcQ'],
    ['https://example.com/a).', 'example.com/a'],
  ])('%s → %s', (raw, key) => {
    expect(canonicalUrl(raw)).toBe(key);
  });

  it('is undefined for what is not an http(s) URL', () => {
    for (const raw of ['', 'not a url', 'ftp://example.com/x', 'javascript:alert(1)', 'https://', `https://example.com/${'a'.repeat(5000)}`]) expect(canonicalUrl(raw)).toBeUndefined();
  });
});
