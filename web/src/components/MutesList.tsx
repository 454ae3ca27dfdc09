import { dateTime } from '../format.js';
import { useMuteActions, useMutes } from '../labels.js';
import { useRole } from '../role.js';
import { QueryView } from './states.js';

/** The mute rules (Settings): what is hidden from lists and never notified, each removable. */
export const MutesList = () => {
  const mutes = useMutes();
  const { remove } = useMuteActions();
  const { canWrite, writeTitle } = useRole();
  return (
    <section className="card" aria-labelledby="mutes-h">
      <h2 id="mutes-h">Mutes</h2>
      <p className="hint">Muted signals and stories are still stored and scored, never notified, and hidden from lists (the API shows them with <code>?muted=include</code>). Add one from a signal or a story, or with <code>harvest mute</code>.</p>
      <QueryView q={mutes} what="the mute rules">
        {(rows) =>
          rows.length === 0 ? (
            <p className="hint">No mute rules.</p>
          ) : (
            <table className="signals" data-testid="mutes">
              <thead>
                <tr>
                  <th>Kind</th>
                  <th>Value</th>
                  <th>By</th>
                  <th>Since</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {rows.map((m) => (
                  <tr key={m.id} data-mute={m.id}>
                    <td>{m.kind}</td>
                    <td>{m.value}</td>
                    <td>{m.actor}</td>
                    <td>{dateTime(m.createdAt)}</td>
                    <td>
                      <button type="button" disabled={!canWrite || remove.isPending} title={writeTitle} onClick={() => remove.mutate(m.id)}>
                        Unmute
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )
        }
      </QueryView>
    </section>
  );
};
