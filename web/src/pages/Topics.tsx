import { useQuery } from '@tanstack/react-query';
import { get } from '../api.js';
import { Empty, QueryView } from '../components/states.js';
import { ago, dateTime, num } from '../format.js';

interface TopicItem {
  id: number;
  source: string;
  title: string | null;
  text: string;
}
interface TrendingTopic {
  name: string;
  count: number;
  baseline: number;
  growth: number;
  topItems: TopicItem[];
}
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
  topic: string | null;
  score: number;
  breakdown: Breakdown;
  createdAt: string;
}

const PARTS: Array<keyof Breakdown> = ['novelty', 'emergence', 'echo', 'obscurity', 'recency'];

/** Topics (issue 16): trending topics over 14 days, growth ranked, and the discoveries with their breakdown. */
export const Topics = () => {
  const trending = useQuery({ queryKey: ['topics', '14d'], queryFn: () => get<{ window: string; topics: TrendingTopic[] }>('/topics?window=14d') });
  const discoveries = useQuery({ queryKey: ['discoveries'], queryFn: () => get<{ items: Discovery[] }>('/discoveries?hours=720&limit=20') });
  return (
    <div className="page">
      <h1>Topics</h1>
      <h2>Trending, last 14 days</h2>
      <QueryView q={trending} what="topics">
        {(t) =>
          t.topics.length === 0 ? (
            <Empty>No topics yet: the pipeline assigns them after analysis (`harvest pipeline`).</Empty>
          ) : (
            <table className="table" data-testid="trending">
              <thead>
                <tr>
                  <th>Topic</th>
                  <th>Items</th>
                  <th>Baseline (4 windows)</th>
                  <th>Growth</th>
                  <th>Top items</th>
                </tr>
              </thead>
              <tbody>
                {t.topics.map((x) => (
                  <tr key={x.name} data-topic={x.name}>
                    <td>{x.name}</td>
                    <td data-testid="count">{num(x.count)}</td>
                    <td>{num(x.baseline)}</td>
                    <td data-testid="growth">×{x.growth}</td>
                    <td>{x.topItems.map((i) => (i.title ?? i.text).slice(0, 60)).join(' · ')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
      <h2>Discoveries</h2>
      <QueryView q={discoveries} what="discoveries">
        {(d) =>
          d.items.length === 0 ? (
            <Empty>No discoveries yet: research items (arXiv, GitHub, posts linking them) are scored when they get their topic.</Empty>
          ) : (
            <table className="table" data-testid="discoveries">
              <thead>
                <tr>
                  <th>Score</th>
                  {PARTS.map((p) => (
                    <th key={p}>{p}</th>
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
                      <td key={p} data-part={p}>
                        {Math.round(x.breakdown[p])}
                      </td>
                    ))}
                    <td>{x.topic ?? '—'}</td>
                    <td title={dateTime(x.createdAt)}>
                      [{x.source}] {x.title} <span className="hint">{ago(x.createdAt)}</span>
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
