import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { CATEGORIES, get, qs, request, SENTIMENTS, SOURCES, STATUSES, streamJob, type Job, type SignalPage, type SignalStatus } from '../api.js';
import { Empty, QueryView } from '../components/states.js';
import { ago, label, num } from '../format.js';
import { href, navigate, useUrlState } from '../router.js';

const PAGE_SIZE = 50;
const MAX_BULK = 10_000;
const WINDOWS: Record<string, number> = { '24h': 24, '7d': 168, '30d': 720 };
const SORTS = ['createdAt', 'salience', 'updatedAt', 'status'] as const;

/** The filters the URL holds, as the API's query parameters. */
const apiFilters = (p: URLSearchParams) => {
  const hours = WINDOWS[p.get('window') ?? ''];
  return {
    search: p.get('q') ?? undefined,
    status: p.get('status') ?? undefined,
    source: p.get('source') ?? undefined,
    category: p.get('category') ?? undefined,
    sentiment: p.get('sentiment') ?? undefined,
    minSalience: p.get('min') ?? undefined,
    // Rounded to the minute, so the query key (and cache) is stable while the page is open.
    since: hours === undefined ? undefined : new Date(Math.floor(Date.now() / 60_000) * 60_000 - hours * 3_600_000).toISOString(),
    sort: SORTS.find((s) => s === p.get('sort')) ?? 'createdAt',
    order: p.get('order') === 'asc' ? 'asc' : 'desc',
  };
};

const Select = ({ name, value, options, onChange, all = 'any' }: { name: string; value: string; options: readonly string[]; onChange: (v: string) => void; all?: string }) => (
  <label className="field">
    <span>{name}</span>
    <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{all}</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {label(o)}
        </option>
      ))}
    </select>
  </label>
);

interface BulkState {
  job: Job;
  label: string;
  error?: string;
}

