import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { ApiError, get, request, TRIAGE_STATES, type Analysis, type Signal } from '../api.js';
import { BreakdownChart } from '../components/BreakdownChart.js';
import { ErrorState, QueryView } from '../components/states.js';
import { dateTime, label, num, sourceName } from '../format.js';
import { hostOf, LABEL_KEYS, LabelButtons, MuteButtons, useLabel, useSetLabel } from '../labels.js';
import { useRole, WRITE_KEY_NEEDED } from '../role.js';
import { href } from '../router.js';
import { isTyping, KeyHelp, TRIAGE_ACTIONS, TRIAGE_KEY_OF, TRIAGE_KEYS, TriageBadge, useSetTriage } from '../triage.js';
import { SignalEntities } from './Entity.js';

const AnalysisView = ({ id }: { id: number }) => {
  const analysis = useQuery({
    queryKey: ['analysis', id],
    queryFn: () => get<Analysis>(`/dashboard/signals/${id}/analysis`).catch((err: unknown) => {
      // Not analysed yet is a state, not an error.
      if (err instanceof ApiError && err.status === 404) return null;
      throw err;
    }),
  });
  return (
    <QueryView q={analysis} what="analysis">
      {(a) =>
        a === null ? (
          <p className="hint">Not analysed yet: the next pipeline run (`harvest pipeline`) analyses and scores it.</p>
        ) : (
          <dl className="kv" data-testid="analysis">
            <dt>Category</dt>
            <dd data-field="category">{label(a.category)}</dd>
            <dt>Sentiment</dt>
            <dd data-field="sentiment">
              {a.sentiment} ({a.sentimentScore.toFixed(2)})
            </dd>
            <dt>Urgency</dt>
            <dd data-field="urgency">{a.urgency} / 5</dd>
            <dt>Confidence</dt>
            <dd>{a.confidence.toFixed(2)}</dd>
            <dt>Tags</dt>
            <dd>{a.tags.length === 0 ? '—' : a.tags.map((t) => <span key={t} className="tag">{t}</span>)}</dd>
            <dt>Entities</dt>
            <dd>
              {Object.entries(a.entities).filter(([, v]) => v.length > 0).length === 0
                ? '—'
                : Object.entries(a.entities)
                    .filter(([, v]) => v.length > 0)
                    .map(([k, v]) => (
                      <div key={k}>
                        <span className="hint">{k}:</span> {v.join(', ')}
                      </div>
                    ))}
            </dd>
            <dt>Reasoning</dt>
            <dd data-field="reasoning">{a.reasoning}</dd>
            <dt>Analysed by</dt>
            <dd data-field="provider">
              {a.provider === 'heuristic' ? 'heuristic' : `${a.provider} / ${a.model}`}
              {a.fallback && ' (heuristic fallback)'} · prompt {a.promptVersion} · {dateTime(a.analyzedAt)}
            </dd>
          </dl>
        )
      }
    </QueryView>
  );
};

/**
 * Correct the item's research topic (issue 16): `PATCH /signals/{id}` with `topics`. The name is
 * free text with the taxonomy's names offered; it becomes the item's topic and a labelled example,
 * and the topic model retrains on the next pipeline run.
 */
const TopicCorrection = ({ id, current }: { id: number; current: string | null }) => {
  const { canWrite, writeTitle } = useRole();
  const client = useQueryClient();
  const names = useQuery({ queryKey: ['topic-names'], queryFn: () => get<{ topics: Array<{ name: string }> }>('/topics?window=1d'), staleTime: 60_000 });
  const [name, setName] = useState('');
  const correct = useMutation({
    mutationFn: (topic: string) => request<Signal>('PATCH', `/signals/${id}`, { topics: [topic] }),
    onSuccess: async () => {
      setName('');
      await client.invalidateQueries({ predicate: (q) => q.queryKey[0] !== 'whoami' });
    },
  });
  const topic = name.trim();
  return (
    <form
      className="actions"
      aria-label="Correct the topic"
      onSubmit={(e) => {
        e.preventDefault();
        if (topic !== '' && canWrite) correct.mutate(topic);
      }}
    >
      <label className="field">
        <span>Correct the topic</span>
        <input name="topic" list={`topic-names-${id}`} maxLength={100} value={name} placeholder={current ?? 'a topic name'} onChange={(e) => setName(e.target.value)} disabled={!canWrite} title={writeTitle} />
      </label>
      <datalist id={`topic-names-${id}`}>
        {(names.data?.topics ?? []).map((t) => (
          <option key={t.name} value={t.name} />
        ))}
      </datalist>
      <button type="submit" disabled={!canWrite || topic === '' || correct.isPending} title={writeTitle}>
        Set topic
      </button>
      {correct.isError && <span className="error-text">{correct.error.message}</span>}
      {correct.isSuccess && <span className="hint" data-testid="topic-corrected">Saved: the topic model learns from it on the next pipeline run.</span>}
    </form>
  );
};

