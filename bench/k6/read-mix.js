/* global __ENV */
// The read mix of `npm run bench:api` for k6 (https://k6.io), open loop: 1,000 iterations/s
// arrive at a constant rate whether or not earlier requests were answered.
//   k6 run -e BASE_URL=http://127.0.0.1:8000 bench/k6/read-mix.js
// 60 % GET /top?limit=10|20|50|100 (evenly), 25 % GET /tweet/{id} (ids that exist, from setup()),
// 15 % GET /health. Thresholds are the API targets: p95 < 10 ms, p99 < 25 ms, no failed request.
// Raise the server's api.rateLimit.anonymousPerMinute first, or the limiter answers 429s.
import http from 'k6/http';
import { check, fail } from 'k6';

const BASE_URL = (__ENV.BASE_URL || 'http://127.0.0.1:8000').replace(/\/+$/, '');
const TOP_LIMITS = [10, 20, 50, 100];

export const options = {
  discardResponseBodies: true,
  scenarios: {
    read_mix: {
      executor: 'constant-arrival-rate',
      rate: 1000,
      timeUnit: '1s',
      duration: '60s',
      preAllocatedVUs: 1000,
      maxVUs: 2000,
    },
  },
  thresholds: {
    http_req_duration: ['p(95)<10', 'p(99)<25'],
    http_req_failed: ['rate==0'],
  },
};

export function setup() {
  const res = http.get(`${BASE_URL}/top?limit=200`, { responseType: 'text', tags: { name: 'setup' } });
  if (res.status !== 200) fail(`GET /top?limit=200 answered ${res.status}`);
  const ids = res.json().map((signal) => signal.externalId);
  if (ids.length === 0) fail('GET /top?limit=200 returned no signals; load a database first');
  return { ids };
}

export default function (data) {
  const r = Math.random();
  let res;
  if (r < 0.6) {
    const limit = TOP_LIMITS[Math.floor(Math.random() * TOP_LIMITS.length)];
    res = http.get(`${BASE_URL}/top?limit=${limit}`, { tags: { name: 'GET /top' } });
  } else if (r < 0.85) {
    const id = data.ids[Math.floor(Math.random() * data.ids.length)];
    res = http.get(`${BASE_URL}/tweet/${encodeURIComponent(id)}`, { tags: { name: 'GET /tweet/{id}' } });
  } else {
    res = http.get(`${BASE_URL}/health`, { tags: { name: 'GET /health' } });
  }
  check(res, { 'status is 200': (x) => x.status === 200 });
}