export const Signals = () => {
  const [params, update] = useUrlState();
  const filters = apiFilters(params);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const client = useQueryClient();
  const list = useQuery({
    queryKey: ['signals', filters, page],
    queryFn: () => get<SignalPage>(`/signals${qs({ ...filters, page, pageSize: PAGE_SIZE })}`),
    placeholderData: (prev) => prev,
  });

  // Search box: typed locally, written to the URL after a pause.
  const q = params.get('q') ?? '';
  const [search, setSearch] = useState(q);
  // The URL wins when it changes (back button, a link); typing changes it after a pause.
  useEffect(() => setSearch(q), [q]);
  useEffect(() => {
    if (search === q) return;
    const t = setTimeout(() => update({ q: search, page: undefined }), 300);
    return () => clearTimeout(t);
  }, [search, q, update]);
  const setFilter = (key: string, value: string) => update({ [key]: value, page: undefined });

  // Selection: ids on screen, or "all matching" the filters.
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [allMatching, setAllMatching] = useState(false);
  const filterKey = JSON.stringify(filters);
  useEffect(() => {
    setSelected(new Set());
    setAllMatching(false);
  }, [filterKey]);
  const items = useMemo(() => list.data?.items ?? [], [list.data]);
  const total = list.data?.total ?? 0;
  const pageIds = items.map((s) => s.id);
  const allOnPage = pageIds.length > 0 && pageIds.every((id) => selected.has(id));
  const toggle = (id: number) =>
    setSelected((prev) => {
      const next = new Set(prev);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const selectedCount = allMatching ? total : selected.size;

  // Bulk jobs with live progress (SSE) and cancel.
  const [bulk, setBulk] = useState<BulkState | null>(null);
  const [bulkStatus, setBulkStatus] = useState<SignalStatus>('inactive');
  const running = bulk !== null && (bulk.job.status === 'queued' || bulk.job.status === 'running');
  const matchingIds = async (): Promise<number[]> => {
    const { sort: _sort, order: _order, ...only } = filters;
    return (await get<{ ids: number[] }>(`/dashboard/signal-ids${qs({ ...only, limit: MAX_BULK })}`)).ids;
  };
  const runBulk = async (kind: 'status' | 'delete') => {
    if (kind === 'delete' && !window.confirm(`Delete ${num(selectedCount)} signals? This cannot be undone.`)) return;
    const what = kind === 'delete' ? 'Deleting' : `Setting status ${bulkStatus} on`;
    try {
      const ids = allMatching ? await matchingIds() : [...selected];
      const path = kind === 'delete' ? '/signals/bulk/delete' : '/signals/bulk/status';
      const { jobId } = await request<{ jobId: string }>('POST', path, kind === 'delete' ? { ids } : { ids, status: bulkStatus });
      const text = `${what} ${num(ids.length)} signals`;
      setBulk({ job: { id: jobId, kind, status: 'queued', total: ids.length, done: 0, failed: 0, cancelRequested: false }, label: text });
      await streamJob(jobId, (e) => setBulk({ job: e.job, label: text }));
      setSelected(new Set());
      setAllMatching(false);
      await client.invalidateQueries();
    } catch (err) {
      setBulk((b) => ({ job: b?.job ?? { id: '', kind, status: 'failed', total: 0, done: 0, failed: 0, cancelRequested: false }, label: what, error: err instanceof Error ? err.message : String(err) }));
    }
  };
  const cancel = async () => {
    if (!bulk) return;
    try {
      await request('POST', `/bulk-jobs/${encodeURIComponent(bulk.job.id)}/cancel`);
    } catch (err) {
      setBulk({ ...bulk, error: err instanceof Error ? err.message : String(err) });
    }
  };

  // Keyboard: j/k or arrows move between rows, Enter opens, x (or space) selects, / searches.
  const table = useRef<HTMLTableSectionElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === '/' && !(e.target instanceof HTMLInputElement || e.target instanceof HTMLSelectElement)) {
        e.preventDefault();
        searchBox.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, id: number, index: number) => {
    const rows = table.current?.querySelectorAll<HTMLTableRowElement>('tr[data-id]');
    if (e.key === 'ArrowDown' || e.key === 'j') {
      e.preventDefault();
      rows?.[Math.min(index + 1, rows.length - 1)]?.focus();
    } else if (e.key === 'ArrowUp' || e.key === 'k') {
      e.preventDefault();
      rows?.[Math.max(index - 1, 0)]?.focus();
    } else if (e.key === 'Enter') {
      navigate(href(`/signals/${id}`));
    } else if (e.key === 'x' || e.key === ' ') {
      e.preventDefault();
      toggle(id);
    }
  };

  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const sortBy = (col: (typeof SORTS)[number]) =>
    update({ sort: col === 'createdAt' ? undefined : col, order: filters.sort === col && filters.order === 'desc' ? 'asc' : undefined, page: undefined });
  const sortMark = (col: string) => (filters.sort === col ? (filters.order === 'desc' ? ' ↓' : ' ↑') : '');
  const ariaSort = (col: string) => (filters.sort === col ? (filters.order === 'desc' ? 'descending' : 'ascending') : 'none');
  const pct = bulk && bulk.job.total > 0 ? Math.round((bulk.job.done / bulk.job.total) * 100) : bulk?.job.status === 'succeeded' ? 100 : 0;

  return (
    <div className="page">
      <h1>Signals</h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="field grow">
          <span>Search</span>
          <input ref={searchBox} name="q" type="search" placeholder="text, title or author  ( / )" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <Select name="status" value={params.get('status') ?? ''} options={STATUSES} onChange={(v) => setFilter('status', v)} />
        <Select name="source" value={params.get('source') ?? ''} options={SOURCES} onChange={(v) => setFilter('source', v)} />
        <Select name="category" value={params.get('category') ?? ''} options={CATEGORIES} onChange={(v) => setFilter('category', v)} />
        <Select name="sentiment" value={params.get('sentiment') ?? ''} options={SENTIMENTS} onChange={(v) => setFilter('sentiment', v)} />
        <label className="field narrow">
          <span>min salience</span>
          <input name="min" type="number" min={0} max={100} step={1} value={params.get('min') ?? ''} onChange={(e) => setFilter('min', e.target.value)} />
        </label>
        <Select name="window" value={params.get('window') ?? ''} options={Object.keys(WINDOWS)} onChange={(v) => setFilter('window', v)} all="all time" />
      </form>

      <div className="bulk-bar" aria-live="polite">
        <span data-testid="selection">
          {selectedCount > 0 ? `${num(selectedCount)} selected` : `${num(total)} signals`}
          {allOnPage && !allMatching && total > pageIds.length && (
            <button type="button" className="link" onClick={() => setAllMatching(true)}>
              Select all {num(Math.min(total, MAX_BULK))} matching
            </button>
          )}
          {allMatching && total > MAX_BULK && <span className="hint"> (the first {num(MAX_BULK)} are changed per job)</span>}
        </span>
        <label className="field inline">
          <span>Set status</span>
          <select name="bulk-status" value={bulkStatus} onChange={(e) => setBulkStatus(e.target.value as SignalStatus)}>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <button type="button" disabled={selectedCount === 0 || running} onClick={() => void runBulk('status')}>
          Apply
        </button>
        <button type="button" className="danger" disabled={selectedCount === 0 || running} onClick={() => void runBulk('delete')}>
          Delete
        </button>
      </div>

      {bulk && (
        <div className={`job job-${bulk.job.status}`} data-testid="bulk-job" role="status">
          <span>
            {bulk.label}: <b data-testid="job-status">{bulk.job.status}</b>{' '}
            <span data-testid="job-count">
              {num(bulk.job.done)}/{num(bulk.job.total)}
            </span>
            {bulk.job.failed > 0 && `, ${bulk.job.failed} failed`}
          </span>
          <progress max={100} value={pct} aria-label="Bulk job progress" />
          <span data-testid="job-percent">{pct} %</span>
          {running ? (
            <button type="button" onClick={() => void cancel()} disabled={bulk.job.cancelRequested}>
              {bulk.job.cancelRequested ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : (
            <button type="button" className="link" onClick={() => setBulk(null)}>
              Dismiss
            </button>
          )}
          {bulk.error && <span className="error-text">{bulk.error}</span>}
        </div>
      )}

      <QueryView q={list} what="signals">
        {(p) =>
          p.items.length === 0 ? (
            <Empty>No signals match these filters.</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table className="signals" data-testid="signals-table">
                  <thead>
                    <tr>
                      <th scope="col" className="check">
                        <input
                          type="checkbox"
                          aria-label="Select every signal on this page"
                          checked={allOnPage}
                          onChange={() => {
                            setAllMatching(false);
                            setSelected(allOnPage ? new Set() : new Set(pageIds));
                          }}
                        />
                      </th>
                      <th scope="col" aria-sort={ariaSort('salience')}>
                        <button type="button" className="th" onClick={() => sortBy('salience')}>
                          Salience{sortMark('salience')}
                        </button>
                      </th>
                      <th scope="col">Signal</th>
                      <th scope="col" className="hide-narrow">
                        Category
                      </th>
                      <th scope="col" className="hide-narrow">
                        Source
                      </th>
                      <th scope="col" aria-sort={ariaSort('status')}>
                        <button type="button" className="th" onClick={() => sortBy('status')}>
                          Status{sortMark('status')}
                        </button>
                      </th>
                      <th scope="col" aria-sort={ariaSort('createdAt')} className="hide-narrow">
                        <button type="button" className="th" onClick={() => sortBy('createdAt')}>
                          Created{sortMark('createdAt')}
                        </button>
                      </th>
                    </tr>
                  </thead>
                  <tbody ref={table}>
                    {p.items.map((s, i) => (
                      <tr key={s.id} data-id={s.id} tabIndex={0} onKeyDown={(e) => onRowKey(e, s.id, i)} aria-selected={allMatching || selected.has(s.id)}>
                        <td className="check">
                          <input type="checkbox" aria-label={`Select signal ${s.id}`} checked={allMatching || selected.has(s.id)} onChange={() => toggle(s.id)} disabled={allMatching} />
                        </td>
                        <td className="num">{s.salience?.toFixed(1) ?? '—'}</td>
                        <td className="text">
                          <a href={href(`/signals/${s.id}`)}>{s.title ?? s.text}</a>
                          {s.author && <span className="meta"> @{s.author}</span>}
                        </td>
                        <td className="hide-narrow">{label(s.category ?? 'unanalysed')}</td>
                        <td className="hide-narrow">{s.source}</td>
                        <td>
                          <span className={`badge status-${s.status}`}>{s.status}</span>
                        </td>
                        <td className="hide-narrow" title={s.createdAt}>
                          {ago(s.createdAt)}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
              <nav className="pager" aria-label="Pages">
                <button type="button" disabled={page <= 1} onClick={() => update({ page: page - 1 === 1 ? undefined : page - 1 })}>
                  ← Previous
                </button>
                <span data-testid="page-info">
                  Page {page} of {num(pages)} · {num(p.total)} signals
                </span>
                <button type="button" disabled={page >= pages} onClick={() => update({ page: page + 1 })}>
                  Next →
                </button>
              </nav>
            </>
          )
        }
      </QueryView>
      {list.isFetching && !list.isPending && <span className="hint" role="status">Updating…</span>}
    </div>
  );
};
