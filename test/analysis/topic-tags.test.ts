import { describe, expect, it } from 'vitest';
import { systemPrompt } from '../../src/analysis/llm/prompt.js';
import { analyzeText } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { TOPIC_TAGS } from '../../src/domain/analysis.js';
import { buildTags, LEXICON_TOPICS } from '../../src/analysis/heuristic/tags.rules.js';

/* Issue 14: tags name what an item is about, independent of its category. */

const NONE = { products: [], competitors: [] };
const tagsOf = (text: string): string[] => analyzeText({ text }, NONE).tags;

describe('topic tags (issue 14)', () => {
  it('the vocabulary holds security, privacy, billing, performance, crash, data loss and login', () => {
    expect(TOPIC_TAGS).toEqual(expect.arrayContaining(['security', 'privacy', 'billing', 'performance', 'crash', 'data-loss', 'login']));
    expect([...LEXICON_TOPICS].sort()).toEqual([...TOPIC_TAGS].sort());
  });

  it('the LLM prompt asks for the same vocabulary', () => {
    const s = systemPrompt({ products: [], competitors: [], organisations: [], whatMatters: '' });
    expect(s).toContain(TOPIC_TAGS.join(', '));
  });

  it.each([
    'please add a PIN lock',
    'it asks for too many permissions',
    'my account was hacked',
    'Got a phishing email pretending to be you',
    'Would love fingerprint unlock and encrypted backups',
    'Why does a flashlight need access to my contacts and location?',
    'Please add two-factor authentication',
  ])('security: %s', (text) => {
    expect(tagsOf(text)).toContain('security');
  });

  it('the topic is independent of the category', () => {
    const r = analyzeText({ text: 'please add a PIN lock' }, NONE);
    expect(r.category).toBe('feature_request');
    expect(r.tags).toEqual(['feature-request', 'security']);
  });

  it('the security category always carries the security tag', () => {
    expect(buildTags('security', 'a rce in the parser', [])).toEqual(['security']);
  });

  it.each([
    ['privacy', 'They sell my personal data to advertisers'],
    ['billing', 'I was charged twice this month'],
    ['crash', 'It crashes on start'],
    ['data-loss', 'the update deleted all my notes'],
    ['login', "can't log in since yesterday"],
    ['performance', 'so slow and drains the battery'],
  ])('%s: %s', (tag, text) => {
    expect(tagsOf(text)).toContain(tag);
  });

  it('an idiom or a word alone is not a topic', () => {
    expect(tagsOf('this app is a trojan horse of ads')).not.toContain('security');
    expect(tagsOf('Had lunch with the team today')).toEqual(['other']);
  });
});
