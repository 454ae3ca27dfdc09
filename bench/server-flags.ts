/**
 * The V8 flags the API server runs with in production: the container sets them through
 * `NODE_OPTIONS` (Dockerfile), so `bench:api` starts `harvest serve` with the same ones and
 * measures the server as deployed (a test keeps the two equal). `--optimize-for-size` makes V8
 * grow the heap less eagerly: in a 12 s fixed-rate run the server's peak RSS was 124 MB with it
 * and 165 MB without, at the same latency (docs/bench/api.md has the measured figures).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--optimize-for-size'];
