// Preloaded into a child process by bench/pipeline.bench.ts (`node --import`): on exit, reports the
// process's peak resident set size to stderr on one marked line. Bench-only; not part of the product.
process.on('exit', () => {
  process.stderr.write(`\nBENCH_MAX_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});
