/*
 * The second, unlabelled short-post domain of bench:stories (ADR 0022, "short posts addressed to a
 * brand chain into large stories"): the 14,640 airline tweets of ../shared/data/airline/Tweets.csv,
 * clustered as `harvest cluster` would (text and `createdAt`, shipped defaults). There are no story
 * labels, so it prints proxies:
 *  - the largest stories and how long they span;
 *  - B-cubed precision against the airline a tweet is addressed to (two tweets to different airlines
 *    are almost never one story), and against airline + sentiment + negative reason;
 *  - recall on pairs that are surely one event: two tweets to the same airline naming the same flight
 *    number within 24 h, and how many of them share a story.
 * Higher precision here does not mean better stories (one story per tweet scores 1); read it beside
 * the flight pairs.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { clusterBatch } from '../src/stories/batch.js';
import { firstPerKey, parseCsvRecords } from './csv.js';
import { bcubed } from './stories.metrics.js';

export interface Tweet {
  text: string;
  at: number;
  airline: string;
  /** Airline, sentiment and negative reason: a finer proxy label. */
  detail: string;
}

/** Where the airline tweets sit beside the ECB+ file (`…/data/stories/x.jsonl` → `…/data/airline/Tweets.csv`). */
export const airlineFileBeside = (ecbFile: string): string => resolve(dirname(ecbFile), '..', 'airline', 'Tweets.csv');

/** The tweets of the file, one per tweet id (the file repeats some), those with a readable time. */
export const loadTweets = (file: string): Tweet[] => {
  const out: Tweet[] = [];
  for (const r of firstPerKey(parseCsvRecords(readFileSync(file, 'utf8')), 'tweet_id')) {
    const at = Date.parse(r.tweet_created ?? '');
    if (Number.isFinite(at)) out.push({ text: r.text ?? '', at, airline: r.airline ?? '', detail: `${r.airline ?? ''}|${r.airline_sentiment ?? ''}|${r.negativereason ?? ''}` });
  }
  return out;
};

/** "flight 1234", "flt #1234" (any case) and "UA 1234", "AA1234" (the airlines' IATA codes, upper case): the flight numbers a tweet names. */
const FLIGHT_WORD = /\b(?:flight|flt)\s*#?\s*(\d{2,4})\b/gi;
const FLIGHT_CODE = /\b(?:AA|UA|DL|WN|B6|VX|US)\s?#?(\d{2,4})\b/g;
const flightsOf = (text: string): string[] => [...new Set([...text.matchAll(FLIGHT_WORD), ...text.matchAll(FLIGHT_CODE)].map((m) => String(Number(m[1]))))];

export interface AirlineProxies {
  tweets: number;
  stories: number;
  /** The three largest stories: size and span in hours. */
  largest: Array<{ size: number; hours: number }>;
  precisionAirline: number;
  precisionDetail: number;
  flightPairs: number;
  flightPairsTogether: number;
}

/** Clusters the tweets with the shipped defaults and measures the proxies. */
export const airlineProxies = (tweets: readonly Tweet[]): AirlineProxies => {
  const story = clusterBatch(tweets.map((t) => ({ text: t.text, at: t.at })));
  const members = new Map<number, number[]>();
  story.forEach((s, i) => {
    const list = members.get(s);
    if (list) list.push(i);
    else members.set(s, [i]);
  });
  const largest = [...members.values()]
    .sort((a, b) => b.length - a.length)
    .slice(0, 3)
    .map((m) => {
      const times = m.map((i) => (tweets[i] as Tweet).at);
      return { size: m.length, hours: (Math.max(...times) - Math.min(...times)) / 3_600_000 };
    });
  const pred = story.map(String);
  // Flight pairs: same airline, same flight number, within 24 h.
  const byFlight = new Map<string, number[]>();
  tweets.forEach((t, i) => {
    for (const f of flightsOf(t.text)) {
      const key = `${t.airline}|${f}`;
      const list = byFlight.get(key);
      if (list) list.push(i);
      else byFlight.set(key, [i]);
    }
  });
  let [pairs, together] = [0, 0];
  for (const list of byFlight.values()) {
    for (let a = 0; a < list.length; a++) {
      for (let b = a + 1; b < list.length; b++) {
        const [i, j] = [list[a] as number, list[b] as number];
        if (Math.abs((tweets[i] as Tweet).at - (tweets[j] as Tweet).at) > 24 * 3_600_000) continue;
        pairs++;
        if (story[i] === story[j]) together++;
      }
    }
  }
  return {
    tweets: tweets.length,
    stories: members.size,
    largest,
    precisionAirline: bcubed(tweets.map((t) => t.airline), pred).precision,
    precisionDetail: bcubed(tweets.map((t) => t.detail), pred).precision,
    flightPairs: pairs,
    flightPairsTogether: together,
  };
};

/** The bench:stories section: the proxies, or one line saying the file is absent. */
export const airlineSection = (ecbFile: string): string[] => {
  const file = airlineFileBeside(ecbFile);
  const head = '## Second domain without story labels: airline tweets (proxies; ADR 0022)';
  if (!existsSync(file)) return [head, '', `Skipped: ${relative(process.cwd(), file)} not found.`, ''];
  const p = airlineProxies(loadTweets(file));
  return [
    head,
    '',
    `${p.tweets.toLocaleString('en-US')} tweets to six US airlines (\`airline/Tweets.csv\`, one per tweet id), text and \`tweet_created\` only, clustered with the shipped defaults as \`harvest cluster\` would.`,
    '',
    '| proxy | value |',
    '|---|---|',
    `| stories | ${p.stories.toLocaleString('en-US')} |`,
    `| largest three (tweets, span) | ${p.largest.map((l) => `${l.size} over ${l.hours.toFixed(0)} h`).join('; ')} |`,
    `| B-cubed precision against the airline addressed | ${p.precisionAirline.toFixed(3)} |`,
    `| B-cubed precision against airline + sentiment + negative reason | ${p.precisionDetail.toFixed(3)} |`,
    `| pairs to one airline naming one flight number within 24 h that share a story | ${p.flightPairsTogether} of ${p.flightPairs} (${((100 * p.flightPairsTogether) / Math.max(1, p.flightPairs)).toFixed(0)} %) |`,
    '',
    'Precision alone rewards splitting (one story per tweet scores 1): read it beside the flight pairs, which are surely one event each.',
    '',
  ];
};
