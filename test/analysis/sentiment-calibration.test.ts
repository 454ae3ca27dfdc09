import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { analyzeText } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { NEGATIVE_AT, POSITIVE_AT, sentimentVerdict } from '../../src/analysis/heuristic/sentiment.rules.js';

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
