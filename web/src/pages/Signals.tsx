import { useQuery } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { CATEGORIES, get, qs, SENTIMENTS, SOURCES, TRIAGE_STATES, type SignalPage } from '../api.js';
import { BulkBar } from '../components/BulkBar.js';
import { StoryGroups } from '../components/StoryGroups.js';
import { Empty, ErrorState, QueryView } from '../components/states.js';
import { ago, label, num, sourceName } from '../format.js';
import { LABEL_KEYS, LabelButtons, useLabels, useSetLabel } from '../labels.js';
import { useRole, WRITE_KEY_NEEDED } from '../role.js';
import { href, navigate, useUrlState } from '../router.js';
import { isTyping, KeyHelp, TRIAGE_KEYS, TriageBadge, useSetTriage } from '../triage.js';

const PAGE_SIZE = 50;
const MAX_BULK = 10_000;
const WINDOWS: Record<string, number> = { '24h': 24, '7d': 168, '30d': 720 };
const SORTS = ['salience', 'createdAt', 'updatedAt'] as const;
/** The list opens on the loudest signals first. */
const DEFAULT_SORT = 'salience';
/** Triage filter choices: `open` is what still needs someone (new or acknowledged). */
const OPEN = 'new,acknowledged';
const TRIAGE_FILTERS = [OPEN, ...TRIAGE_STATES];

/** The filters the URL holds, as the API's query parameters. */
const apiFilters = (p: URLSearchParams) => {
  const hours = WINDOWS[p.get('window') ?? ''];
  return {
    search: p.get('q') ?? undefined,
    triage: p.get('triage') ?? undefined,
    source: p.get('source') ?? undefined,
    category: p.get('category') ?? undefined,
    sentiment: p.get('sentiment') ?? undefined,
    minSalience: p.get('min') ?? undefined,
    // Rounded to the minute, so the query key (and cache) is stable while the page is open.
    since: hours === undefined ? undefined : new Date(Math.floor(Date.now() / 60_000) * 60_000 - hours * 3_600_000).toISOString(),
    sort: SORTS.find((s) => s === p.get('sort')) ?? DEFAULT_SORT,
    order: p.get('order') === 'asc' ? 'asc' : 'desc',
  };
};

const Select = ({ name, value, options, onChange, all = 'any', text = label }: { name: string; value: string; options: readonly string[]; onChange: (v: string) => void; all?: string; text?: (o: string) => string }) => (
  <label className="field">
    <span>{name}</span>
    <select name={name} value={value} onChange={(e) => onChange(e.target.value)}>
      <option value="">{all}</option>
      {options.map((o) => (
        <option key={o} value={o}>
          {text(o)}
        </option>
      ))}
    </select>
  </label>
);

