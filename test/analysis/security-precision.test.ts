import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/analysis/heuristic/heuristic.analyzer.js';

/* Issue 14: security needs an incident, a vulnerability or a threat, not a word. */

const OPTS = { products: ['Brindlepost'], competitors: [] };
const categoryOf = (text: string, title?: string): string => analyzeText({ text, title }, OPTS).category;

describe('security precision (issue 14)', () => {
  it('a research thread about permissions is not a security report', () => {
    const title = 'New from Calder Systems Group: Local-First Task Trackers: Convergence, Permissions and Offline Edits';
    const text =
      '🧵 why "Local-First Task Trackers: Convergence, Permissions and Offline Edits" matters for anyone building real-time apps. ' +
      'tl;dr permission changes are the hard part of offline-first, not merging. https://arxiv.org/abs/2611.05578 1/';
    const r = analyzeText({ title, text }, OPTS);
    expect(r.category).not.toBe('security');
    expect(r.urgency).toBeLessThan(5);
  });

  it.each([
    'We are excited to announce end-to-end encryption and granular permissions for every workspace',
    'Does Brindlepost support SSO and custom permissions for guests?',
    'Our privacy policy page got a redesign',
  ])('topic words alone are not an incident: %s', (text) => {
    expect(categoryOf(text)).not.toBe('security');
  });

  it.each([
    'found a stored xss in brindlepost task descriptions, a crafted link runs js',
    'heads up: phishing emails pretending to be brindlepost billing are going around',
    'Brindlepost search API leaks private board names to guests',
    'my account was hacked and someone changed my password',
    'Our security team blocked the desktop app until the CVE patch is rolled out',
  ])('an incident, vulnerability or threat is: %s', (text) => {
    expect(categoryOf(text)).toBe('security');
  });

  it('research language raises the bar, two threat cues still make it security', () => {
    expect(categoryOf('New paper: we propose a fuzzer that found a vulnerability in TLS libraries https://arxiv.org/abs/2401.1')).toBe('research');
    expect(categoryOf('New paper: a remote code execution vulnerability in TLS libraries, exploited in the wild')).toBe('security');
  });
});
