import { describe, expect, it } from 'vitest';
import { alertData } from '../../src/notify/alert-view.js';
import { renderDiscordAlert } from '../../src/notify/discord/discord.format.js';
import { renderEmailAlert } from '../../src/notify/email/email.format.js';
import type { NotifyAlert } from '../../src/notify/notifier.port.js';
import { renderSlackAlert } from '../../src/notify/slack/slack.notifier.js';
import { renderTeamsAlert } from '../../src/notify/teams/teams.format.js';
import { signalRow } from '../helpers/factories.js';

// Issue 18: every item message carries a link that opens the signal in the dashboard (hash route).
const single: NotifyAlert = { kind: 'single', item: signalRow(42, { title: 'Login is down' }), threshold: 70, dashboardUrl: 'https://harvest.example/' };
const LINK = 'https://harvest.example/#/signals/42';

describe('notification links to the dashboard', () => {
  it('is in the webhook data, Slack, Discord, Teams and e-mail', () => {
    expect(alertData(single).url).toBe(LINK);
    const slack = renderSlackAlert(single);
    expect(slack.blocks.at(-1)).toEqual({ type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in dashboard', emoji: false }, url: LINK, action_id: 'open_dashboard' }] });
    expect(renderDiscordAlert(single).embeds[0]?.description).toContain(`[Open in dashboard](${LINK})`);
    expect(renderTeamsAlert(single).attachments[0]?.content.actions).toContainEqual({ type: 'Action.OpenUrl', title: 'Open in dashboard', url: LINK });
    const mail = renderEmailAlert(single, '[h]');
    expect(mail.text).toContain(`Open in dashboard: ${LINK}`);
    expect(mail.html).toContain(`<a href="${LINK}">Open in dashboard</a>`);
  });

  it('is absent without a dashboard URL', () => {
    const bare: NotifyAlert = { kind: 'single', item: signalRow(42), threshold: 70 };
    expect(alertData(bare).url).toBeNull();
    expect(JSON.stringify(renderSlackAlert(bare))).not.toContain('#/signals/');
    expect(JSON.stringify(renderTeamsAlert(bare))).not.toContain('#/signals/');
  });
});
