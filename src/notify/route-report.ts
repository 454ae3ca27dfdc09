import type { SignalRow } from '../store/store.port.js';
import { configuredChannels, routerFromConfig, type NotifyConfig } from './registry.js';
import { signalTarget } from './routing.js';

/** Which rule one item takes and the channels it reaches. */
export interface RouteLine {
  itemId: number;
  category: string;
  source: string;
  salience: number;
  rule: string;
  channels: string[];
}

/** The route of each of `rows` under the config's rules (what `notify --dry-run` and `config check` show). */
export const routeReport = (rows: readonly SignalRow[], cfg: NotifyConfig): RouteLine[] => {
  const router = routerFromConfig(cfg);
  const all = configuredChannels(cfg);
  return rows.map((r) => {
    const d = router.route(signalTarget(r));
    return { itemId: r.id, category: r.category, source: r.source, salience: Math.round(r.salience * 10) / 10, rule: d.rule, channels: d.channels === null ? all : [...d.channels] };
  });
};

/** One line per item: `#12  security  x  91.2  rule "security" → slack:security`. */
export const formatRouteReport = (lines: readonly RouteLine[]): string =>
  lines.length === 0
    ? 'no scored signals yet: nothing to route'
    : lines
        .map((l) => `#${l.itemId}  ${l.category}  ${l.source}  ${l.salience}  rule "${l.rule}" → ${l.channels.length === 0 ? '(no channel)' : l.channels.join(', ')}`)
        .join('\n');
