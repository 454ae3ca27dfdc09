import { useQueryClient } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { request, streamJob, TRIAGE_STATES, type Job, type TriageState } from '../api.js';
import { num } from '../format.js';
import { useRole } from '../role.js';

interface BulkState {
  /** Undefined while the job is being started, or when it could not be. */
  job?: Job;
  label: string;
  error?: string;
}

/**
 * The bulk actions on the selected signals (set triage, delete) as jobs with live progress (SSE)
 * and cancel. Disabled, with a tooltip, for a read-only key.
 */
export const BulkBar = ({ count, ids, onDone, summary }: { count: number; ids: () => Promise<number[]>; onDone: () => void; summary: ReactNode }) => {
  const client = useQueryClient();
  const { canWrite, writeTitle } = useRole();
  const [bulk, setBulk] = useState<BulkState | null>(null);
  const [triage, setTriage] = useState<TriageState>('acknowledged');
  const running = bulk !== null && (bulk.job === undefined ? bulk.error === undefined : bulk.job.status === 'queued' || bulk.job.status === 'running');

  const run = async (kind: 'triage' | 'delete') => {
    if (kind === 'delete' && !window.confirm(`Delete ${num(count)} signals? This cannot be undone.`)) return;
    const what = kind === 'delete' ? 'Deleting' : `Setting triage ${triage} on`;
    setBulk({ label: `${what} ${num(count)} signals` });
    try {
      const chosen = await ids();
      const body = kind === 'delete' ? { ids: chosen } : { ids: chosen, triage };
      const { jobId } = await request<{ jobId: string }>('POST', `/signals/bulk/${kind}`, body);
      const text = `${what} ${num(chosen.length)} signals`;
      setBulk({ job: { id: jobId, kind, status: 'queued', total: chosen.length, done: 0, failed: 0, cancelRequested: false }, label: text });
      await streamJob(jobId, (e) => setBulk({ job: e.job, label: text }));
      onDone();
      await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'whoami' });
    } catch (err) {
      // A job that never started shows the reason only, not a meaningless "0/0".
      setBulk((b) => ({ job: b?.job, label: b?.label ?? what, error: err instanceof Error ? err.message : String(err) }));
    }
  };
  const cancel = async () => {
    if (!bulk?.job) return;
    try {
      await request('POST', `/bulk-jobs/${encodeURIComponent(bulk.job.id)}/cancel`);
    } catch (err) {
      setBulk({ ...bulk, error: err instanceof Error ? err.message : String(err) });
    }
  };

  const job = bulk?.job;
  const pct = job && job.total > 0 ? Math.round((job.done / job.total) * 100) : job?.status === 'succeeded' ? 100 : 0;
  const disabled = count === 0 || running || !canWrite;
  return (
    <>
      <div className="bulk-bar" aria-live="polite">
        {summary}
        <label className="field inline">
          <span>Set triage</span>
          <select name="bulk-triage" value={triage} onChange={(e) => setTriage(e.target.value as TriageState)} disabled={!canWrite} title={writeTitle}>
            {TRIAGE_STATES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <button type="button" disabled={disabled} title={writeTitle} onClick={() => void run('triage')}>
          Apply
        </button>
        <button type="button" className="danger" disabled={disabled} title={writeTitle} onClick={() => void run('delete')}>
          Delete
        </button>
        {!canWrite && writeTitle && <span className="hint" data-testid="read-only">Read-only key: browsing only.</span>}
      </div>

      {bulk && (
        <div className={`job job-${job?.status ?? (bulk.error ? 'failed' : 'queued')}`} data-testid="bulk-job" role="status">
          {job ? (
            <>
              <span>
                {bulk.label}: <b data-testid="job-status">{job.status}</b>{' '}
                <span data-testid="job-count">
                  {num(job.done)}/{num(job.total)}
                </span>
                {job.failed > 0 && `, ${job.failed} not found`}
              </span>
              <progress max={100} value={pct} aria-label="Bulk job progress" />
              <span data-testid="job-percent">{pct} %</span>
            </>
          ) : (
            <span>{bulk.error ? `${bulk.label}: could not start` : `${bulk.label}: starting…`}</span>
          )}
          {running && job ? (
            <button type="button" onClick={() => void cancel()} disabled={job.cancelRequested}>
              {job.cancelRequested ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : (
            <button type="button" className="link" onClick={() => setBulk(null)}>
              Dismiss
            </button>
          )}
          {bulk.error && <span className="error-text">{bulk.error}</span>}
        </div>
      )}
    </>
  );
};
