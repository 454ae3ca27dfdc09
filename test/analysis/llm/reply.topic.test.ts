import { describe, expect, it } from 'vitest';
import { parseReply, topicIndex } from '../../../src/analysis/llm/reply.parse.js';
import { PROMPT_VERSION, promptVersionFor, REPLY_JSON_SCHEMA, replySchema, systemPrompt } from '../../../src/analysis/llm/prompt.js';
import { DEFAULT_TAXONOMY } from '../../../src/topics/taxonomy.js';

const TEAM = { products: ['P'], competitors: [], organisations: [], whatMatters: '' };
const NAMES = DEFAULT_TAXONOMY.map((t) => t.name);

const item = (id: string, over: Record<string, unknown> = {}) => ({
  id,
  category: 'research',
  sentiment: 'neutral',
  sentimentScore: 0,
  urgency: 0,
  confidence: 0.7,
  tags: ['paper'],
  entities: { products: [], organisations: [], people: [] },
  reasoning: 'A paper.',
  ...over,
});

const expected = new Map([
  ['1', 'Logical qubits below threshold'],
  ['2', 'Paged attention for LLM serving'],
  ['3', 'A new battery'],
  ['4', 'My app crashed'],
  ['5', 'Another text'],
]);

describe('the research taxonomy in the LLM prompt (issue 16)', () => {
  it('names every topic of the taxonomy and asks for one of them or null, only when topics are given', () => {
    const withTopics = systemPrompt({ ...TEAM, researchTopics: NAMES });
    for (const name of NAMES) expect(withTopics).toContain(name);
    expect(withTopics).toMatch(/"topic"/);
    const without = systemPrompt(TEAM);
    expect(without).not.toMatch(/"topic"/);
    expect(without).not.toContain('semiconductors');
  });

  it('asks for a topic in the reply schema, a new prompt version per taxonomy, and leaves both alone without one', () => {
    const schema = replySchema(NAMES) as typeof REPLY_JSON_SCHEMA & { properties: { items: { items: { required: string[]; properties: Record<string, { enum?: unknown[] }> } } } };
    expect(schema.properties.items.items.required).toContain('topic');
    expect(schema.properties.items.items.properties.topic?.enum).toEqual([...NAMES, null]);
    expect(replySchema([])).toBe(REPLY_JSON_SCHEMA);
    expect(promptVersionFor([])).toBe(PROMPT_VERSION);
    expect(promptVersionFor(NAMES)).not.toBe(PROMPT_VERSION);
    expect(promptVersionFor(NAMES)).toBe(promptVersionFor([...NAMES]));
    expect(promptVersionFor(NAMES)).not.toBe(promptVersionFor(NAMES.slice(1)));
  });
});

describe('parseReply: the topic is optional and untrusted', () => {
  it('keeps a name of the taxonomy, maps case and spaces to it, and drops an unknown or missing one as null without rejecting the item', () => {
    const body = { items: [item('1', { topic: 'quantum' }), item('2', { topic: ' AI-Systems ' }), item('3', { topic: 'alchemy' }), item('4', { topic: null }), item('5')] };
    const r = parseReply(body, expected, topicIndex(NAMES));
    expect(r.rejected.size).toBe(0);
    expect(r.results.size).toBe(5);
    expect(Object.fromEntries(r.topics)).toEqual({ '1': 'quantum', '2': 'ai-systems', '3': null, '4': null, '5': null });
    expect(r.results.get('1')).not.toHaveProperty('topic');
  });

  it('reports no topics when no taxonomy was given, whatever the reply says', () => {
    const r = parseReply({ items: [item('1', { topic: 'quantum' })] }, expected);
    expect(r.topics.size).toBe(0);
    expect(r.results.size).toBe(1);
  });

  it('does not let a malformed topic (a number, an object) reject an otherwise valid verdict', () => {
    const two = new Map([...expected].slice(0, 2));
    const r = parseReply({ items: [item('1', { topic: 7 }), item('2', { topic: { name: 'quantum' } })] }, two, topicIndex(NAMES));
    expect(r.rejected.size).toBe(0);
    expect(Object.fromEntries(r.topics)).toEqual({ '1': null, '2': null });
  });
});
