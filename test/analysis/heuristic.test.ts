import { describe, expect, it } from 'vitest';
import { CATEGORIES, SENTIMENTS } from '../../src/domain/analysis.js';
import type { Category } from '../../src/domain/analysis.js';
import type { HeuristicOptions } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { analyzeText, createHeuristicAnalyzer, reportsFailureText } from '../../src/analysis/heuristic/heuristic.analyzer.js';
import { vaderScore } from '../../src/analysis/heuristic/vader.sentiment.js';

const OPTS: HeuristicOptions = { products: ['Acme', 'Acme Cloud'], competitors: ['Globex'], organisations: ['Initech'] };

const KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const CATEGORY_CASES: ReadonlyArray<readonly [Category, string]> = [
  ['outage', "Is Acme down? Can't log in since 9am, status page says nothing"],
  ['outage', 'Acme API is down for everyone, every request returns 503 errors'],
  ['security', 'Found an XSS vulnerability in the Acme login form, session tokens leak'],
  ['bug', 'The app crashes every time I open the settings page on Android 14'],
  ['bug', "Since the last update the export button doesn't work anymore"],
  ['bug', 'Recurring tasks duplicate themselves when edited. Happens on Firefox 128, steps to reproduce in ticket'],
  ['security', 'Changing the id in the download URL lets you fetch files from other workspaces (IDOR), responsibly disclosed'],
  ['feature_request', 'Please add dark mode, it would be great for night work'],
  ['feature_request', 'Would love an option to export reports as PDF'],
  ['churn_risk', "I'm cancelling my Acme subscription next month, too expensive for what it does"],
  ['churn_risk', "Keeps crashing. That's it, I'm switching to Globex"],
  ['churn_risk', 'The whole team voted to leave. We are migrating off Acme next quarter'],
  ['churn_risk', 'Trialing Globex in parallel this month'],
  ['competitor', 'Globex is way better than Acme for reporting'],
  ['question', 'How do I export my data from Acme to CSV?'],
  ['complaint', 'Support never answered my ticket. Terrible service, so disappointed.'],
  ['praise', 'Love the new Acme release, great job team! 🎉'],
  ['research', 'New paper: we propose a faster tokenizer https://arxiv.org/abs/2401.01234'],
  ['research', 'Our preprint on retrieval benchmarks is out, results show a 12% gain'],
  ['other', 'Had lunch with the team today'],
];

describe('analyzeText: categories', () => {
  it.each(CATEGORY_CASES)('%s ← %s', (category, text) => {
    expect(analyzeText({ text }, OPTS).category).toBe(category);
  });

  it('can produce every category of the closed taxonomy', () => {
    const produced = new Set(CATEGORY_CASES.map(([, text]) => analyzeText({ text }, OPTS).category));
    expect([...produced].sort()).toEqual([...CATEGORIES].sort());
  });

  it.each([
    ['outage beats bug', 'The app is down again, every page shows an error and crashes', 'outage'],
    ['a question about an outage is an outage', 'Is anyone else unable to log in? Is Acme down?', 'outage'],
    ['security beats bug', 'Bug: the reset page leaks passwords in plain text', 'security'],
    ['denied bugs are not bugs', 'Been using it for a year, no bugs and it never crashes. Love it!', 'praise'],
    ['a bug report that mentions uninstalling stays a bug', 'It freezes on start, the sync fails and the widget is broken, uninstalled', 'bug'],
  ] as const)('%s', (_name, text, category) => {
    expect(analyzeText({ text }, OPTS).category).toBe(category);
  });

  it('reads the title with the body', () => {
    expect(analyzeText({ title: 'Feature request', text: 'Export to PDF' }, OPTS).category).toBe('feature_request');
  });
});

