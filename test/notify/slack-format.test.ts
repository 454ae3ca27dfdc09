import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../src/domain/analysis.js';
import {
  FORMAT_LIMITS,
  SLACK_LIMITS,
  compactNumber,
  escapeAndTruncate,
  formatDigestMessage,
  formatItemMessage,
  type NotifiableItem,
  type SlackBlock,
  type SlackMessage,
} from '../../src/notify/slack/format.js';

const item = (over: Partial<NotifiableItem> = {}): NotifiableItem => ({
  itemId: 1,
  source: 'x',
  url: 'https://x.com/acme_ops/status/1790000000000000001',
  authorHandle: 'acme_ops',
  authorName: 'Acme Ops',
  title: null,
  text: 'Checkout is down for everyone in EU since 09:10, 502 on every request',
  createdAt: '2025-05-14T09:12:00.000Z',
  category: 'outage',
  sentiment: 'negative',
  urgency: 5,
  salience: 93.4,
  reasoning: 'outage keywords: down, 502',
  tags: ['checkout', 'eu'],
  metrics: { likes: 1234, reposts: 56, replies: 7, quotes: 0, views: 2_500_000 },
  ...over,
});

const blocksOf = (m: SlackMessage): SlackBlock[] => m.blocks as SlackBlock[];

/** Every text a block carries, with its text-object type. */
const textsOf = (b: SlackBlock): Array<{ type: string; text: string }> => {
  switch (b.type) {
    case 'header':
      return [b.text];
    case 'section':
      return 'text' in b ? [b.text] : b.fields;
    case 'context':
      return b.elements;
    case 'actions':
      return b.elements.map((e) => e.text);
    case 'divider':
      return [];
  }
};

/** Structural checks Slack would apply: block types, text object types, and every length limit. */
const expectValidMessage = (m: SlackMessage): void => {
  expect(JSON.parse(JSON.stringify(m))).toEqual(m);
  expect(m.text.length).toBeGreaterThan(0);
  expect(m.text.length).toBeLessThanOrEqual(FORMAT_LIMITS.fallbackText);
  expect(m.text).not.toContain('\n');
  expect(m.blocks.length).toBeGreaterThan(0);
  expect(m.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocksPerMessage);
  for (const b of blocksOf(m)) {
    expect(['header', 'section', 'context', 'divider', 'actions']).toContain(b.type);
    if (b.type === 'header') {
      expect(b.text.type).toBe('plain_text');
      expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    }
    if (b.type === 'section' && 'text' in b) {
      expect(b.text.type).toBe('mrkdwn');
      expect(b.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
    }
    if (b.type === 'section' && 'fields' in b) {
      expect(b.fields.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionFields);
      for (const f of b.fields) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionFieldText);
    }
    if (b.type === 'context') {
      expect(b.elements.length).toBeGreaterThan(0);
      expect(b.elements.length).toBeLessThanOrEqual(SLACK_LIMITS.contextElements);
      for (const e of b.elements) expect(e.type).toBe('mrkdwn');
    }
    if (b.type === 'actions') {
      for (const e of b.elements) {
        expect(e.type).toBe('button');
        expect(e.text.type).toBe('plain_text');
        expect(e.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonText);
        expect(e.url.length).toBeLessThanOrEqual(SLACK_LIMITS.buttonUrl);
      }
    }
    for (const t of textsOf(b)) expect(t.text.trim().length).toBeGreaterThan(0);
  }
};

/** Text that came from the item (mrkdwn); its raw `<`, `>` and bare `&` would be control sequences. */
const mrkdwnTexts = (m: SlackMessage): string[] =>
  blocksOf(m)
    .filter((b) => b.type !== 'header' && b.type !== 'actions')
    .flatMap(textsOf)
    .map((t) => t.text);

const EXPECTED_EMOJI: Record<string, string> = { outage: '🔥', security: '🔒', bug: '🐛', praise: '🎉' };

