import { useQuery } from '@tanstack/react-query';
import { get, type PartHealth, type SourceHealth, type Volume } from '../api.js';
import { Empty, QueryView } from '../components/states.js';
import { Sparkbars } from '../components/StackedChart.js';
import { ago, dateTime, label, num, sourceName } from '../format.js';

export const SourceState = ({ state }: { state: SourceHealth['state'] }) => <span className={`badge state-${state}`}>{label(state)}</span>;

/** A source's feeds / queries / listings / repositories, each with its own state and last outcome. */
const Parts = ({ parts }: { parts: readonly PartHealth[] }) => (
  <ul className="source-parts" data-testid="parts" aria-label="Feeds and queries">
    {parts.map((p) => (
      <li key={p.key} data-part={p.key}>
        <SourceState state={p.state} /> <b>{p.key}</b>
        {p.target && <span className="hint"> {p.target}</span>}
        <div className="meta">
          {p.state === 'failing' ? (
            <span className="error-text">
              {p.lastError} ({ago(p.lastErrorAt)}, {p.consecutiveFailures} in a row)
            </span>
          ) : p.lastSuccessAt ? (
            <span title={dateTime(p.lastSuccessAt)}>
              {num(p.lastFetchedCount ?? 0)} items, {ago(p.lastSuccessAt)}
            </span>
          ) : (
            'not run yet'
          )}
        </div>
      </li>
    ))}
  </ul>
);

export const Sources = () => {
  const sources = useQuery({ queryKey: ['sources'], queryFn: () => get<{ sources: SourceHealth[] }>('/sources') });
  const volume = useQuery({ queryKey: ['volume', '7d', 'source'], queryFn: () => get<Volume>('/dashboard/volume?window=7d&by=source') });
  return (
    <div className="page">
      <h1>Sources</h1>
      <QueryView q={sources} what="sources">
        {(s) =>
          s.sources.length === 0 ? (
            <Empty>No source is configured or has run yet. Enable one in config/settings.yaml, then run `harvest pipeline`.</Empty>
          ) : (
            <div className="source-grid" data-testid="sources">
              {s.sources.map((src) => {
                const series = volume.data?.series.find((v) => v.key === src.name);
                return (
                  <article key={src.name} className="card source-card" data-source={src.name}>
                    <h2>
                      {sourceName(src.name)} <SourceState state={src.state} />
                    </h2>
                    <dl className="kv">
                      <dt>Enabled</dt>
                      <dd>{src.enabled ? 'yes' : 'no'}</dd>
                      <dt>Items stored</dt>
                      <dd data-testid="items-total">{num(src.itemsTotal)}</dd>
                      <dt>Last success</dt>
                      <dd title={dateTime(src.lastSuccessAt)}>{ago(src.lastSuccessAt)}</dd>
                      <dt>Last fetch</dt>
                      <dd>{src.lastFetchedCount === null ? '—' : `${num(src.lastFetchedCount)} items`}</dd>
                      <dt>Failures in a row</dt>
                      <dd>{src.consecutiveFailures}</dd>
                      {src.lastError && (
                        <>
                          <dt>Last error</dt>
                          <dd className="error-text">
                            {src.lastError} ({ago(src.lastErrorAt)})
                          </dd>
                        </>
                      )}
                      {src.rateLimitedUntil && (
                        <>
                          <dt>Rate limited until</dt>
                          <dd>{dateTime(src.rateLimitedUntil)}</dd>
                        </>
                      )}
                    </dl>
                    {src.parts.length > 0 && <Parts parts={src.parts} />}
                    <div className="spark">
                      {series && <span className="hint">Items per day, last 7 days ({num(series.total)})</span>}
                      {series ? (
                        <Sparkbars counts={series.counts} title={`${sourceName(src.name)}: items per day, last 7 days`} />
                      ) : volume.isPending ? null : (
                        <p className="hint empty-chart">
                          No items in the last 7 days —{' '}
                          {src.enabled ? (
                            <>
                              run <code>harvest pipeline</code> to fetch.
                            </>
                          ) : (
                            <>
                              enable it in config/settings.yaml, then run <code>harvest pipeline</code>.
                            </>
                          )}
                        </p>
                      )}
                    </div>
                  </article>
                );
              })}
            </div>
          )
        }
      </QueryView>
    </div>
  );
};
