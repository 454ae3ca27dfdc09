import { useQuery } from '@tanstack/react-query';
import { get, qs, TRIAGE_STATES, type Run, type SignalPage, type SignalStats, type SourceHealth, type Spike, type Volume } from '../api.js';
import { Empty, QueryView } from '../components/states.js';
import { StackedChart } from '../components/StackedChart.js';
import { ago, label, num, sourceName } from '../format.js';
import { href, useUrlState } from '../router.js';
import { SourceState } from './Sources.js';

/**
 * Spikes listed on the overview, newest first. One wave makes several at once (its category, tag,
 * source, story and entities), so 8 showed barely two waves.
 */
const SPIKES_SHOWN = 20;

const WINDOWS = ['24h', '7d', '30d'] as const;
const WINDOW_HOURS: Record<string, number> = { '24h': 24, '7d': 168, '30d': 720 };
const WINDOW_TEXT: Record<string, string> = { '24h': '24 h', '7d': '7 days', '30d': '30 days' };
/** What fills an empty overview: a pipeline run (offline, `harvest demo` brings the bundled data). */
const FILL_HINT = (
  <>
    run <code>harvest pipeline</code> (or <code>harvest demo</code> for the bundled data)
  </>
);

export const Overview = () => {
  const [params, update] = useUrlState();
  const range = WINDOWS.find((w) => w === params.get('window')) ?? '24h';
  const volume = useQuery({ queryKey: ['volume', range, 'category'], queryFn: () => get<Volume>(`/dashboard/volume${qs({ window: range, by: 'category' })}`) });
  const since = new Date(Date.now() - (WINDOW_HOURS[range] ?? 24) * 3_600_000).toISOString();
  const top = useQuery({
    queryKey: ['top', range],
    queryFn: () => get<SignalPage>(`/signals${qs({ sort: 'salience', order: 'desc', pageSize: 8, since: since.slice(0, 16) + ':00.000Z' })}`),
  });
  const stats = useQuery({ queryKey: ['stats'], queryFn: () => get<SignalStats>('/signals/stats') });
  const runs = useQuery({ queryKey: ['runs'], queryFn: () => get<{ runs: Run[] }>('/dashboard/runs?limit=5') });
  const sources = useQuery({ queryKey: ['sources'], queryFn: () => get<{ sources: SourceHealth[] }>('/sources') });
  const spikes = useQuery({ queryKey: ['spikes', range], queryFn: () => get<{ spikes: Spike[] }>(`/spikes${qs({ hours: WINDOW_HOURS[range] ?? 24 })}`) });
  const markers = (spikes.data?.spikes ?? []).filter((s) => s.kind === 'category').map((s) => ({ at: s.startedAt, title: s.explanation }));

  return (
    <div className="page overview">
      <h1>Overview</h1>
      <section className="card wide" aria-labelledby="volume-h">
        <div className="card-head">
          <h2 id="volume-h">Volume by category</h2>
          <div className="segmented" role="group" aria-label="Time window">
            {WINDOWS.map((w) => (
              <button key={w} type="button" aria-pressed={w === range} onClick={() => update({ window: w === '24h' ? undefined : w })}>
                {w}
              </button>
            ))}
          </div>
        </div>
        <QueryView q={volume} what="volume">
          {(v) =>
            v.series.length === 0 ? (
              <Empty>
                No signals in the last {WINDOW_TEXT[range]}: this chart counts items per category as the pipeline fetches and analyses them — {FILL_HINT}.
              </Empty>
            ) : (
              <StackedChart buckets={v.buckets} series={v.series} keys={v.series.map((s) => s.key)} title={`Items per ${v.bucket} by category, last ${range}`} markers={markers} />
            )
          }
        </QueryView>
      </section>

      <section className="card" aria-labelledby="spikes-h">
        <h2 id="spikes-h">Spikes</h2>
        <QueryView q={spikes} what="spikes">
          {(p) =>
            p.spikes.length === 0 ? (
              <Empty>No volume spike in the last {WINDOW_TEXT[range]}: a spike is a series (a category, source, tag or tracked term) breaking from its usual volume for that time of day.</Empty>
            ) : (
              <ul className="spike-list" data-testid="spike-list">
                {p.spikes.slice(0, SPIKES_SHOWN).map((s) => (
                  <li key={s.id}>
                    <span className="badge">{s.endedAt ? 'ended' : 'ongoing'}</span> {s.explanation} <span className="meta">{ago(s.startedAt)}</span>
                  </li>
                ))}
                {p.spikes.length > SPIKES_SHOWN && <li className="meta">{p.spikes.length - SPIKES_SHOWN} more: <code>harvest spikes</code> or <code>GET /spikes</code></li>}
              </ul>
            )
          }
        </QueryView>
      </section>

      <section className="card" aria-labelledby="top-h">
        <h2 id="top-h">Top signals now</h2>
        <QueryView q={top} what="top signals">
          {(p) =>
            p.items.length === 0 ? (
              <Empty>
                No signals in the last {WINDOW_TEXT[range]} — {FILL_HINT}, or pick a longer window.
              </Empty>
            ) : (
              <ol className="top-list" data-testid="top-signals">
                {p.items.map((s) => (
                  <li key={s.id}>
                    <a href={href(`/signals/${s.id}`)}>
                      <span className="salience">{s.salience?.toFixed(1) ?? '—'}</span>
                      <span className="top-text">{s.title ?? s.text}</span>
                    </a>
                    <span className="meta">
                      {label(s.category ?? 'unanalysed')} · {sourceName(s.source)} · {ago(s.createdAt)}
                    </span>
                  </li>
                ))}
              </ol>
            )
          }
        </QueryView>
      </section>

      <div className="overview-side">
        <section className="card" aria-labelledby="triage-h">
          <h2 id="triage-h">Triage</h2>
          <QueryView q={stats} what="counts">
            {(s) => (
              <dl className="counts" data-testid="triage-counts">
                <div>
                  <dt>total</dt>
                  <dd data-count="total">{num(s.total)}</dd>
                </div>
                {TRIAGE_STATES.map((k) => (
                  <div key={k}>
                    <dt>{k}</dt>
                    <dd data-count={k}>
                      <a href={href('/signals', { triage: k })}>{num(s.triage[k])}</a>
                    </dd>
                  </div>
                ))}
              </dl>
            )}
          </QueryView>
        </section>

        <section className="card" aria-labelledby="pipeline-h">
          <h2 id="pipeline-h">Pipeline</h2>
          <QueryView q={runs} what="pipeline runs">
            {(r) =>
              r.runs.length === 0 ? (
                <Empty>The pipeline has not run yet: {FILL_HINT}.</Empty>
              ) : (
                <ul className="runs" data-testid="runs">
                  {r.runs.map((run) => (
                    <li key={run.id}>
                      <span className={`badge run-${run.status}`}>{run.status}</span> run {run.id} ({run.trigger}) {ago(run.finishedAt ?? run.startedAt)}
                      {run.error && <span className="error-text"> — {run.error}</span>}
                    </li>
                  ))}
                </ul>
              )
            }
          </QueryView>
        </section>

        <section className="card" aria-labelledby="sources-h">
          <h2 id="sources-h">
            <a href={href('/sources')}>Sources</a>
          </h2>
          <QueryView q={sources} what="sources">
            {(s) =>
              s.sources.length === 0 ? (
                <Empty>No source is configured: enable one in config/settings.yaml, then {FILL_HINT}.</Empty>
              ) : (
                <ul className="source-health">
                  {s.sources.map((src) => (
                    <li key={src.name}>
                      <SourceState state={src.state} /> <b>{sourceName(src.name)}</b> last success {ago(src.lastSuccessAt)}
                      {src.lastError && (src.state === 'failing' || src.state === 'degraded') && <span className="error-text"> — {src.lastError}</span>}
                      {src.rateLimitedUntil && <span> — rate limited until {new Date(src.rateLimitedUntil).toLocaleTimeString()}</span>}
                    </li>
                  ))}
                </ul>
              )
            }
          </QueryView>
        </section>
      </div>
    </div>
  );
};
