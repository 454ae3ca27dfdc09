import { useQuery } from '@tanstack/react-query';
import { get } from '../api.js';
import { Empty, QueryView } from '../components/states.js';
import { dateTime } from '../format.js';
import { useUrlState } from '../router.js';

/** One config's figures in a backtest (src/feedback/backtest.ts). */
interface ConfigResult {
  name: string;
  precisionAtK: number;
  recallAtK: number;
  ndcgAtK: number;
  thresholdPrecision: number;
  thresholdRecall: number;
  notified: number;
  modelDays: number;
}

/** A stored backtest, as `GET /experiments` answers (src/api/routes/experiments). */
export interface Experiment {
  id: number;
  createdAt: string;
  winner: string | null;
  params: { configs: string[]; k: number; from: string | null; to: string | null; relevance: boolean };
  result: { k: number; signals: number; labelled: number; relevant: number; days: number; withModel: boolean; configs: ConfigResult[]; winner: string | null };
}

const ROWS: Array<{ label: (k: number) => string; value: (c: ConfigResult) => string }> = [
  { label: (k) => `precision@${k}`, value: (c) => c.precisionAtK.toFixed(3) },
  { label: (k) => `recall@${k}`, value: (c) => c.recallAtK.toFixed(3) },
  { label: (k) => `nDCG@${k}`, value: (c) => c.ndcgAtK.toFixed(3) },
  { label: () => 'precision at threshold', value: (c) => c.thresholdPrecision.toFixed(3) },
  { label: () => 'recall at threshold', value: (c) => c.thresholdRecall.toFixed(3) },
  { label: () => 'notified', value: (c) => String(c.notified) },
  { label: () => 'days with the model', value: (c) => String(c.modelDays) },
];

/** The configs of one backtest side by side, the winner marked. */
const Comparison = ({ e }: { e: Experiment }) => (
  <section data-testid="experiment-comparison" data-experiment={e.id}>
    <h2>Experiment {e.id}</h2>
    <p>
      {e.result.signals} signals, {e.result.labelled} labelled ({e.result.relevant} relevant), {e.result.days} days graded
      {e.params.from || e.params.to ? `, ${e.params.from ?? '…'} → ${e.params.to ?? '…'}` : ''}
      {e.result.withModel ? '; relevance model replayed without look-ahead' : ''}.
    </p>
    <table>
      <thead>
        <tr>
          <th />
          {e.result.configs.map((c) => (
            <th key={c.name} scope="col" data-winner={c.name === e.winner ? 'true' : undefined}>
              {c.name}
              {c.name === e.winner ? ' ★' : ''}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {ROWS.map((r) => (
          <tr key={r.label(e.result.k)}>
            <th scope="row">{r.label(e.result.k)}</th>
            {e.result.configs.map((c) => (
              <td key={c.name}>{r.value(c)}</td>
            ))}
          </tr>
        ))}
      </tbody>
    </table>
    <p data-testid="experiment-winner">{e.winner ? `Winner: ${e.winner} (highest nDCG@${e.result.k})` : 'No winner: no day had a signal labelled relevant.'}</p>
  </section>
);

/** Backtests (issue 18): every run of `harvest backtest`, and the chosen one's configs compared. */
export const Experiments = () => {
  const [params, update] = useUrlState();
  const q = useQuery({ queryKey: ['experiments'], queryFn: () => get<{ experiments: Experiment[] }>('/experiments?limit=100') });
  return (
    <div className="page">
      <h1>Experiments</h1>
      <QueryView q={q} what="experiments">
        {(d) => {
          if (d.experiments.length === 0) return <Empty>No backtests yet: run <code>harvest backtest --config a.yaml --config b.yaml</code>.</Empty>;
          const chosen = d.experiments.find((e) => String(e.id) === params.get('id')) ?? d.experiments[0];
          return (
            <>
              {chosen && <Comparison e={chosen} />}
              <h2>All runs</h2>
              <table data-testid="experiments">
                <thead>
                  <tr>
                    <th>Id</th>
                    <th>When</th>
                    <th>Configs</th>
                    <th>Winner</th>
                  </tr>
                </thead>
                <tbody>
                  {d.experiments.map((e) => (
                    <tr key={e.id} data-experiment={e.id} aria-selected={e.id === chosen?.id}>
                      <td>
                        <button type="button" onClick={() => update({ id: String(e.id) })}>
                          {e.id}
                        </button>
                      </td>
                      <td>{dateTime(e.createdAt)}</td>
                      <td>{e.params.configs.join(' vs ')}</td>
                      <td>{e.winner ?? '—'}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          );
        }}
      </QueryView>
    </div>
  );
};