/** `GET /signals/{id}` also gives the model's and the LLM's research topic (issue 16). */
type SignalWithTopics = Signal & { story?: { id: number } | null; topic?: string | null; llmTopic?: string | null };

export const SignalDetail = ({ id }: { id: number }) => {
  const signal = useQuery({ queryKey: ['signal', id], queryFn: () => get<SignalWithTopics>(`/signals/${id}`) });
  const setTriage = useSetTriage();
  const { canWrite, writeTitle } = useRole();
  const [help, setHelp] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const current = signal.data?.triage;
  const label = useLabel('signals', id);
  const setLabel = useSetLabel('signals');
  // Keys: a/r/i/n set the triage state, ? shows them all.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (isTyping(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '?') return setHelp((h) => !h);
      const relevance = LABEL_KEYS[e.key];
      if (relevance !== undefined && label.data !== undefined && !setLabel.isPending) {
        if (!canWrite) return setNotice(WRITE_KEY_NEEDED);
        return setLabel.mutate({ id, label: label.data === relevance ? 'clear' : relevance });
      }
      const triage = TRIAGE_KEYS[e.key];
      if (triage === undefined || current === undefined || triage === current || setTriage.isPending) return;
      if (!canWrite) return setNotice(WRITE_KEY_NEEDED);
      setNotice(null);
      setTriage.mutate({ id, triage });
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [id, current, canWrite, setTriage, label.data, setLabel]);
  return (
    <div className="page detail">
      <p>
        <a href={href('/signals')}>← Signals</a>
      </p>
      <QueryView q={signal} what="the signal">
        {(s) => (
          <>
            <h1>{s.title ?? `Signal ${s.id}`}</h1>
            <article className="card wide">
              <p className="signal-text" data-testid="signal-text">
                {s.text}
              </p>
              <p className="meta">
                {s.author ? `@${s.author}` : 'unknown author'} · {sourceName(s.source)} · {dateTime(s.createdAt)}
                {s.url && (
                  <>
                    {' · '}
                    <a href={s.url} target="_blank" rel="noopener noreferrer">
                      Open the original ↗
                    </a>
                  </>
                )}
              </p>
              {(s.topic || s.llmTopic) && (
                <p className="meta" data-testid="signal-topics">
                  Topic: {s.topic ?? '—'} · LLM: {s.llmTopic ?? '—'}
                </p>
              )}
              <TopicCorrection id={s.id} current={s.topic ?? null} />
              <p className="meta" data-testid="engagement">
                {num(s.metrics.likes)} likes · {num(s.metrics.reposts)} reposts · {num(s.metrics.replies)} replies · {num(s.metrics.quotes)} quotes · {num(s.metrics.views)} views
              </p>
            </article>
            <section className="card" aria-labelledby="triage-h">
              <h2 id="triage-h">
                Triage: <span data-testid="signal-triage"><TriageBadge triage={s.triage} /></span>
              </h2>
              <div className="actions" role="group" aria-label="Change triage">
                {TRIAGE_STATES.map((t) => (
                  <button key={t} type="button" disabled={t === s.triage || setTriage.isPending || !canWrite} title={writeTitle} aria-keyshortcuts={TRIAGE_KEY_OF[t]} onClick={() => setTriage.mutate({ id, triage: t })}>
                    {TRIAGE_ACTIONS[t]} <kbd>{TRIAGE_KEY_OF[t]}</kbd>
                  </button>
                ))}
              </div>
              {notice && (
                <p className="hint error-text" role="status" data-testid="notice">
                  {notice}
                </p>
              )}
              {setTriage.error && <ErrorState error={setTriage.error} />}
              <KeyHelp open={help} where="detail" />
            </section>
            <section className="card" aria-labelledby="label-h">
              <h2 id="label-h">Relevance</h2>
              <LabelButtons target="signals" id={s.id} current={label.data} />
              <MuteButtons
                rules={[
                  { kind: 'author', value: s.author, text: `Mute author @${s.author ?? ''}` },
                  { kind: 'domain', value: hostOf(s.url), text: `Mute domain ${hostOf(s.url) ?? ''}` },
                  { kind: 'story', value: s.story ? String(s.story.id) : null, text: 'Mute story' },
                ]}
              />
            </section>
            <section className="card" aria-labelledby="score-h">
              <h2 id="score-h">Salience {s.salience === null ? '—' : <span data-testid="salience">{s.salience.toFixed(1)}</span>}</h2>
              {s.breakdown ? <BreakdownChart breakdown={s.breakdown} salience={s.salience} /> : <p className="hint">Not scored yet.</p>}
            </section>
            <section className="card wide" aria-labelledby="analysis-h">
              <h2 id="analysis-h">Analysis</h2>
              <AnalysisView id={s.id} />
            </section>
            <section className="card wide" aria-labelledby="entities-h">
              <h2 id="entities-h">Entities</h2>
              <SignalEntities id={s.id} />
            </section>
          </>
        )}
      </QueryView>
    </div>
  );
};
