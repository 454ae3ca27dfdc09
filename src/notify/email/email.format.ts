import { alertText } from '../alert-view.js';
import type { NotifyAlert } from '../notifier.port.js';
import { truncatePlain } from '../slack/format.js';

export interface EmailMessage {
  subject: string;
  text: string;
  html: string;
}

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

/** A channel-neutral alert as an e-mail: subject, plain text and HTML (every value escaped) (pure). */
export const renderEmailAlert = (alert: NotifyAlert, subjectPrefix: string): EmailMessage => {
  const t = alertText(alert, 50);
  const subject = truncatePlain(`${subjectPrefix} ${t.title}`.replace(/[\r\n]+/g, ' ').trim(), 200);
  const text = [
    t.title,
    '',
    t.body,
    '',
    ...t.facts.map((f) => `${f.name}: ${f.value}`),
    ...t.items.map((i) => `- ${i.line}${i.url ? ` <${i.url}>` : ''}`),
    ...(t.footer === null ? [] : ['', t.footer]),
    ...(t.url === null ? [] : ['', t.url]),
    ...(t.dashboard ? ['', `Open in dashboard: ${t.dashboard}`] : []),
  ].join('\n');
  const link = (url: string, label: string): string => `<a href="${escapeHtml(url)}">${escapeHtml(label)}</a>`;
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif">',
    `<h2>${escapeHtml(t.title)}</h2>`,
    t.body === '' ? '' : `<p style="white-space:pre-wrap">${escapeHtml(t.body)}</p>`,
    t.facts.length === 0 ? '' : `<table>${t.facts.map((f) => `<tr><th align="left">${escapeHtml(f.name)}</th><td>${escapeHtml(f.value)}</td></tr>`).join('')}</table>`,
    t.items.length === 0 ? '' : `<ul>${t.items.map((i) => `<li>${i.url ? link(i.url, i.line) : escapeHtml(i.line)}</li>`).join('')}</ul>`,
    t.footer === null ? '' : `<p><small>${escapeHtml(t.footer)}</small></p>`,
    t.url === null ? '' : `<p>${link(t.url, t.urlLabel)}</p>`,
    t.dashboard ? `<p>${link(t.dashboard, 'Open in dashboard')}</p>` : '',
    '</body></html>',
  ].join('');
  return { subject, text, html };
};