describe('analyzeText: outage reports and outage talk', () => {
  it.each([
    ['es', 'Acme caído en Madrid. Nadie del equipo puede entrar'],
    ['pt', 'Acme caiu de novo? nada carrega aqui'],
    ['fr', "Acme est en panne ? impossible d'ouvrir les tableaux depuis ce matin"],
    ['it', 'Acme è giù? non riesco a mandare nessun messaggio'],
    ['de', 'Ist Acme gerade down? Nachrichten hängen alle bei „Wird gesendet…“'],
    ['ja', 'Acme落ちてる？メッセージが送信できない'],
    ['en: stoppage with breadth', 'webhooks from Acme stopped arriving for 10+ min. anyone else?'],
    ['en: returning 502s', 'Acme API returning 502 on every request. our CI integration is dead'],
    ['en: completely down', 'acme completely down in berlin. a blank white screen'],
    ['en: status update', "We're investigating reports of message delivery delays. Updates at https://status.acme.example"],
  ])('%s: outage', (_lang, text) => {
    expect(analyzeText({ text }, OPTS).category).toBe('outage');
  });

  it.each([
    ['churn after an outage', 'told my boss after the @acme outage: we either get an SLA or we leave'],
    ['churn citing past outages', 'our CTO asked me to price out Globex as a replacement for Acme. the outages got noticed upstairs'],
    ['a bug report asking "is it just me"', 'is it just me or Acme CSV export drops every emoji and replaces it with ??'],
  ])('%s: not an outage', (_what, text) => {
    expect(analyzeText({ text }, OPTS).category).not.toBe('outage');
  });

  it('reportsFailureText: a failure report whatever its category', () => {
    expect(reportsFailureText({ text: "can't log into Acme on my phone. magic link opens the app and then nothing" })).toBe(true);
    expect(reportsFailureText({ text: 'push notifications from Acme stopped entirely tonight' })).toBe(true);
    expect(reportsFailureText({ text: 'love how Acme picks the exact moment of our demo to fall over' })).toBe(true);
    expect(reportsFailureText({ text: 'Acme new timeline view is great' })).toBe(false);
    expect(reportsFailureText({ text: 'we are down to 12 seats on Acme from 60' })).toBe(false);
  });
});

describe('analyzeText: sentiment', () => {
  const score = (text: string): number => analyzeText({ text }, OPTS).sentimentScore;

  it.each([
    ['This is good', 'positive'],
    ['This is not good', 'negative'],
    ['Worst update ever, everything is slow', 'negative'],
    ['The meeting is at 10am in room 4', 'neutral'],
    ["Can't wait for the next release!", 'positive'],
  ] as const)('%s → %s', (text, sentiment) => {
    expect(analyzeText({ text }, OPTS).sentiment).toBe(sentiment);
  });

  it('negation flips the sign', () => {
    expect(score('The new editor is good')).toBeGreaterThan(0);
    expect(score('The new editor is not good')).toBeLessThan(0);
  });

  it('intensifiers, caps and exclamation marks strengthen', () => {
    expect(score('The new editor is very good')).toBeGreaterThan(score('The new editor is good'));
    expect(score('The new editor is VERY good!!!')).toBeGreaterThan(score('The new editor is very good'));
  });

  it('the scorer itself handles negative intensifiers, dampeners and contrast', () => {
    expect(vaderScore('the editor is extremely bad').compound).toBeLessThan(vaderScore('the editor is bad').compound);
    expect(vaderScore('the editor is slightly bad').compound).toBeGreaterThan(vaderScore('the editor is bad').compound);
    expect(vaderScore('it was ugly but it works great').compound).toBeGreaterThan(0);
    expect(vaderScore('no bugs, never crashes').compound).toBeGreaterThan(0);
    expect(vaderScore('not bad at all').compound).toBeGreaterThan(0);
  });

  it('dampeners weaken', () => {
    expect(score('The new editor is slightly good')).toBeLessThan(score('The new editor is good'));
  });

  it('configured names carry no sentiment', () => {
    const opts: HeuristicOptions = { products: ['Delight'], competitors: [] };
    expect(analyzeText({ text: 'Delight shipped version 2' }, opts).sentiment).toBe('neutral');
    expect(analyzeText({ text: 'Delight shipped version 2' }, { products: [], competitors: [] }).sentiment).toBe('positive');
  });

  it('a problem report without sentiment words is negative', () => {
    expect(analyzeText({ text: "The export button doesn't work on Firefox" }, OPTS).sentiment).toBe('negative');
  });
});

