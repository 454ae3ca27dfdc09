import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { get, qs, request } from '../api.js';
import { Empty, QueryView } from '../components/states.js';
import { ago, dateTime } from '../format.js';
import { useRole } from '../role.js';
import { useUrlState } from '../router.js';

/** One delivery attempt, as `GET /deliveries` answers (src/api/routes/deliveries). */
export interface Delivery {
  id: number;
  batchId: string;
  channel: string;
  kind: 'single' | 'digest' | 'story' | 'discovery';
  itemCount: number;
  attempt: number;
  outcome: 'sent' | 'retry' | 'dead' | 'failed' | 'unknown' | 'gone';
  statusCode: number | null;
  latencyMs: number;
  error: string | null;
  nextRetryAt: string | null;
  createdAt: string;
}

interface DeliveriesBody {
  deliveries: Delivery[];
  nextBefore: number | null;
  disabledChannels: Array<{ channel: string; disabledAt: string; reason: string }>;
}

const OUTCOMES = ['sent', 'retry', 'dead', 'failed', 'unknown', 'gone'] as const;

/** Notification deliveries: every attempt on every channel, with a redeliver button (admin key). */
export const Deliveries = () => {
  const [params, update] = useUrlState();
  const outcome = params.get('outcome') ?? '';
  const channel = params.get('channel') ?? '';
  const { canWrite, writeTitle } = useRole();
  const client = useQueryClient();
  const q = useQuery({
    queryKey: ['deliveries', outcome, channel],
    queryFn: () => get<DeliveriesBody>(`/deliveries${qs({ outcome: outcome || undefined, channel: channel || undefined, limit: 100 })}`),
  });
  const redeliver = useMutation({
    mutationFn: (id: number) => request<{ requeued: number; channel: string }>('POST', `/deliveries/${id}/redeliver`),
    onSettled: () => client.invalidateQueries({ queryKey: ['deliveries'] }),
  });
  return (
    <div className="page">
      <h1>Deliveries</h1>
      <div className="filters">
        <label>
          Outcome{' '}
          <select value={outcome} onChange={(e) => update({ outcome: e.target.value })} data-testid="outcome-filter">
            <option value="">any</option>
            {OUTCOMES.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
        </label>
        <label>
          Channel <input value={channel} placeholder="webhook:ops" onChange={(e) => update({ channel: e.target.value })} />
        </label>
      </div>
      {redeliver.data && (
        <p role="status" data-testid="redeliver-status">
          Re-queued {redeliver.data.requeued} on {redeliver.data.channel}; the next notify run sends it.
        </p>
      )}
      {redeliver.error && (
        <p role="alert" className="error-text">
          {redeliver.error.message}
        </p>
      )}
      <QueryView q={q} what="deliveries">
        {(d) => (
          <>
            {d.disabledChannels.length > 0 && (
              <ul className="error-text" data-testid="disabled-channels">
                {d.disabledChannels.map((c) => (
                  <li key={c.channel}>
                    {c.channel} is disabled since {dateTime(c.disabledAt)}: {c.reason}
                  </li>
                ))}
              </ul>
            )}
            {d.deliveries.length === 0 ? (
              <Empty>No delivery yet. Configure a channel (notify in config/settings.yaml) and run `harvest notify`.</Empty>
            ) : (
              <table className="table" data-testid="deliveries">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Channel</th>
                    <th>Outcome</th>
                    <th>Status</th>
                    <th>Latency</th>
                    <th>Attempt</th>
                    <th>Items</th>
                    <th>Error / next retry</th>
                    <th />
                  </tr>
                </thead>
                <tbody>
                  {d.deliveries.map((x) => (
                    <tr key={x.id} data-delivery={x.id} data-outcome={x.outcome}>
                      <td title={dateTime(x.createdAt)}>{ago(x.createdAt)}</td>
                      <td>{x.channel}</td>
                      <td>
                        <span className={`badge outcome-${x.outcome}`}>{x.outcome}</span>
                      </td>
                      <td>{x.statusCode ?? '—'}</td>
                      <td>{x.latencyMs} ms</td>
                      <td>{x.attempt}</td>
                      <td>
                        {x.itemCount} {x.kind === 'single' ? '' : `(${x.kind})`}
                      </td>
                      <td className={x.error ? 'error-text' : undefined}>
                        {x.error ?? ''}
                        {x.nextRetryAt ? ` — next retry ${dateTime(x.nextRetryAt)}` : ''}
                      </td>
                      <td>
                        {x.outcome !== 'retry' && (
                          <button type="button" disabled={!canWrite || redeliver.isPending} title={writeTitle} onClick={() => redeliver.mutate(x.id)}>
                            Redeliver
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </>
        )}
      </QueryView>
    </div>
  );
};
