import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { HeuristicOptions } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { analyzeText } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { NEGATIVE_AT, POSITIVE_AT, SENTIMENT_TUNING, sentimentVerdict } from '../../src/analysis/heuristic/sentiment.rules.js';
import type { VaderProfile } from '../../src/analysis/heuristic/vader.sentiment.js';
import { FEEDBACK_PROFILE, vaderScore } from '../../src/analysis/heuristic/vader.sentiment.js';

/*
 * Issue 14: sentiment keeps VADER's calibration (±0.05 on the compound) on general text; domain
 * adjustments apply only by what the item is (problem reports, questions).
 */

interface VaderPackage {
  SentimentIntensityAnalyzer: { polarity_scores(text: string): { compound: number } };
}
const vader = createRequire(import.meta.url)('vader-sentiment') as VaderPackage;
const plainLabel = (text: string): string => {
  const c = vader.SentimentIntensityAnalyzer.polarity_scores(text).compound;
  return c >= 0.05 ? 'positive' : c <= -0.05 ? 'negative' : 'neutral';
};
const NONE = { products: [], competitors: [] };

describe('sentiment calibration (issue 14)', () => {
  it('thresholds are VADER\'s own ±0.05', () => {
    expect([NEGATIVE_AT, POSITIVE_AT]).toEqual([-0.05, 0.05]);
    expect(sentimentVerdict(-0.01, 'other').sentiment).toBe('neutral');
    expect(sentimentVerdict(0.06, 'other').sentiment).toBe('positive');
    expect(sentimentVerdict(-0.06, 'other').sentiment).toBe('negative');
  });

  it.each([
    'I guess the weather is fine today',
    'Lunch was okay',
    'Well that was unexpected',
    'The concert was alright, nothing special',
    'He is a funny guy',
    'That was a tough game',
    'hmm, interesting',
    'It is what it is, I suppose',
    'New phone arrived today, pretty nice',
    'My new haircut is pretty good',
    'I have a slight headache',
  ])('general text gets the label plain VADER gives it: %s', (text) => {
    expect(analyzeText({ text }, NONE).sentiment).toBe(plainLabel(text));
  });

  it('a problem report without sentiment words is negative; a mildly polite question is not praise', () => {
    expect(analyzeText({ text: "The export button doesn't work on Firefox" }, NONE).sentiment).toBe('negative');
    expect(sentimentVerdict(0.2, 'question').sentiment).toBe('neutral');
    expect(sentimentVerdict(0.2, 'other').sentiment).toBe('positive');
  });
});

/*
 * Issue 14, second round: four rules for VADER's known gaps, each with a general-text case it must
 * leave as plain VADER labels it.
 */
describe('sentiment scoping rules (issue 14)', () => {
  const without = (rule: Partial<VaderProfile>): HeuristicOptions => ({ ...NONE, vaderProfile: { ...FEEDBACK_PROFILE, ...rule } });

  it('a word VADER rates within ±0.3 of neutral does not make a text positive; a real sentiment word still does', () => {
    for (const text of ['My flight number is 3M 50', 'Now boarding, seat number 12A']) {
      expect(plainLabel(text)).toBe('positive');
      expect(analyzeText({ text }, without({ neutralBand: 0 })).sentiment).toBe('positive');
      expect(analyzeText({ text }, NONE).sentiment).toBe('neutral');
    }
    for (const text of ['I love this song', 'What a terrible day']) {
      expect(analyzeText({ text }, NONE).sentiment).toBe(plainLabel(text));
    }
  });

  it('a negator does not reach into the next sentence', () => {
    const text = "Now they can't find it. Ridiculous!";
    expect(vaderScore(text, { ...FEEDBACK_PROFILE, sentenceScope: false }).compound).toBeGreaterThan(0.05);
    expect(vaderScore(text).compound).toBeLessThan(-0.05);
    expect(analyzeText({ text }, NONE).sentiment).toBe('negative');
    // inside one sentence negation still flips, as in VADER
    expect(vaderScore('I do not love Mondays').compound).toBeLessThan(-0.05);
    expect(analyzeText({ text: 'I do not love Mondays' }, NONE).sentiment).toBe(plainLabel('I do not love Mondays'));
  });

  it('"like" after a perception, copular or request verb is no sentiment; the verb "like" still is', () => {
    for (const text of ['It looks like the meeting moved to Tuesday', "I'd like to change my seat"]) {
      expect(analyzeText({ text }, without({ likeNotVerb: false })).sentiment).toBe('positive');
      expect(analyzeText({ text }, NONE).sentiment).toBe('neutral');
    }
    for (const text of ['I like this song', "I don't like it"]) {
      expect(analyzeText({ text }, NONE).sentiment).toBe(plainLabel(text));
    }
  });

  it('positive words in an asking question count 0.3×; a rhetorical or exclamatory question keeps them', () => {
    const text = 'Can you tell me the best way to get to the gate?';
    expect(analyzeText({ text }, without({ questionPositiveWeight: 1 })).sentiment).toBe('positive');
    expect(analyzeText({ text }, NONE).sentiment).toBe('neutral');
    for (const general of ['Is this the best day ever?', "Who's excited for the weekend?"]) {
      expect(plainLabel(general)).toBe('positive');
      expect(analyzeText({ text: general }, NONE).sentiment).toBe('positive');
    }
  });
});

