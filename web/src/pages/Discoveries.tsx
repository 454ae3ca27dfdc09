import { useQuery } from '@tanstack/react-query';
import { get } from '../api.js';
import { Empty, QueryView } from '../components/states.js';
import { ago, dateTime } from '../format.js';
import { href, useUrlState } from '../router.js';

interface Breakdown {
  novelty: number;
  emergence: number;
  echo: number;
  obscurity: number;
  recency: number;
}
interface Discovery {
  id: number;
  source: string;
  title: string | null;
  url: string | null;
  topic: string | null;
  score: number;
  breakdown: Breakdown;
  createdAt: string;
}

const PARTS: Array<{ key: keyof Breakdown; what: string }> = [
  { key: 'novelty', what: "distance from its topic's centroid" },
  { key: 'emergence', what: "its topic's volume in the window against its baseline" },
  { key: 'echo', what: 'sources its story spans' },
  { key: 'obscurity', what: 'how little known its author is' },
  { key: 'recency', what: 'halves every half-life' },
];
const HOURS = ['72', '168', '720'] as const;

/** One part as a number and a bar (0–100). */
const Part = ({ value, name }: { value: number; name: string }) => (
  <td data-part={name} title={`${name}: ${value.toFixed(1)}`}>
    <span className="part-bar" style={{ width: `${Math.max(1, value) * 0.4}px` }} aria-hidden="true" />
    <span data-testid="part-value">{Math.round(value)}</span>
  </td>
);

/** Discoveries (issue 16): research items by discovery score, each with its breakdown. */
export const Discoveries = () => {
  const [params, update] = useUrlState();
  const hours = HOURS.includes(params.get('hours') as (typeof HOURS)[number]) ? (params.get('hours') as string) : '720';
  const q = useQuery({ queryKey: ['discoveries', hours], queryFn: () => get<{ items: Discovery[] }>(`/discoveries?hours=${hours}&limit=50`) });
  return (
    <div className="page">
      <h1>Discoveries</h1>
      <p className="hint">
        Research items (arXiv, GitHub, posts linking them) scored 0–100 as the weighted mean of five parts:{' '}
        {PARTS.map((p) => `${p.key} (${p.what})`).join(', ')}. Topics and their volume are on the <a href={href('/topics')}>Topics</a> page.
      </p>
      <label>
        Created within{' '}
        <select value={hours} onChange={(e) => update({ hours: e.target.value })}>
          {HOURS.map((h) => (
            <option key={h} value={h}>
              {Number(h) / 24} days
            </option>
          ))}
        </select>
      </label>
      <QueryView q={q} what="discoveries">
        {(d) =>
          d.items.length === 0 ? (
            <Empty>No discoveries yet: research items are scored when the pipeline gives them a topic.</Empty>
          ) : (
            <table className="table" data-testid="discoveries">
              <thead>
                <tr>
                  <th>Score</th>
                  {PARTS.map((p) => (
                    <th key={p.key} title={p.what}>
                      {p.key}
                    </th>
                  ))}
                  <th>Topic</th>
                  <th>Item</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((x) => (
                  <tr key={x.id} data-discovery={x.id}>
                    <td data-testid="score">{x.score.toFixed(1)}</td>
                    {PARTS.map((p) => (
                      <Part key={p.key} name={p.key} value={x.breakdown[p.key]} />
                    ))}
                    <td>{x.topic ?? '—'}</td>
                    <td title={dateTime(x.createdAt)}>
                      <a href={href(`/signals/${x.id}`)}>[{x.source}] {x.title}</a> <span className="hint">{ago(x.createdAt)}</span>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </div>
  );
};