export const Signals = () => {
  const [params, update] = useUrlState();
  const filters = apiFilters(params);
  const page = Math.max(1, Number(params.get('page') ?? '1') || 1);
  const list = useQuery({
    queryKey: ['signals', filters, page],
    queryFn: () => get<SignalPage>(`/signals${qs({ ...filters, page, pageSize: PAGE_SIZE })}`),
    placeholderData: (prev) => prev,
  });
  const { canWrite } = useRole();
  const setTriage = useSetTriage();
  const labels = useLabels(list.data?.items.map((s) => s.id) ?? []);
  const setLabel = useSetLabel('signals');

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
  const chosenIds = async (): Promise<number[]> => {
    if (!allMatching) return [...selected];
    const { sort: _sort, order: _order, ...only } = filters;
    return (await get<{ ids: number[] }>(`/dashboard/signal-ids${qs({ ...only, limit: MAX_BULK })}`)).ids;
  };

  // Keyboard: j/k or arrows move between rows, Enter opens, x (or space) selects, a/r/i/n triage,
  // / searches, ? shows every key.
  const table = useRef<HTMLTableSectionElement>(null);
  const searchBox = useRef<HTMLInputElement>(null);
  const [help, setHelp] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  /** The row index to focus once the list has refreshed after a triage change (the row may have left it). */
  const refocus = useRef<number | null>(null);
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '/') {
        e.preventDefault();
        searchBox.current?.focus();
      } else if (e.key === '?') setHelp((h) => !h);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  useEffect(() => {
    if (refocus.current === null) return;
    const rows = table.current?.querySelectorAll<HTMLTableRowElement>('tr[data-id]');
    if (rows && rows.length > 0) rows[Math.min(refocus.current, rows.length - 1)]?.focus();
    refocus.current = null;
  }, [items]);
  const onRowKey = (e: KeyboardEvent<HTMLTableRowElement>, id: number, index: number) => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const rows = table.current?.querySelectorAll<HTMLTableRowElement>('tr[data-id]');
    const triage = TRIAGE_KEYS[e.key];
    const relevance = LABEL_KEYS[e.key];
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
    } else if (triage !== undefined) {
      e.preventDefault();
      if (!canWrite) return setNotice(WRITE_KEY_NEEDED);
      setNotice(null);
      refocus.current = index;
      setTriage.mutate({ id, triage });
    } else if (relevance !== undefined) {
      e.preventDefault();
      if (!canWrite) return setNotice(WRITE_KEY_NEEDED);
      setLabel.mutate({ id, label: labels.data?.get(id) === relevance ? 'clear' : relevance });
    }
  };

  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const sortBy = (col: (typeof SORTS)[number]) =>
    update({ sort: col === DEFAULT_SORT ? undefined : col, order: filters.sort === col && filters.order === 'desc' ? 'asc' : undefined, page: undefined });
  const sortMark = (col: string) => (filters.sort === col ? (filters.order === 'desc' ? ' ↓' : ' ↑') : '');
  const ariaSort = (col: string) => (filters.sort === col ? (filters.order === 'desc' ? 'descending' : 'ascending') : 'none');

  const summary = (
    <span data-testid="selection">
      {selectedCount > 0 ? `${num(selectedCount)} selected` : `${num(total)} signals`}
      {allOnPage && !allMatching && total > pageIds.length && (
        <button type="button" className="link" onClick={() => setAllMatching(true)}>
          Select all {num(Math.min(total, MAX_BULK))} matching
        </button>
      )}
      {allMatching && total > MAX_BULK && <span className="hint"> (the first {num(MAX_BULK)} are changed per job)</span>}
    </span>
  );

  return (
    <div className="page">
      <h1>Signals</h1>
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <label className="field grow">
          <span>Search</span>
          <input ref={searchBox} name="q" type="search" placeholder="text, title or author  ( / )" value={search} onChange={(e) => setSearch(e.target.value)} />
        </label>
        <Select name="triage" value={params.get('triage') ?? ''} options={TRIAGE_FILTERS} onChange={(v) => setFilter('triage', v)} text={(o) => (o === OPEN ? 'open (new + acknowledged)' : o)} />
        <Select name="source" value={params.get('source') ?? ''} options={SOURCES} onChange={(v) => setFilter('source', v)} text={sourceName} />
        <Select name="category" value={params.get('category') ?? ''} options={CATEGORIES} onChange={(v) => setFilter('category', v)} />
        <Select name="sentiment" value={params.get('sentiment') ?? ''} options={SENTIMENTS} onChange={(v) => setFilter('sentiment', v)} />
        <label className="field narrow">
          <span>min salience</span>
          <input name="min" type="number" min={0} max={100} step={1} value={params.get('min') ?? ''} onChange={(e) => setFilter('min', e.target.value)} />
        </label>
        <Select name="window" value={params.get('window') ?? ''} options={Object.keys(WINDOWS)} onChange={(v) => setFilter('window', v)} all="all time" />
        <Select name="group" value={params.get('group') ?? ''} options={['story']} onChange={(v) => setFilter('group', v)} all="no grouping" text={(o) => `by ${o}`} />
      </form>

      <BulkBar
        count={selectedCount}
        ids={chosenIds}
        summary={summary}
        onDone={() => {
          setSelected(new Set());
          setAllMatching(false);
        }}
      />
      {notice && (
        <p className="hint error-text" role="status" data-testid="notice">
          {notice}
        </p>
      )}
      {setTriage.error && <ErrorState error={setTriage.error} />}

      {params.get('group') === 'story' ? (
        <StoryGroups filters={filters} page={page} />
      ) : (
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
                      <th scope="col">Triage</th>
                      <th scope="col">Label</th>
                      <th scope="col" aria-sort={ariaSort('createdAt')} className="hide-narrow">
                        <button type="button" className="th" onClick={() => sortBy('createdAt')}>
                          Created{sortMark('createdAt')}
                        </button>
                      </th>
                    </tr>
                  </thead>
                  <tbody ref={table}>
                    {p.items.map((s, i) => (
                      <tr key={s.id} data-id={s.id} data-triage={s.triage} tabIndex={0} onKeyDown={(e) => onRowKey(e, s.id, i)} aria-selected={allMatching || selected.has(s.id)}>
                        <td className="check">
                          <input type="checkbox" aria-label={`Select signal ${s.id}`} checked={allMatching || selected.has(s.id)} onChange={() => toggle(s.id)} disabled={allMatching} />
                        </td>
                        <td className="num">{s.salience?.toFixed(1) ?? '—'}</td>
                        <td className="text">
                          <a href={href(`/signals/${s.id}`)}>{s.title ?? s.text}</a>
                          {s.author && <span className="meta"> @{s.author}</span>}
                          {(s.topic || s.llmTopic) && (
                            <span className="meta" data-testid="row-topics">
                              {' '}
                              · Topic: {s.topic ?? '—'}
                              {s.llmTopic ? ` · LLM: ${s.llmTopic}` : ''}
                            </span>
                          )}
                        </td>
                        <td className="hide-narrow">{label(s.category ?? 'unanalysed')}</td>
                        <td className="hide-narrow">{sourceName(s.source)}</td>
                        <td>
                          <TriageBadge triage={s.triage} />
                        </td>
                        <td>
                          <LabelButtons target="signals" id={s.id} current={labels.data?.get(s.id) ?? null} />
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
      )}
      <KeyHelp open={help} where="list" />
      {list.isFetching && !list.isPending && <span className="hint" role="status">Updating…</span>}
    </div>
  );
};