describe('formatItemMessage', () => {
  it.each(CATEGORIES.map((c) => [c]))('renders category %s with its emoji and label', (category) => {
    const m = formatItemMessage(item({ category }));
    expectValidMessage(m);
    const [head] = blocksOf(m);
    expect(head?.type).toBe('header');
    const label = category.replace(/_/g, ' ');
    expect(JSON.stringify(head)).toContain(label);
    expect(JSON.stringify(head)).toContain('salience 93');
    if (EXPECTED_EMOJI[category]) expect(JSON.stringify(head)).toContain(EXPECTED_EMOJI[category]);
    expect(m.text).toContain(label);
  });

  it('shows salience, category, sentiment and urgency as fields', () => {
    const fields = blocksOf(formatItemMessage(item())).find((b) => b.type === 'section' && 'fields' in b);
    const texts = fields ? textsOf(fields).map((t) => t.text) : [];
    expect(texts).toEqual(['*Salience*\n93', '*Category*\n🔥 outage', '*Sentiment*\n🙁 negative', '*Urgency*\n5/5']);
  });

  it('puts author, source, time and engagement in a context block, and a link button', () => {
    const m = formatItemMessage(item());
    const ctx = blocksOf(m).filter((b) => b.type === 'context');
    const meta = ctx.at(-1);
    const texts = meta ? textsOf(meta).map((t) => t.text) : [];
    expect(texts[0]).toBe('Acme Ops (@acme_ops)');
    expect(texts[1]).toBe('x');
    expect(texts[2]).toBe('<!date^1747213920^{date_short_pretty} {time}|2025-05-14 09:12 UTC>');
    expect(texts[3]).toContain('1.2k');
    expect(texts[3]).toContain('2.5M');
    expect(JSON.stringify(ctx[0])).toContain('outage keywords: down, 502 · #checkout #eu');
    const actions = blocksOf(m).find((b) => b.type === 'actions');
    expect(actions).toEqual({
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open', emoji: true }, url: item().url, action_id: 'open_item' }],
    });
  });

  it('has a one-line plain-text fallback summarising the item', () => {
    const m = formatItemMessage(item({ text: 'line one\n\nline   two' }));
    expect(m.text).toBe('🔥 [93] outage · negative · urgency 5/5 — Acme Ops (@acme_ops): line one line two');
  });

  it.each([
    ['<!channel> & <@U123> <https://evil.example|click>', '&lt;!channel&gt; &amp; &lt;@U123&gt; &lt;https://evil.example|click&gt;'],
    ['a < b && c > d', 'a &lt; b &amp;&amp; c &gt; d'],
    ['already &amp; escaped', 'already &amp;amp; escaped'],
  ])('escapes %j in every mrkdwn text', (raw, escaped) => {
    const m = formatItemMessage(item({ text: raw, title: raw, reasoning: raw, authorName: raw, authorHandle: null }));
    expectValidMessage(m);
    const texts = mrkdwnTexts(m);
    expect(texts.join('\n')).toContain(escaped);
    for (const t of [...texts, m.text]) {
      const withoutDates = t.replace(/<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>]*>/g, '');
      expect(withoutDates).not.toMatch(/[<>]/);
      expect(withoutDates).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
  });

  it.each([
    ['plain text', 'x'.repeat(10_000)],
    ['all escapable', '<&>'.repeat(5_000)],
    ['emoji (surrogate pairs)', '🔥'.repeat(5_000)],
  ])('truncates long %s within Slack limits', (_label, text) => {
    const m = formatItemMessage(item({ text, title: text, reasoning: text, authorName: text, source: text }));
    expectValidMessage(m);
    const body = blocksOf(m)[1];
    const bodyText = body && body.type === 'section' && 'text' in body ? body.text.text : '';
    expect(bodyText.length).toBeGreaterThan(SLACK_LIMITS.sectionText - 20);
    expect(bodyText.endsWith('…')).toBe(true);
    expect(bodyText).not.toMatch(/&(?!amp;|lt;|gt;)/);
    expect(bodyText).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    for (const t of mrkdwnTexts(m)) expect(t.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
  });

  it.each([
    ['no url', null],
    ['javascript: url', 'javascript:alert(1)'],
    ['not a url', 'nope'],
    ['url too long', `https://example.com/${'a'.repeat(3_000)}`],
  ])('omits the link button with %s', (_label, url) => {
    const m = formatItemMessage(item({ url }));
    expectValidMessage(m);
    expect(blocksOf(m).some((b) => b.type === 'actions')).toBe(false);
  });

  it('copes with missing author, empty text, unknown category and no reasoning', () => {
    const m = formatItemMessage(
      item({ authorHandle: null, authorName: null, text: '  ', title: null, category: 'mystery', reasoning: '', tags: [], createdAt: 'yesterday' }),
    );
    expectValidMessage(m);
    expect(JSON.stringify(m.blocks)).toContain('unknown author');
    expect(JSON.stringify(m.blocks)).toContain('_(no text)_');
    expect(blocksOf(m).filter((b) => b.type === 'context')).toHaveLength(1);
  });
});

describe('formatDigestMessage', () => {
  const many = (n: number): NotifiableItem[] =>
    Array.from({ length: n }, (_, i) =>
      item({ itemId: i + 1, salience: 80 + (i % 20), category: CATEGORIES[i % 3] ?? 'other', text: `item ${i + 1} <b>` }),
    );

  it('counts per category and lists the top items by salience', () => {
    const items = [
      item({ itemId: 1, category: 'outage', salience: 85 }),
      item({ itemId: 2, category: 'security', salience: 97 }),
      item({ itemId: 3, category: 'outage', salience: 91 }),
    ];
    const m = formatDigestMessage(items, { total: 3, threshold: 80 });
    expectValidMessage(m);
    const [head, counts, divider, ...rest] = blocksOf(m);
    expect(head).toEqual({ type: 'header', text: { type: 'plain_text', text: '📬 3 items at salience ≥ 80', emoji: true } });
    expect(counts).toEqual({ type: 'section', text: { type: 'mrkdwn', text: '🔥 outage: *2* · 🔒 security: *1*' } });
    expect(divider).toEqual({ type: 'divider' });
    expect(rest.map((b) => JSON.stringify(b).match(/\*(\d+)\*/)?.[1])).toEqual(['97', '91', '85']);
    expect(m.text).toBe('📬 3 items at salience ≥ 80 — 2 outage, 1 security');
  });

  it.each([
    [1, 1],
    [10, 10],
    [11, 11],
    [200, 200],
    [12, 500],
  ])('stays within limits with %i items (total %i)', (n, total) => {
    const m = formatDigestMessage(many(n), { total, threshold: 80, dashboardUrl: 'https://harvest.example.com/items?min=80&sort=salience' });
    expectValidMessage(m);
    const lines = blocksOf(m).filter((b) => b.type === 'section').slice(1);
    expect(lines).toHaveLength(Math.min(n, FORMAT_LIMITS.digestItems));
    const footer = JSON.stringify(blocksOf(m).at(-1));
    if (total > FORMAT_LIMITS.digestItems) expect(footer).toContain(`and ${total - FORMAT_LIMITS.digestItems} more`);
    expect(footer).toContain('<https://harvest.example.com/items?min=80&amp;sort=salience|Open the dashboard>');
    expect(m.text).toContain(`${total} item`);
    for (const t of mrkdwnTexts(m)) expect(t).not.toContain('<b>');
  });

  it('handles an empty list and no dashboard', () => {
    const m = formatDigestMessage([], { total: 0, threshold: 80 });
    expectValidMessage(m);
    expect(blocksOf(m).at(-1)?.type).not.toBe('context');
  });

  it('truncates each line and keeps long links out of lines', () => {
    const items = [item({ text: 'y'.repeat(5_000), url: `https://example.com/${'p'.repeat(2_500)}` })];
    const m = formatDigestMessage(items, { total: 1, threshold: 80 });
    expectValidMessage(m);
    const line = JSON.stringify(blocksOf(m)[3]);
    expect(line).toContain('…');
    expect(line).not.toContain('Open');
  });
});

describe('helpers', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1k'],
    [1234, '1.2k'],
    [2_500_000, '2.5M'],
    [3_000_000_000, '3B'],
    [Number.NaN, '0'],
  ])('compactNumber(%d) = %s', (n, s) => expect(compactNumber(n)).toBe(s));

  it.each([
    ['abc', 10, 'abc'],
    ['abcdefghijkl', 5, 'abcd…'],
    ['a&b&c', 8, 'a&amp;b…'],
    ['&&&', 6, '&amp;…'],
  ])('escapeAndTruncate(%j, %i) = %j', (raw, max, out) => {
    expect(escapeAndTruncate(raw, max)).toBe(out);
    expect(out.length).toBeLessThanOrEqual(max);
  });
});
