import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { get, qs, type Story, type StoryDetail, type StoryPage } from '../api.js';
import { StorySources } from '../pages/Stories.js';
import { ago, num, sourceName } from '../format.js';
import { href } from '../router.js';
import { Empty, QueryView } from './states.js';

const PAGE_SIZE = 50;

/** A story's members, loaded when its row is opened. */
const Members = ({ id }: { id: number }) => {
  const q = useQuery({ queryKey: ['story', id, 'members'], queryFn: () => get<StoryDetail>(`/stories/${id}?members=50`) });
  return (
    <tr className="story-members">
      <td colSpan={5}>
        <QueryView q={q} what="members">
          {(s) => (
            <ul data-testid="group-members">
              {s.members.map((m) => (
                <li key={m.itemId}>
                  <span className="meta">
                    {sourceName(m.source)} · {ago(m.createdAt)} · {m.salience === null ? '—' : m.salience.toFixed(1)}
                  </span>{' '}
                  <a href={href(`/signals/${m.itemId}`)}>{(m.title || m.text).slice(0, 160)}</a>
                </li>
              ))}
              {s.size > s.members.length && (
                <li>
                  <a href={href(`/stories/${id}`)}>all {num(s.size)} members…</a>
                </li>
              )}
            </ul>
          )}
        </QueryView>
      </td>
    </tr>
  );
};

const Group = ({ story }: { story: Story }) => {
  const [open, setOpen] = useState(false);
  return (
    <>
      <tr data-story={story.id}>
        <td>
          <button type="button" className="link" aria-expanded={open} aria-label={`${open ? 'Collapse' : 'Expand'} story ${story.id}`} onClick={() => setOpen((o) => !o)}>
            {open ? '▾' : '▸'}
          </button>
        </td>
        <td className="num">{story.salience === null ? '—' : story.salience.toFixed(1)}</td>
        <td className="text">
          <a href={href(`/stories/${story.id}`)}>{story.title || `Story ${story.id}`}</a>
        </td>
        <td data-testid="group-size">
          {num(story.size)} {story.size === 1 ? 'signal' : 'signals'}
        </td>
        <td>
          <StorySources sources={story.sources} />
        </td>
      </tr>
      {open && <Members id={story.id} />}
    </>
  );
};

/** The signals list grouped by story: one collapsed row per story (members and sources), opened on demand. */
export const StoryGroups = ({ filters, page }: { filters: { search?: string; source?: string; minSalience?: string; since?: string }; page: number }) => {
  const q = useQuery({
    queryKey: ['story-groups', filters, page],
    queryFn: () => get<StoryPage>(`/stories${qs({ search: filters.search, source: filters.source, minSalience: filters.minSalience, since: filters.since, page, pageSize: PAGE_SIZE })}`),
    placeholderData: (prev) => prev,
  });
  return (
    <QueryView q={q} what="stories">
      {(p) =>
        p.items.length === 0 ? (
          <Empty>No stories match these filters.</Empty>
        ) : (
          <div className="table-wrap">
            <table className="signals" data-testid="story-groups">
              <thead>
                <tr>
                  <th scope="col" className="check" />
                  <th scope="col">Salience</th>
                  <th scope="col">Story</th>
                  <th scope="col">Members</th>
                  <th scope="col">Sources</th>
                </tr>
              </thead>
              <tbody>
                {p.items.map((s) => (
                  <Group key={s.id} story={s} />
                ))}
              </tbody>
            </table>
            <p className="hint">
              {num(p.total)} stories (signals of one story share a row; filters by category, sentiment and triage apply to signals only)
            </p>
          </div>
        )
      }
    </QueryView>
  );
};
