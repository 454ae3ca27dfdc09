import { alertText } from '../alert-view.js';
import type { NotifyAlert } from '../notifier.port.js';
import { truncatePlain } from '../slack/format.js';

/** An Adaptive Card element this module produces. */
export type CardElement =
  | { type: 'TextBlock'; text: string; wrap: true; weight?: 'Bolder'; size?: 'Medium'; isSubtle?: true }
  | { type: 'FactSet'; facts: Array<{ title: string; value: string }> };

export interface AdaptiveCard {
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json';
  type: 'AdaptiveCard';
  version: '1.4';
  body: CardElement[];
  actions: Array<{ type: 'Action.OpenUrl'; title: string; url: string }>;
}

/** What a Teams Workflows ("Post to a channel when a webhook request is received") URL takes. */
export interface TeamsMessage {
  type: 'message';
  attachments: Array<{ contentType: 'application/vnd.microsoft.card.adaptive'; contentUrl: null; content: AdaptiveCard }>;
}

/** Adaptive Card TextBlocks render a markdown subset: escape what a post's text could turn into markup. */
export const escapeCardText = (s: string): string => s.replace(/([\\*_`[\]()#>-])/g, '\\$1');

/** A channel-neutral alert as a Teams message carrying one Adaptive Card (pure). */
export const renderTeamsAlert = (alert: NotifyAlert): TeamsMessage => {
  const t = alertText(alert);
  const body: CardElement[] = [{ type: 'TextBlock', text: escapeCardText(t.title), wrap: true, weight: 'Bolder', size: 'Medium' }];
  if (t.body !== '') body.push({ type: 'TextBlock', text: escapeCardText(truncatePlain(t.body, 1500)), wrap: true });
  if (t.facts.length > 0) body.push({ type: 'FactSet', facts: t.facts.map((f) => ({ title: f.name, value: escapeCardText(f.value) })) });
  for (const i of t.items) body.push({ type: 'TextBlock', text: escapeCardText(i.line), wrap: true });
  if (t.footer !== null) body.push({ type: 'TextBlock', text: escapeCardText(t.footer), wrap: true, isSubtle: true });
  const actions: AdaptiveCard['actions'] = t.url === null ? [] : [{ type: 'Action.OpenUrl', title: t.urlLabel, url: t.url }];
  if (t.dashboard) actions.push({ type: 'Action.OpenUrl', title: 'Open in dashboard', url: t.dashboard });
  const card: AdaptiveCard = { $schema: 'http://adaptivecards.io/schemas/adaptive-card.json', type: 'AdaptiveCard', version: '1.4', body, actions };
  return { type: 'message', attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card }] };
};
