import type { ApiFake, FakeResponse } from './api-fake.js';
import { readSampleJson } from './api-fake.js';

/** Our own fixture in Algolia's hit shape (20 invented stories; see test/fixtures/README.md). */
export const HN_SAMPLE = 'hackernews/own_hn_algolia_search_page0.json';

export interface HnHitRecord {
  objectID: string;
  created_at_i: number;
  [field: string]: unknown;
}

export interface HnSample {
  hits: HnHitRecord[];
  [field: string]: unknown;
}

export const readHnSample = (): HnSample => readSampleJson<HnSample>(HN_SAMPLE);

/**
 * Algolia `search_by_date` semantics over recorded hits: `numericFilters=created_at_i>=N` (or `>`),
 * newest first, `hitsPerPage` and `page`, the response envelope of the recording.
 */
export const hnSearchRoute = (fake: ApiFake, hits: () => HnHitRecord[]): void => {
  const sample = readHnSample();
  fake.route('/api/v1/search_by_date', (req): FakeResponse => {
    const filter = /created_at_i(>=|>)(\d+)/.exec(req.params.get('numericFilters') ?? '');
    const min = filter ? Number(filter[2]) : -Infinity;
    const matching = hits()
      .filter((h) => (filter?.[1] === '>' ? h.created_at_i > min : h.created_at_i >= min))
      .sort((a, b) => b.created_at_i - a.created_at_i);
    const per = Number(req.params.get('hitsPerPage') ?? 20);
    const page = Number(req.params.get('page') ?? 0);
    const { hits: _recorded, ...envelope } = sample;
    return {
      body: { ...envelope, hits: matching.slice(page * per, (page + 1) * per), page, nbHits: matching.length, nbPages: Math.ceil(matching.length / per), hitsPerPage: per },
    };
  });
};
