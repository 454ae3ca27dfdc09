import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/platform/random.js';
import { canonicalUrl, parsedKey, plainKey } from '../../src/text/url.js';

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

  it('keys a plain URL without the parser exactly as the parser path does (edge cases and seeded random URLs)', () => {
    const same = (u: string): void => {
      const plain = plainKey(u);
      if (plain !== undefined) expect(plain, u).toBe(parsedKey(u));
    };
    const edges = ['https://a./', 'https://A.B.C./X/y/', 'http://1.2.3/x', 'https://0x7f.1/', 'https://a/./b', 'https://a/b/../c', 'https://a/.../b', 'https://-a.com/', 'https://a-.com/', 'https://xn--zz.com/',
      'https://xn--bcher-kva.example/', 'https://www2.example.com/a', 'https://m.github.com/o/r/issues/7', 'https://np.reddit.com/comments/x1', 'https://github.com/orgs/x', 'https://ARXIV.org/abs/2411.01234v2', 'https://a//b///c', 'https://a/~x_y-z.', 'https://www./'];
    for (const u of edges) same(u);
    expect(plainKey('https://demo.signal-harvester.invalid/p/demo-000001')).toBe('demo.signal-harvester.invalid/p/demo-000001');
    expect(plainKey('https://example.com/a?b=1')).toBeUndefined();
    expect(plainKey('http://1.2.3/x')).toBeUndefined();
    const rnd = seededRandom(3);
    const pick = (xs: readonly string[]): string => xs[Math.floor(rnd() * xs.length)] as string;
    const hostParts = ['a', 'Z', '0', '9', '-', '.', 'x', 'n', 'www', 'm', 'xn--', 'github', 'com', 'arxiv', 'org', '0x', '1', '_', ':80', '@'];
    const pathParts = ['/', 'a', 'B', '.', '..', '-', '_', '~', '%2e', '?', '#', 'abs', '2411.01234', 'v2', '.pdf', 'status', '123', 'issues', 'comments', 'r', ' ', '\\'];
    let plain = 0;
    for (let n = 0; n < 20_000; n++) {
      let host = '';
      for (let i = 0, k = 1 + Math.floor(rnd() * 6); i < k; i++) host += pick(hostParts);
      let path = '';
      for (let i = 0, k = Math.floor(rnd() * 8); i < k; i++) path += pick(pathParts);
      const u = `${pick(['http', 'https', 'HTTPS'])}://${host}${path}`;
      if (plainKey(u) !== undefined) plain++;
      same(u);
    }
    expect(plain).toBeGreaterThan(1_000);
  });
});
