import { useQuery } from '@tanstack/react-query';
import { get, qs, SOURCES, type Story, type StoryDetail as Detail, type StoryPage } from '../api.js';
import { Empty, QueryView } from '../components/states.js';
import { ago, dateTime, num, sourceName } from '../format.js';
import { LabelButtons, MuteButtons, useLabel } from '../labels.js';
import { href, useUrlState } from '../router.js';

const PAGE_SIZE = 30;
const WINDOWS: Record<string, number> = { '24h': 24, '7d': 168, '30d': 720 };

/** The sources of a story, as their brands spell them. */
export const StorySources = ({ sources }: { sources: readonly string[] }) => (
  <span className="story-sources">{sources.map((s) => sourceName(s)).join(' · ')}</span>
);

/** Members per hour as bars, oldest first (the story's timeline). */
export const Timeline = ({ hours }: { hours: Detail['timeline'] }) => {
  const max = Math.max(1, ...hours.map((h) => h.count));
  return (
    <div className="timeline" data-testid="timeline" role="img" aria-label={`Members per hour: ${hours.map((h) => `${h.hour.slice(5, 13).replace('T', ' ')}h ${h.count}`).join(', ')}`}>
      {hours.map((h) => (
        <span key={h.hour} className="timeline-bar" style={{ height: `${Math.max(4, (h.count / max) * 100)}%` }} title={`${dateTime(h.hour)}: ${h.count}`} />
      ))}
    </div>
  );
};

/** One story as a table row: headline (link), salience, members, sources, latest member. */
export const StoryRowView = ({ story }: { story: Story }) => (
  <tr data-story={story.id}>
    <td className="num">{story.salience === null ? '—' : story.salience.toFixed(1)}</td>
    <td>
      <a href={href(`/stories/${story.id}`)}>{story.title || `Story ${story.id}`}</a>
    </td>
    <td className="num" data-testid="story-size">
      {num(story.size)}
    </td>
    <td>
      <StorySources sources={story.sources} />
    </td>
    <td title={dateTime(story.lastAt)}>{ago(story.lastAt)}</td>
  </tr>
);

export const Stories = () => {
  const [params, update] = useUrlState();
  const hours = WINDOWS[params.get('window') ?? ''];
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const filters = {
    minSize: params.get('min') ?? '2',
    source: params.get('source') ?? undefined,
    since: hours === undefined ? undefined : new Date(Math.floor(Date.now() / 60_000) * 60_000 - hours * 3_600_000).toISOString(),
  };
  const list = useQuery({ queryKey: ['stories', filters, page], queryFn: () => get<StoryPage>(`/stories${qs({ ...filters, page, pageSize: PAGE_SIZE })}`), placeholderData: (prev) => prev });
  return (
    <div className="page">
      <h1>Stories</h1>
      <p className="hint">The same news from every source as one story, loudest first.</p>
      <div className="filters">
        <label className="field">
          <span>window</span>
          <select name="window" value={params.get('window') ?? ''} onChange={(e) => update({ window: e.target.value, page: undefined })}>
            <option value="">all time</option>
            {Object.keys(WINDOWS).map((w) => (
              <option key={w} value={w}>
                last {w}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>source</span>
          <select name="source" value={params.get('source') ?? ''} onChange={(e) => update({ source: e.target.value, page: undefined })}>
            <option value="">any</option>
            {SOURCES.map((s) => (
              <option key={s} value={s}>
                {sourceName(s)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span>members</span>
          <select name="min" value={filters.minSize} onChange={(e) => update({ min: e.target.value, page: undefined })}>
            {['1', '2', '5', '10', '25'].map((m) => (
              <option key={m} value={m}>
                {m === '1' ? 'any' : `${m}+`}
              </option>
            ))}
          </select>
        </label>
      </div>
      <QueryView q={list} what="stories">
        {(data) =>
          data.items.length === 0 ? (
            <Empty>No stories match. Run `harvest pipeline`, or widen the filters.</Empty>
          ) : (
            <>
              <table className="signals" data-testid="stories">
                <thead>
                  <tr>
                    <th className="num">Salience</th>
                    <th>Story</th>
                    <th className="num">Members</th>
                    <th>Sources</th>
                    <th>Latest</th>
                  </tr>
                </thead>
                <tbody>
                  {data.items.map((s) => (
                    <StoryRowView key={s.id} story={s} />
                  ))}
                </tbody>
              </table>
              <nav className="pager" aria-label="Pages">
                <span>
                  {num(data.total)} stories · page {page} of {Math.max(1, Math.ceil(data.total / PAGE_SIZE))}
                </span>{' '}
                <button type="button" disabled={page <= 1} onClick={() => update({ page: page - 1 })}>
                  Previous
                </button>{' '}
                <button type="button" disabled={page * PAGE_SIZE >= data.total} onClick={() => update({ page: page + 1 })}>
                  Next
                </button>
              </nav>
            </>
          )
        }
      </QueryView>
    </div>
  );
};

/** One story: headline, figures, salience breakdown, timeline and its latest members. */
export const StoryDetail = ({ id }: { id: number }) => {
  const story = useQuery({ queryKey: ['story', id], queryFn: () => get<Detail>(`/stories/${id}?members=200`) });
  const label = useLabel('stories', id);
  return (
    <div className="page">
      <p>
        <a href={href('/stories')}>← Stories</a>
      </p>
      <QueryView q={story} what="the story">
        {(s) => (
          <>
            <h1 data-testid="story-title">{s.title || `Story ${s.id}`}</h1>
            <LabelButtons target="stories" id={s.id} current={label.data} />
            <MuteButtons rules={[{ kind: 'story', value: String(s.id), text: 'Mute story' }]} />
            <dl className="kv">
              <dt>Members</dt>
              <dd data-testid="story-members-count">{num(s.size)}</dd>
              <dt>Sources</dt>
              <dd>
                <StorySources sources={s.sources} />
              </dd>
              <dt>Authors</dt>
              <dd>{num(s.authors)}</dd>
              <dt>First / latest</dt>
              <dd>
                {dateTime(s.firstAt)} / {dateTime(s.lastAt)}
              </dd>
              <dt>Salience</dt>
              <dd>
                {s.salience === null ? '—' : s.salience.toFixed(1)}
                {s.breakdown && (
                  <span className="hint">
                    {' '}
                    (loudest member {s.breakdown.loudest}, sources +{s.breakdown.sources}, authors +{s.breakdown.authors}, growth +{s.breakdown.growth})
                  </span>
                )}
              </dd>
            </dl>
            <h2>Timeline</h2>
            <Timeline hours={s.timeline} />
            <h2>Members{s.size > s.members.length ? ` (latest ${s.members.length} of ${num(s.size)})` : ''}</h2>
            <table className="signals" data-testid="story-members">
              <thead>
                <tr>
                  <th>When</th>
                  <th>Source</th>
                  <th>Author</th>
                  <th>Signal</th>
                  <th className="num">Salience</th>
                </tr>
              </thead>
              <tbody>
                {s.members.map((m) => (
                  <tr key={m.itemId} data-item={m.itemId}>
                    <td title={dateTime(m.createdAt)}>{ago(m.createdAt)}</td>
                    <td>{sourceName(m.source)}</td>
                    <td>{m.author ? `@${m.author}` : '—'}</td>
                    <td>
                      <a href={href(`/signals/${m.itemId}`)}>{(m.title || m.text).slice(0, 160)}</a>
                    </td>
                    <td className="num">{m.salience === null ? '—' : m.salience.toFixed(1)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </QueryView>
    </div>
  );
};
