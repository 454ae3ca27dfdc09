/*
 * The words of a spike alert, channel-neutral and pure: "42 mentions in the last hour, usually
 * 3 ± 2 at this hour (p < 0.001)", or, for a burst inside an ordinary hour, "12 mentions in 5
 * minutes, usually 0.3 ± 0.4 at this time (p < 0.001); 31 in the last hour".
 */
import type { SpikeAlert } from '../notify/notifier.port.js';

/** `term:login` → `term "login"`, `category:bug` → `category bug`, `entity:7` with its name → `entity "Ada Lovelace"`. */
export const seriesLabel = (key: string, entityName?: string): string => {
  const i = key.indexOf(':');
  if (i < 0) return key;
  const kind = key.slice(0, i);
  const name = key.slice(i + 1);
  if (kind === 'entity' && entityName) return `entity "${entityName}"`;
  return kind === 'term' ? `term "${name}"` : `${kind} ${name}`;
};

/** p as people read it: "p < 0.001", "p = 0.004". */
export const formatP = (p: number): string => (p < 0.001 ? 'p < 0.001' : `p = ${p.toFixed(3)}`);

const round = (x: number): string => (x >= 10 ? String(Math.round(x)) : String(Math.round(x * 10) / 10));

/**
 * One line: what happened against what is usual. The hour's count against the usual hour when the
 * hour stands out; otherwise the 5-minute bucket the detector raised (a short burst inside an
 * ordinary hour), so the line never says "27 mentions, usually 28" beside a tiny p.
 */
export const spikeSentence = (a: Pick<SpikeAlert, 'label' | 'hourCount' | 'usualPerHour' | 'spreadPerHour' | 'spike'>): string => {
  const usual = Math.max(0, a.usualPerHour);
  if (a.hourCount > usual + a.spreadPerHour) return `${a.label}: ${Math.round(a.hourCount)} mentions in the last hour, usually ${round(usual)} ± ${round(a.spreadPerHour)} at this hour (${formatP(a.spike.p)})`;
  return `${a.label}: ${Math.round(a.spike.count)} mentions in 5 minutes, usually ${round(Math.max(0, a.spike.expected))} ± ${round(a.spike.spread)} at this time (${formatP(a.spike.p)}); ${Math.round(a.hourCount)} in the last hour`;
};
