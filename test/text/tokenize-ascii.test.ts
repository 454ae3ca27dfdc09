/*
 * The ASCII fast path cuts exactly the tokens the Unicode regex cuts: on the demo corpus generator's
 * posts (five seeds), on edge cases and on seeded random strings over the characters that matter.
 */
import { describe, expect, it } from 'vitest';
import { generateCorpus } from '../../scripts/generate-demo-corpus.js';
import { seededRandom } from '../../src/platform/random.js';
import { isAscii, tokenizeAscii } from '../../src/text/tokenize-ascii.js';
import { asciiScannable, forEachToken, normalizeText, tokenize, tokenizeUnicode, type Token } from '../../src/text/tokenize.js';

const same = (text: string, max = 5000): void => {
  const norm = normalizeText(text);
  expect(isAscii(norm)).toBe(true);
  expect(tokenizeAscii(norm, max), JSON.stringify(text)).toEqual(tokenizeUnicode(norm, max));
};

/** Non-ASCII text the ASCII scan takes (only inert characters): the same tokens as the regex. */
const sameScannable = (text: string): void => {
  const norm = normalizeText(text);
  expect(asciiScannable(norm), JSON.stringify(text)).toBe(true);
  expect(tokenize(text), JSON.stringify(text)).toEqual(tokenizeUnicode(norm, 5000));
};

const EDGES = [
  '', '   ', 'Hello World. New sentence! Why? Yes\nNext Line', "DON'T stop, it's Bob's and O'Neil's", 'NASA and FBI met ABCDEFG and X1 and A',
  'see http://x.co/a?b=1&c=2, and https://example.com/path) then http:// alone and https://', 'xhttp://a.b @@handle a@b @_x_ @' + 'a'.repeat(60) + ' end',
  '#tag #123 #1a &#x20; a#b #_ #__9 #a_b_c_1', '3.5 1,000,000 12:30 1. 2.x 4:', 'foo_bar baz9qux 9lives', 'tab\tsep\rcr\x01ctl\x7fdel', "'quoted' \"double\" <b>x</b>",
  'emails: me@example.com (paren)', 'A. B. C', 'end with apostrophe s\'', "rock'n'roll won't", 'mid.Sentence.Caps', 'URL at end https://a.b/c.',
];

describe('ASCII tokenizer fast path', () => {
  it('cuts the tokens of the regex on edge cases', () => {
    for (const t of EDGES) same(t);
    same('one two three four five', 3);
  });

  it('cuts the tokens of the regex on generated posts', () => {
    let checked = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      for (const r of generateCorpus(seed)) {
        for (const t of [r.text, r.title ?? '']) {
          if (!isAscii(normalizeText(t))) continue;
          same(t);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(9000);
  });

  it('cuts the tokens of the regex on random strings', () => {
    const rnd = seededRandom(7);
    const alphabet = "aZ9_@#&'.,:!?\n\t /-hHtTpPs<>\"()";
    for (let n = 0; n < 3000; n++) {
      const len = Math.floor(rnd() * 40);
      let s = '';
      for (let i = 0; i < len; i++) s += rnd() < 0.05 ? 'http://' : (alphabet[Math.floor(rnd() * alphabet.length)] as string);
      same(s);
    }
  });

  it('cuts the tokens of the regex on text with emoji and other inert non-ASCII characters', () => {
    for (const t of ['outage 🫠 again', 'https://x.co/a🔥b next', '🔥@handle and 🔥#tag', 'ok… Next one', 'Down — again → ⚠ ✅ €5', 'Caps💥Word. New 🙃 Sentence']) sameScannable(t);
    const rnd = seededRandom(11);
    const alphabet = ["a", "Z", "9", "_", "@", "#", "&", "'", ".", ",", "!", "?", "\n", " ", "/", "h", "T", "p", "s", "<", "\"", "🫠", "🔥", "—", "→", "€", "✅", "\u2026", "•", "\u200d"];
    let taken = 0;
    for (let n = 0; n < 3000; n++) {
      const len = Math.floor(rnd() * 40);
      let s = '';
      for (let i = 0; i < len; i++) s += rnd() < 0.05 ? 'https://' : (alphabet[Math.floor(rnd() * alphabet.length)] as string);
      const norm = normalizeText(s);
      if (!asciiScannable(norm)) continue;
      taken++;
      expect(tokenize(s), JSON.stringify(s)).toEqual(tokenizeUnicode(norm, 5000));
    }
    expect(taken).toBeGreaterThan(2500);
  });

  it('leaves text with non-ASCII letters, marks, digits, spaces, run scripts or the typographic apostrophe to the regex', () => {
    for (const t of ['café', 'don’t', 'naïve', 'x\u2028y', '東京 outage', 'x ⺀ y', 'ok。Next', '٣ items', 'a\u0301', 'heads up ⚠️ now']) expect(asciiScannable(normalizeText(t)), t).toBe(false);
  });

  it('is what tokenize uses for ASCII text, and non-ASCII text still goes through the regex', () => {
    expect(tokenize('Outage at Brindlepost today').map((t) => t.text)).toEqual(['outage', 'at', 'brindlepost', 'today']);
    expect(tokenize('Ärger bei Brindlepost heute').map((t) => [t.text, t.proper])).toEqual([['ärger', false], ['bei', false], ['brindlepost', true], ['heute', false]]);
  });

  it('hands forEachToken the tokens tokenize lists, on every path (ASCII, masked, regex) and with a token cap', () => {
    const visited = (text: string, maxTokens?: number): Token[] => {
      const out: Token[] = [];
      forEachToken(text, maxTokens === undefined ? {} : { maxTokens }, (t, kind, proper) => out.push({ text: t, kind, proper }));
      return out;
    };
    const texts = [...EDGES, 'outage 🫠 again', 'Caps💥Word. New 🙃 Sentence', '東京 outage at Brindlepost', 'café naïve don’t', ...generateCorpus(3).slice(0, 300).map((r) => r.text)];
    for (const t of texts) expect(visited(t), JSON.stringify(t)).toEqual(tokenize(t));
    expect(visited('one two three four five', 3)).toEqual(tokenize('one two three four five', { maxTokens: 3 }));
    expect(visited('one two three four five', 3)).toHaveLength(3);
  });
});
