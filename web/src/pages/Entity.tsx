import { useQuery } from '@tanstack/react-query';
import { get } from '../api.js';
import { Empty, QueryView } from '../components/states.js';
import { dateTime, num, sourceName } from '../format.js';
import { href } from '../router.js';

/** GET /entities/{id} (src/api/routes/entities/schema.ts). */
interface EntityPage {
  id: number;
  kind: string;
  name: string;
  namespace: string;
  profileUrl: string | null;
  items: number;
  firstSeen: string | null;
  lastSeen: string | null;
  sources: Array<{ source: string; count: number }>;
  topics: Array<{ topic: string; count: number }>;
  merged: Array<{ id: number; fromId: number; name: string; namespace: string; reason: string; undoneAt: string | null }>;
  recent: Array<{ id: number; source: string; title: string | null; text: string; createdAt: string; role: string; topic: string | null }>;
}

export interface SignalEntity {
  id: number;
  kind: string;
  name: string;
  role: string;
}

/** A signal's entities as links to their pages (on the signal detail). */
export const SignalEntities = ({ id }: { id: number }) => {
  const q = useQuery({ queryKey: ['signal-entities', id], queryFn: () => get<{ entities: SignalEntity[] }>(`/signals/${id}/entities`) });
  return (
    <QueryView q={q} what="entities">
      {(d) =>
        d.entities.length === 0 ? (
          <p className="hint">No entities found (they are extracted in every pipeline run).</p>
        ) : (
          <ul className="entity-list" data-testid="signal-entities">
            {d.entities.map((e) => (
              <li key={`${e.id}-${e.role}`}>
                <a href={href(`/entities/${e.id}`)}>{e.name}</a> <span className="meta">{e.kind} · {e.role}</span>
              </li>
            ))}
          </ul>
        )
      }
    </QueryView>
  );
};

/** One entity (issue 16): its items, topics, first/last seen, sources and merged names. */
export const EntityDetail = ({ id }: { id: number }) => {
  const q = useQuery({ queryKey: ['entity', id], queryFn: () => get<EntityPage>(`/entities/${id}`) });
  return (
    <div className="page">
      <QueryView q={q} what="the entity">
        {(e) => (
          <>
            <h1 data-testid="entity-name">{e.name}</h1>
            <p className="meta">
              {e.kind} · {num(e.items)} items · first seen {e.firstSeen ? dateTime(e.firstSeen) : '—'} · last seen {e.lastSeen ? dateTime(e.lastSeen) : '—'}
              {e.profileUrl && (
                <>
                  {' · '}
                  <a href={e.profileUrl} target="_blank" rel="noopener noreferrer">
                    Profile ↗
                  </a>
                </>
              )}
            </p>
            <p className="meta">
              Sources: {e.sources.map((s) => `${sourceName(s.source)} ${num(s.count)}`).join(', ') || '—'} · Topics: {e.topics.map((t) => `${t.topic} ${num(t.count)}`).join(', ') || '—'}
            </p>
            {e.merged.length > 0 && (
              <p className="meta" data-testid="entity-merged">
                Merged: {e.merged.map((m) => `${m.name} (${m.namespace}, ${m.reason}${m.undoneAt ? ', undone' : ''})`).join('; ')}
              </p>
            )}
            <h2>Items</h2>
            {e.recent.length === 0 ? (
              <Empty>No items.</Empty>
            ) : (
              <table className="table" data-testid="entity-items">
                <thead>
                  <tr>
                    <th>When</th>
                    <th>Source</th>
                    <th>Role</th>
                    <th>Topic</th>
                    <th>Item</th>
                  </tr>
                </thead>
                <tbody>
                  {e.recent.map((i) => (
                    <tr key={i.id}>
                      <td>{dateTime(i.createdAt)}</td>
                      <td>{sourceName(i.source)}</td>
                      <td>{i.role}</td>
                      <td>{i.topic ?? '—'}</td>
                      <td>
                        <a href={href(`/signals/${i.id}`)}>{(i.title ?? i.text).slice(0, 120)}</a>
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