describe('analyzeText: result shape', () => {
  const SAMPLES = [
    ...CATEGORY_CASES.map(([, text]) => text),
    '',
    '   ',
    '@acme_support #Outage #DevOps the API is down &amp; nobody responds\nplease help!!! URGENT',
    '#One #Two #Three #Four #Five #Six #Seven #Eight #Nine crash bug payment slow login sync ads',
    'x'.repeat(5000),
    `${'terrible awful crash outage virus '.repeat(80)}`,
  ];

  it.each(SAMPLES.map((t) => [t.slice(0, 40), t] as const))('is within bounds: %s', (_label, text) => {
    const r = analyzeText({ text }, OPTS);
    expect(CATEGORIES).toContain(r.category);
    expect(SENTIMENTS).toContain(r.sentiment);
    expect(r.sentimentScore).toBeGreaterThanOrEqual(-1);
    expect(r.sentimentScore).toBeLessThanOrEqual(1);
    expect(Number.isInteger(r.urgency)).toBe(true);
    expect(r.urgency).toBeGreaterThanOrEqual(0);
    expect(r.urgency).toBeLessThanOrEqual(5);
    expect(r.confidence).toBeGreaterThanOrEqual(0);
    expect(r.confidence).toBeLessThanOrEqual(1);
    expect(r.tags.length).toBeLessThanOrEqual(8);
    for (const tag of r.tags) expect(tag).toMatch(KEBAB);
    expect(new Set(r.tags).size).toBe(r.tags.length);
    expect(r.reasoning.length).toBeGreaterThan(0);
    expect(r.reasoning.length).toBeLessThanOrEqual(400);
  });

  it('caps tags at eight, category first, hashtags kebab-cased', () => {
    const r = analyzeText({ text: '#BusinessTravel #Late_Flight #a1 #b2 #c3 #d4 #e5 #f6 #g7 it crashed' }, OPTS);
    expect(r.tags[0]).toBe('bug');
    expect(r.tags).toContain('crash');
    expect(r.tags).toContain('business-travel');
    expect(r.tags).toContain('late-flight');
    expect(r.tags).toHaveLength(8);
  });

  it('reasoning names the rules that fired', () => {
    const r = analyzeText({ text: "Is Acme down? Can't log in since 9am, status page says nothing" }, OPTS);
    expect(r.reasoning).toMatch(/^outage: /);
    expect(r.reasoning).toContain("'status page'");
    expect(r.reasoning).toContain('sentiment negative');
    expect(r.reasoning).toMatch(/urgency \d from outage/);
  });

  it('urgency: outage with breadth and shouting tops out; praise stays low; minimisers lower', () => {
    expect(analyzeText({ text: 'URGENT: Acme is DOWN for everyone!!!' }, OPTS).urgency).toBe(5);
    expect(analyzeText({ text: 'Love the new Acme release, great job team!' }, OPTS).urgency).toBe(0);
    const bug = analyzeText({ text: 'The export button does not work' }, OPTS).urgency;
    expect(analyzeText({ text: 'Minor: the export button does not work' }, OPTS).urgency).toBe(bug - 1);
  });

  it('confidence is higher with strong cues than for other', () => {
    const strong = analyzeText({ text: 'Acme is down, 503 errors for everyone, status page red' }, OPTS).confidence;
    const other = analyzeText({ text: 'Had lunch with the team today' }, OPTS).confidence;
    expect(strong).toBeGreaterThan(other);
  });
});

