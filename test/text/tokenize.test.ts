import { describe, expect, it } from 'vitest';
import { decodeEntities } from '../../src/text/entities.js';
import { termsOfTokens, stem, isStopWord } from '../../src/text/terms.js';
import { tokenize } from '../../src/text/tokenize.js';

const texts = (s: string): string[] => tokenize(s).map((t) => t.text);
const kinds = (s: string): string[] => tokenize(s).map((t) => `${t.kind}:${t.text}`);

describe('tokenize', () => {
  it('keeps URLs, @handles and #hashtags whole, lower-cases the rest', () => {
    expect(kinds('Is @BrindlePost down? #Outage see https://status.example.com/x?a=1 now')).toEqual([
      'word:is', 'handle:@brindlepost', 'word:down', 'tag:#outage', 'word:see', 'url:https://status.example.com/x?a=1', 'word:now',
    ]);
  });

  it('does not take an e-mail address for a handle, nor "&#39;" for a hashtag', () => {
    expect(kinds('mail a@b.example it&#39;s')).toEqual(['word:mail', 'word:a', 'word:b', 'word:example', "word:it"]);
  });

  it('decodes HTML entities (named, decimal, hex) and applies NFKC', () => {
    expect(decodeEntities('Tom &amp; Jerry &lt;3 &#8217; &#x1F600; &bogus;')).toBe("Tom & Jerry <3 ’ 😀 &bogus;");
    expect(texts('ＡＢＣ ﬁre')).toEqual(['abc', 'fire']);
  });

  it('survives emoji and keeps words next to them', () => {
    expect(texts('down again 🔥🔥 😤anyone?')).toEqual(['down', 'again', 'anyone']);
  });

  it('reads right-to-left and mixed scripts as words', () => {
    expect(texts('زلزال قوي في طهران')).toEqual(['زلزال', 'قوي', 'في', 'طهران']);
    expect(texts('Brindlepost落ちてる？ Привет мир')).toEqual(['brindlepost', '落ちてる', 'привет', 'мир']);
  });

  it('marks proper nouns (capital not at a sentence start) and numbers', () => {
    const t = tokenize('The quake hit Tehran in 2013. Officials said 7.1 magnitude');
    expect(t.filter((x) => x.proper).map((x) => x.text)).toEqual(['tehran']);
    expect(t.filter((x) => x.kind === 'number').map((x) => x.text)).toEqual(['2013', '7.1']);
  });

  it('tokenizes 1 MB of text, cut at maxTokens', () => {
    const big = 'lorem ipsum dolor sit amet '.repeat(40_000);
    expect(big.length).toBeGreaterThan(1_000_000);
    expect(tokenize(big, { maxTokens: 5000 })).toHaveLength(5000);
  });

  it('gives nothing for empty or punctuation-only text', () => {
    expect(tokenize('')).toEqual([]);
    expect(tokenize(' ?!… — ')).toEqual([]);
  });
});

describe('terms', () => {
  it('drops stop words, stems Latin words, keeps features and their words', () => {
    const terms = termsOfTokens(tokenize('The earthquakes were launching #Outages at https://www.example.com/a/?utm_source=x'));
    expect(terms.map((t) => t.term)).toEqual(['earthquak', 'launch', '#outages', 'outag', 'u:example.com/a']);
  });

  it('splits Han/kana runs into character bigrams; long numbers count as numbers, short ones as words', () => {
    expect(termsOfTokens(tokenize('落ちてる')).map((t) => t.term)).toEqual(['落ち', 'ちて', 'てる']);
    expect(termsOfTokens(tokenize('502 in 10')).map((t) => `${t.term}/${t.cue}`)).toEqual(['502/number', '10/word']);
  });

  it('stem and stop-word helpers', () => {
    expect(stem('running')).toBe('run');
    expect(stem('москва')).toBe('москва');
    expect(isStopWord('the')).toBe(true);
    expect(isStopWord('quake')).toBe(false);
  });
});
