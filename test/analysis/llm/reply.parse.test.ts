import { describe, expect, it } from 'vitest';
import { canonicalNames, MalformedReplyError, nameIndex, parseReply } from '../../../src/analysis/llm/reply.parse.js';
import { retryAfterSeconds, scrub } from '../../../src/analysis/llm/sdk-errors.js';
import { PROMPT_VERSION, REPLY_JSON_SCHEMA, systemPrompt, userPrompt } from '../../../src/analysis/llm/prompt.js';
import { CATEGORIES } from '../../../src/domain/analysis.js';

const good = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  category: 'bug',
  sentiment: 'negative',
  sentimentScore: -0.4,
  urgency: 3,
  confidence: 0.8,
  tags: ['Crash On Start', 'crash-on-start', '', 'iOS'],
  entities: { products: ['Brindlepost', ' Brindlepost '], organisations: [], people: ['Ada'] },
  reasoning: 'x'.repeat(500),
  ...over,
});

const expected = new Map([
  ['1', 'app crashes on start #ios @support_team'],
  ['2', 'second'],
]);

describe('parseReply: the model output is untrusted input', () => {
  it('accepts valid items, normalising tags, names and reasoning; hashtags and handles come from the text', () => {
    const r = parseReply(JSON.stringify({ items: [good('1'), good('2')] }), expected);
    expect(r.rejected.size).toBe(0);
    expect(r.results.get('1')).toEqual({
      category: 'bug',
      sentiment: 'negative',
      sentimentScore: -0.4,
      urgency: 3,
      confidence: 0.8,
      tags: ['crash-on-start', 'i-os'],
      entities: { products: ['Brindlepost'], organisations: [], people: ['Ada'], hashtags: ['ios'], handles: ['support_team'] },
      reasoning: 'x'.repeat(400),
    });
  });

  it.each([
    ['a label outside the taxonomy', { category: 'catastrophe' }],
    ['a sentiment outside the set', { sentiment: 'furious' }],
    ['urgency out of range', { urgency: 9 }],
    ['urgency not an integer', { urgency: 2.5 }],
    ['confidence above 1', { confidence: 1.5 }],
    ['sentimentScore below -1', { sentimentScore: -3 }],
    ['entities missing', { entities: undefined }],
  ])('rejects just the item with %s', (_name, over) => {
    const r = parseReply({ items: [good('1', over), good('2')] }, expected);
    expect([...r.results.keys()]).toEqual(['2']);
    expect([...r.rejected.keys()]).toEqual(['1']);
  });

  it('reports missing ids, ignores unknown and duplicate ids, accepts numeric ids', () => {
    const r = parseReply({ items: [good('9'), { ...good('1'), id: 1 }, good('1', { category: 'praise' })] }, expected);
    expect(r.results.get('1')?.category).toBe('bug');
    expect(r.rejected.get('2')).toBe('missing from the reply');
  });

  it('tolerates a fenced JSON reply', () => {
    expect(parseReply('```json\n' + JSON.stringify({ items: [good('1'), good('2')] }) + '\n```', expected).results.size).toBe(2);
  });

  it.each([['{"items": [{"id": "1", "cat'], ['[]'], ['{"answers": []}'], ['null']])('throws MalformedReplyError for %s', (body) => {
    expect(() => parseReply(body, expected)).toThrow(MalformedReplyError);
  });
});

describe('canonicalNames: our products under their configured names', () => {
  const index = nameIndex({ products: ['Brindlepost'], competitors: ['Ferncircle'], aliases: { Brindlepost: ['Brindle'], Ferncircle: ['Fern Circle'] } });
  const verdict = (products: string[], organisations: string[]) => ({
    category: 'outage' as const, sentiment: 'negative' as const, sentimentScore: -0.5, urgency: 4, confidence: 0.8, tags: [], reasoning: 'r',
    entities: { products, organisations, people: ['Ana'], hashtags: ['down'], handles: ['brindle'] },
  });
  it.each([
    [['brindle'], [], ['Brindlepost'], []],
    [[' Fern circle ', 'Brindlepost', 'BRINDLE'], [], ['Ferncircle', 'Brindlepost'], []],
    [['Slack'], ['Brindlepost', 'Acme Corp'], ['Slack', 'Brindlepost'], ['Acme Corp']],
    [['Brindle app'], ['Fern'], ['Brindle app'], ['Fern']],
  ])('%j and organisations %j → products %j, organisations %j', (products, organisations, wantProducts, wantOrgs) => {
    const out = canonicalNames(verdict(products, organisations), index);
    expect(out.entities).toEqual({ products: wantProducts, organisations: wantOrgs, people: ['Ana'], hashtags: ['down'], handles: ['brindle'] });
  });
  it('leaves a verdict as it is when no product is configured', () => {
    const v = verdict(['brindle'], ['Brindlepost']);
    expect(canonicalNames(v, nameIndex({ products: [], competitors: [] }))).toBe(v);
  });
});

describe('prompt', () => {
  it('names every category, is versioned, and its schema closes the label set', () => {
    const s = systemPrompt({ products: ['P'], competitors: [], organisations: [], whatMatters: '' });
    for (const c of CATEGORIES) expect(s).toContain(c);
    expect(PROMPT_VERSION).toMatch(/^triage-/);
    expect(REPLY_JSON_SCHEMA.properties.items.items.properties.category.enum).toEqual([...CATEGORIES]);
  });

  it('cuts long texts and omits empty titles', () => {
    expect(JSON.parse(userPrompt([{ id: '1', title: null, text: 'abcdef' }], 3))).toEqual({ items: [{ id: '1', text: 'abc' }] });
  });
});

describe('SDK error helpers', () => {
  const now = Date.parse('2026-11-20T12:00:00Z');
  it('reads Retry-After as seconds, as an HTTP date, or retry-after-ms', () => {
    expect(retryAfterSeconds(new Headers({ 'retry-after': '7' }), now)).toBe(7);
    expect(retryAfterSeconds(new Headers({ 'retry-after': 'Fri, 20 Nov 2026 12:00:30 GMT' }), now)).toBe(30);
    expect(retryAfterSeconds(new Headers({ 'retry-after-ms': '1500' }), now)).toBe(1.5);
    expect(retryAfterSeconds(new Headers({ 'retry-after': 'soon' }), now)).toBeUndefined();
    expect(retryAfterSeconds(new Headers(), now)).toBeUndefined();
  });

  it('scrubs the key and anything shaped like one from messages', () => {
    expect(scrub('bad key sk-live-abcdefghijklmnop given', 'sk-live-abcdefghijklmnop')).toBe('bad key [redacted] given');
    expect(scrub('Incorrect API key provided: sk-proj-ABCDEFGH12345678', undefined)).not.toContain('ABCDEFGH12345678');
  });
});