describe('analyzeText: entities and text handling', () => {
  it('extracts hashtags, handles, products, competitors and organisations', () => {
    const text =
      '@AcmeSupport @globex_help #DevOps #acme Acme Cloud vs GLOBEX: Initech and Stanford University moved. mail me at a@b.com';
    const { entities } = analyzeText({ text }, OPTS);
    expect(entities.hashtags).toEqual(['devops', 'acme']);
    expect(entities.handles).toEqual(['AcmeSupport', 'globex_help']);
    expect(entities.products).toEqual(['Acme', 'Acme Cloud', 'Globex']);
    expect(entities.organisations).toEqual(['Initech', 'Stanford University']);
    expect(entities.people).toEqual([]);
  });

  it('matches configured names as whole words only', () => {
    const { entities } = analyzeText({ text: 'Acmeville and Globexian are not products' }, OPTS);
    expect(entities.products).toEqual([]);
  });

  it('reports an alias (analysis.aliases) as the configured name, and a name that is a linked host label', () => {
    const opts: HeuristicOptions = { products: ['Acme', 'Acme Cloud'], competitors: ['Globex'], aliases: { Acme: ['AcmeHQ', 'ACM'], Globex: ['Gbx'] } };
    expect(analyzeText({ text: 'acmehq and gbx are both slow today' }, opts).entities.products).toEqual(['Acme', 'Globex']);
    expect(analyzeText({ text: 'ACM down again, Acme status page is red' }, opts).entities.products).toEqual(['Acme']);
    expect(analyzeText({ text: 'Acmeville is not a product' }, opts).entities.products).toEqual([]);
    // A link to the product's own host names it; a multi-word name never matches a host label.
    expect(analyzeText({ text: 'Resolved: error rates are back to normal https://status.acme.example/incidents/1' }, opts).entities.products).toEqual(['Acme']);
    expect(analyzeText({ text: 'see https://acmeville.example and https://cloud.example' }, opts).entities.products).toEqual([]);
    // Churn cues know the alias too.
    expect(analyzeText({ text: 'we are migrating off ACM next month' }, opts).category).toBe('churn_risk');
  });

  it('competitor mention alone yields competitor with the name in the reasoning', () => {
    const r = analyzeText({ text: 'Trying Globex this week' }, OPTS);
    expect(r.category).toBe('competitor');
    expect(r.reasoning).toContain("'Globex'");
  });

  it('decodes HTML entities, ignores URLs and handles embedded newlines and emoji', () => {
    const r = analyzeText({ text: 'Acme &amp; friends\nare great 😍 https://example.com/#not-a-tag' }, OPTS);
    expect(r.sentiment).toBe('positive');
    expect(r.entities.hashtags).toEqual([]);
    expect(r.entities.products).toEqual(['Acme']);
    const esc = analyzeText({ text: 'it&#39;s broken &lt;again&gt;' }, OPTS);
    expect(esc.category).toBe('bug');
  });
});

describe('createHeuristicAnalyzer', () => {
  it('returns one output per input, in order, with heuristic provenance', async () => {
    const analyzer = createHeuristicAnalyzer(OPTS);
    expect(analyzer.provider).toBe('heuristic');
    expect(analyzer.model).toBe('rules-v1');
    expect(analyzer.promptVersion).toBe('heuristic-1');
    const inputs = [
      { id: 'b', text: 'Acme is down for everyone' },
      { id: 'a', text: 'Please add dark mode', title: null },
      { id: 'c', text: 'Love it', title: 'Great app' },
    ];
    const out = await analyzer.analyze(inputs);
    expect(out.map((o) => o.id)).toEqual(['b', 'a', 'c']);
    expect(out.map((o) => o.result.category)).toEqual(['outage', 'feature_request', 'praise']);
    for (const o of out) {
      expect(o.provenance).toEqual({
        provider: 'heuristic', model: 'rules-v1', promptVersion: 'heuristic-1',
        tokensIn: 0, tokensOut: 0, costUsd: 0, fallback: false,
      });
    }
    expect(out[0]?.result).toEqual(analyzeText(inputs[0] ?? { text: '' }, OPTS));
  });

  it('returns an empty list for no inputs and rejects when already aborted', async () => {
    const analyzer = createHeuristicAnalyzer(OPTS);
    expect(await analyzer.analyze([])).toEqual([]);
    const ctrl = new AbortController();
    ctrl.abort();
    await expect(analyzer.analyze([{ id: '1', text: 'x' }], ctrl.signal)).rejects.toThrow();
  });

  it('is fast: 2,000 tweet-length texts well under a second', () => {
    const text = '@Acme my flight was delayed 3 hours and nobody at the gate could help. #fail';
    const start = performance.now();
    for (let i = 0; i < 2000; i++) analyzeText({ text: `${text} ${i}` }, OPTS);
    expect(performance.now() - start).toBeLessThan(2000);
  });
});
