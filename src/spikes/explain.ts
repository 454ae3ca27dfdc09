/*
 * The words of a spike alert, channel-neutral and pure: "42 mentions in the last hour, usually
 * 3 ± 2 at this hour (p < 0.001)".
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

/** One line: what happened against what is usual. */
export const spikeSentence = (a: Pick<SpikeAlert, 'label' | 'hourCount' | 'usualPerHour' | 'spreadPerHour' | 'spike'>): string =>
  `${a.label}: ${Math.round(a.hourCount)} mentions in the last hour, usually ${round(Math.max(0, a.usualPerHour))} ± ${round(a.spreadPerHour)} at this hour (${formatP(a.spike.p)})`;
