import { useQuery } from '@tanstack/react-query';
import { get } from '../api.js';
import { StackedChart } from '../components/StackedChart.js';
import { Empty, QueryView } from '../components/states.js';
import { num } from '../format.js';
import { href } from '../router.js';
import { topicVolume } from './topic-volume.js';

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
  daily: Array<{ day: string; count: number }>;
}

/** The window and the 4 windows of baseline before it, in days (GET /topics?window=14d). */
const WINDOW_DAYS = 14;
const CHART_DAYS = WINDOW_DAYS * 5;

/** Topics (issue 16): volume per topic over time, and the topics ranked by growth over 14 days. */
export const Topics = () => {
  const trending = useQuery({ queryKey: ['topics', '14d'], queryFn: () => get<{ window: string; topics: TrendingTopic[] }>('/topics?window=14d') });
  return (
    <div className="page">
      <h1>Topics</h1>
      <p className="hint">
        Research topics the pipeline gives items (ADR 0024); items under the confidence threshold get none. Scored research items are on the{' '}
        <a href={href('/discoveries')}>Discoveries</a> page.
      </p>
      <QueryView q={trending} what="topics">
        {(t) => {
          if (t.topics.every((x) => x.count + x.baseline === 0)) return <Empty>No topics yet: the pipeline assigns them after analysis (`harvest pipeline`).</Empty>;
          const volume = topicVolume(t.topics, new Date(), CHART_DAYS);
          return (
            <>
              <section className="card" aria-labelledby="volume-h">
                <h2 id="volume-h">Volume per topic, last {CHART_DAYS} days</h2>
                <StackedChart buckets={volume.buckets} series={volume.series} keys={t.topics.map((x) => x.name)} title={`Items per day by topic, last ${CHART_DAYS} days`} />
              </section>
              <h2>Growth ranking, last {WINDOW_DAYS} days</h2>
              <table className="table" data-testid="trending">
                <thead>
                  <tr>
                    <th>#</th>
                    <th>Topic</th>
                    <th>Items</th>
                    <th>Baseline (4 windows)</th>
                    <th>Growth</th>
                    <th>Top items</th>
                  </tr>
                </thead>
                <tbody>
                  {t.topics.map((x, i) => (
                    <tr key={x.name} data-topic={x.name}>
                      <td data-testid="rank">{i + 1}</td>
                      <td>{x.name}</td>
                      <td data-testid="count">{num(x.count)}</td>
                      <td>{num(x.baseline)}</td>
                      <td data-testid="growth">×{x.growth}</td>
                      <td>{x.topItems.map((it) => (it.title ?? it.text).slice(0, 60)).join(' · ')}</td>
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
