import type { Command } from 'commander';
import { readSourceHealth, type SourceHealth } from '../../sources/health.js';
import { withApp, type CliContext } from '../context.js';
import { renderTable } from '../output.js';

const ago = (iso: string | null, now: Date): string => {
  if (iso === null) return '-';
  const s = Math.round((now.getTime() - Date.parse(iso)) / 1000);
  if (s < 0) return `in ${-s} s`;
  if (s < 120) return `${s} s ago`;
  if (s < 7200) return `${Math.round(s / 60)} min ago`;
  if (s < 172_800) return `${Math.round(s / 3600)} h ago`;
  return `${Math.round(s / 86_400)} d ago`;
};

const lastError = (r: { lastError: string | null; lastErrorAt: string | null }, now: Date): string => (r.lastError === null ? '-' : `${ago(r.lastErrorAt, now)}: ${r.lastError}`);

/** A source's row, then one indented row per configured part (feed, query, listing, repository). */
const sourceRows = (r: SourceHealth, now: Date): string[][] => [
  [
    r.name,
    r.enabled ? 'yes' : 'no',
    r.state === 'rate_limited' && r.rateLimitedUntil ? `rate_limited (until ${r.rateLimitedUntil})` : r.state,
    ago(r.lastSuccessAt, now),
    String(r.consecutiveFailures),
    r.lastFetchedCount === null ? '-' : String(r.lastFetchedCount),
    String(r.itemsTotal),
    lastError(r, now),
  ],
  ...r.parts.map((p) => [
    `  └ ${p.key}`,
    '',
    p.state,
    ago(p.lastSuccessAt, now),
    String(p.consecutiveFailures),
    p.lastFetchedCount === null ? '-' : String(p.lastFetchedCount),
    '',
    lastError(p, now),
  ]),
];

/** The table `harvest sources` prints for people. */
export const sourcesTable = (rows: readonly SourceHealth[], now: Date, columns: number): string =>
  renderTable(
    ['source', 'enabled', 'state', 'last success', 'fails', 'last fetch', 'items', 'last error'],
    rows.flatMap((r) => sourceRows(r, now)),
    columns,
  );

/** `harvest sources`: every source, whether it is configured, and its fetch health. */
export const registerSourcesCommand = (program: Command, ctx: CliContext): void => {
  program
    .command('sources')
    .description('list every source with its configuration state and fetch health, and each feed/query of it')
    .option('--json', 'print the JSON array GET /sources returns under "sources"')
    .addHelpText('after', '\nExamples:\n  harvest sources\n  harvest sources --json | jq ".[] | select(.state != \\"ok\\")"')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      await withApp(ctx, cmd, async (app) => {
        const now = app.clock.now();
        const rows = await readSourceHealth(app.store, app.sources, now);
        ctx.io.out(opts.json ? JSON.stringify(rows, null, 2) : sourcesTable(rows, now, ctx.io.columns));
      });
    });
};
