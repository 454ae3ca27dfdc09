/*
 * The airline proxies of bench:stories (bench/stories.airline.ts) on a small CSV this test writes
 * itself: tweets de-duplicated by id, flight numbers found in words and IATA codes, pairs counted
 * only within 24 h and to one airline, precision against the airline addressed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { airlineFileBeside, airlineProxies, airlineSection, loadTweets } from '../../bench/stories.airline.js';
import { tempDir } from '../helpers/stores.js';

const HEADER = 'tweet_id,airline_sentiment,negativereason,airline,text,tweet_created';
const row = (id: number, airline: string, text: string, created: string, sentiment = 'negative'): string => `${id},${sentiment},,${airline},"${text.replaceAll('"', '""')}",${created}`;

describe('bench:stories airline proxies', () => {
  it('reads one tweet per id, counts flight pairs within 24 h to one airline, and scores precision against the airline', () => {
    const dir = tempDir('harvest-airline-');
    mkdirSync(join(dir, 'airline'));
    const file = join(dir, 'airline', 'Tweets.csv');
    const lines = [
      HEADER,
      row(1, 'United', '@united flight 1234 delayed three hours at ORD, gate agent says crew missing', '2015-02-24 08:00:00 -0800'),
      row(1, 'United', '@united flight 1234 delayed three hours at ORD, gate agent says crew missing', '2015-02-24 08:00:00 -0800'),
      row(2, 'United', '@united UA1234 still delayed at ORD, crew missing, no update from the gate agent', '2015-02-24 09:00:00 -0800'),
      row(3, 'United', '@united Flight #1234 again today?', '2015-02-26 09:00:00 -0800'),
      row(4, 'Delta', '@delta flight 1234 was great, thanks', '2015-02-24 09:30:00 -0800', 'positive'),
      row(5, 'Delta', '@delta lost my bag in Atlanta, nobody answers the phone', '2015-02-24 10:00:00 -0800'),
      row(6, 'United', 'no time here', 'not a date'),
    ];
    writeFileSync(file, `${lines.join('\n')}\n`);
    const tweets = loadTweets(file);
    expect(tweets.map((t) => t.airline)).toEqual(['United', 'United', 'United', 'Delta', 'Delta']);
    const p = airlineProxies(tweets);
    expect(p.tweets).toBe(5);
    // United 1234 at 08:00 and 09:00 is the one pair (the 26th is more than 24 h later; Delta's 1234 is another airline).
    expect(p.flightPairs).toBe(1);
    expect(p.flightPairsTogether).toBe(1);
    expect(p.precisionAirline).toBe(1);
    expect(p.stories).toBeGreaterThanOrEqual(3);
    expect(p.largest[0]?.size).toBe(2);
    expect(airlineSection(join(dir, 'stories', 'x.jsonl')).join('\n')).toMatch(/\| pairs to one airline naming one flight number within 24 h that share a story \| 1 of 1 \(100 %\) \|/);
  });

  it('looks beside the ECB+ file and says so when the tweets are absent', () => {
    expect(airlineFileBeside('/data/stories/ecbplus-dev.jsonl')).toBe('/data/airline/Tweets.csv');
    expect(airlineSection(join(tempDir('harvest-airline-none-'), 'stories', 'x.jsonl')).join('\n')).toMatch(/Skipped: .*airline\/Tweets\.csv not found\./);
  });
});