/*
 * Issue 14, third round: problem-report language general text lacks, and questions that ask. Each
 * rule with a case that triggers it and a general-text case it must leave as plain VADER labels it.
 */
describe('service-problem expressions and asking questions (issue 14)', () => {
  const withGroups = (groups: string[]): HeuristicOptions => ({ ...NONE, vaderProfile: { ...FEEDBACK_PROFILE, phraseGroups: groups } });

  it('waiting with a duration and being hung up on are negative; other waiting and calls are not changed', () => {
    for (const text of ['They hung up on me twice', 'Sat on the tarmac for an hour']) {
      expect(analyzeText({ text }, withGroups(['core', 'rhetorical'])).sentiment).not.toBe('negative');
      expect(analyzeText({ text }, NONE).sentiment).toBe('negative');
    }
    for (const text of ['The meeting lasted an hour', 'She spoke to someone at the desk', 'He hung up his coat']) {
      expect(analyzeText({ text }, NONE).sentiment).toBe(plainLabel(text));
    }
  });

  it('"thanks for nothing" and rhetorical complaint questions are negative; thanks and a plain "really" are not', () => {
    for (const text of ['Thanks for nothing', "What's the point of a tracking number if nobody scans it?", 'How come it logs me out every day?']) {
      expect(analyzeText({ text }, withGroups(['core', 'service'])).sentiment).not.toBe('negative');
      expect(analyzeText({ text }, NONE).sentiment).toBe('negative');
    }
    for (const text of ['Thanks for the birthday wishes', 'That is really great news', 'The point is that we won']) {
      expect(analyzeText({ text }, NONE).sentiment).toBe(plainLabel(text));
    }
  });

  it('a question asking for information or action is positive from 0.6, other questions from 0.3', () => {
    expect(sentimentVerdict(0.4, 'question', SENTIMENT_TUNING, true).sentiment).toBe('neutral');
    expect(sentimentVerdict(0.65, 'question', SENTIMENT_TUNING, true).sentiment).toBe('positive');
    expect(sentimentVerdict(0.4, 'question', SENTIMENT_TUNING, false).sentiment).toBe('positive');
    expect(sentimentVerdict(0.4, 'other', SENTIMENT_TUNING, true).sentiment).toBe('positive');
    expect(vaderScore('What is the phone number for reservations? Thanks').asking).toBe(true);
    expect(vaderScore('Great trip, thanks!').asking).toBe(false);
    const text = 'What is the phone number for reservations? Thanks';
    expect(plainLabel(text)).toBe('positive');
    expect(analyzeText({ text }, NONE).sentiment).toBe('neutral');
    // a rhetorical question with clear praise stays positive
    expect(analyzeText({ text: 'Is this the best day ever?' }, NONE).sentiment).toBe('positive');
  });
});
