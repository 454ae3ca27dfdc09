/**
 * The V8 flags the API server runs with in production: the container sets them through
 * `NODE_OPTIONS` (Dockerfile), so `bench:api` starts `harvest serve` with the same ones and
 * measures the server as deployed (a test keeps the two equal). `--optimize-for-size` makes V8
 * grow the heap less eagerly (in an ad-hoc 12 s fixed-rate probe during development, not a repo
 * script: peak RSS 124 MB with it, 165 MB without, similar latency). docs/bench/api.md has the
 * figures `npm run bench:api` measured with it.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--optimize-for-size'];
