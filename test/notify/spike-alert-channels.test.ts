import { describe, expect, it } from 'vitest';
import { alertData, alertText } from '../../src/notify/alert-view.js';
import { alertEventType, type NotifyAlert } from '../../src/notify/notifier.port.js';
import { renderDiscordAlert } from '../../src/notify/discord/discord.format.js';
import { renderEmailAlert } from '../../src/notify/email/email.format.js';
import { renderTeamsAlert } from '../../src/notify/teams/teams.format.js';
import { matches } from '../../src/notify/routing.js';
import type { Spike } from '../../src/store/volumes.port.js';
import { signalRow } from '../helpers/factories.js';

// A spike alert (issue 17) reaches every channel of issue 19: the same explanation everywhere.
const record: Spike = {
  id: 7,
  key: 'term:login outage',
  kind: 'term',
  startedAt: '2026-12-01T10:00:00.000Z',
  score: 0.97,
  count: 12,
  expected: 0.25,
  spread: 0.4,
  p: 0.0004,
  hourCount: 42,
  endedAt: null,
  peakScore: 0.99,
  createdAt: '2026-12-01T10:05:00.000Z',
};
const spike: NotifyAlert = {
  kind: 'spike',
  spike: {
    spike: record,
    label: 'term "login outage"',
    hourCount: 42,
    usualPerHour: 3,
    spreadPerHour: 2,
    topItems: [signalRow(1, { category: 'outage', title: 'Login is down for everyone' }), signalRow(2, { category: 'outage', title: 'Cannot log in' })],
    dashboardUrl: 'https://harvest.example/',
  },
};

describe('spike alerts on every channel', () => {
  it('is a spike.alert event whose data carries the explanation and the top items', () => {
    expect(alertEventType(spike)).toBe('spike.alert');
    const data = alertData(spike);
    expect(data.explanation).toMatch(/^term "login outage": 42 mentions in the last hour, usually 3 ± 2 at this hour/);
    expect((data.items as Array<{ id: number }>).map((i) => i.id)).toEqual([1, 2]);
    expect(data.spike).toMatchObject({ id: 7, series: 'term:login outage', kind: 'term' });
  });

  it('renders as text, Discord, Teams and e-mail with the explanation and the items', () => {
    const t = alertText(spike);
    expect(t.title).toContain('Spike: term "login outage"');
    expect(t.items.map((i) => i.line).join('\n')).toContain('Login is down for everyone');
    expect(JSON.stringify(renderDiscordAlert(spike))).toContain('42 mentions in the last hour');
    expect(JSON.stringify(renderTeamsAlert(spike))).toContain('42 mentions in the last hour');
    const mail = renderEmailAlert(spike, '[harvest]');
    expect(mail.text).toContain('42 mentions in the last hour');
    expect(mail.html).toContain('Login is down for everyone');
  });

  it('routes by spike series only', () => {
    const target = { kind: 'spike', series: 'term:login outage', score: 97 } as const;
    expect(matches({ spikeSeries: ['term:login outage'] }, target)).toBe(true);
    expect(matches({ spikeSeries: ['category:bug'] }, target)).toBe(false);
    expect(matches({ categories: ['outage'] }, target)).toBe(false);
  });
});
