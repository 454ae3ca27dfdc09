/**
 * Deterministic generator for the bundled demo corpus (`data/demo/corpus.jsonl`).
 *
 *   node --import tsx scripts/generate-demo-corpus.ts [out-file]
 *
 * Everything comes from one seeded PRNG (mulberry32), so the same seed always yields the same
 * bytes; `test/sources/demo.test.ts` checks the committed file against this script. The world
 * (Brindlepost, its competitors, people, incidents) is invented — see `data/demo/README.md`.
 * Most of this file is word lists and sentence templates; the logic is at the bottom.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { seededRandom } from '../src/platform/random.js';

export const CORPUS_SEED = 20_261_120;
/** The corpus ends here; rebasing in the demo source moves it to "now". */
export const CORPUS_END = Date.parse('2026-11-20T18:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
export const CORPUS_START = CORPUS_END - 7 * DAY;

export const CATEGORIES = [
  'outage', 'security', 'bug', 'feature_request', 'churn_risk', 'competitor',
  'question', 'complaint', 'praise', 'research', 'other',
] as const;
export type Category = (typeof CATEGORIES)[number];
export const PLATFORMS = ['x', 'reddit', 'hackernews', 'forum'] as const;
export type Platform = (typeof PLATFORMS)[number];

export interface CorpusAuthor { id: string; handle: string; name: string; followers: number }
export interface CorpusMetrics { likes: number; reposts: number; replies: number; quotes: number; views: number }
/** One line of the corpus. `expected` is the generator's intent, not ground truth. */
export interface CorpusRecord {
  id: string;
  platform: Platform;
  url: string;
  title?: string;
  text: string;
  lang: string;
  createdAt: string;
  author: CorpusAuthor;
  metrics: CorpusMetrics;
  queries: string[];
  expected: Category;
  incident?: string;
}

// ---------------------------------------------------------------- randomness

export const mulberry32 = seededRandom;

interface Rng {
  next(): number;
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(xs: readonly T[]): T;
  weighted<T extends string>(w: Readonly<Record<T, number>>): T;
  logNormal(mu: number, sigma: number): number;
}

const createRng = (seed: number): Rng => {
  const next = mulberry32(seed);
  const pick = <T>(xs: readonly T[]): T => {
    const x = xs[Math.floor(next() * xs.length)];
    if (x === undefined) throw new Error('pick from an empty list');
    return x;
  };
  const weighted = <T extends string>(w: Readonly<Record<T, number>>): T => {
    const entries = Object.entries(w) as [T, number][];
    let r = next() * entries.reduce((s, [, v]) => s + v, 0);
    for (const [k, v] of entries) if ((r -= v) < 0) return k;
    return pick(entries)[0];
  };
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick,
    weighted,
    logNormal: (mu, sigma) => Math.exp(mu + sigma * normal()),
  };
};

// ---------------------------------------------------------------- the fictional world

const P = 'Brindlepost';
const COMPETITORS = ['Kestrelboard', 'Ferncircle', 'Taskmoth'] as const;
const STATUS_URL = 'https://status.brindlepost.example';

/** Slot values; a value may itself contain slots. `{p}` and `{comp}` are fixed per post. */
const SLOTS: Record<string, readonly string[]> = {
  feat: ['search', 'the timeline view', 'huddles', 'threads', 'the inbox', 'notifications', 'boards', 'sprint planning', 'task cards', 'Brindle AI summaries', 'guest access', 'calendar sync', 'file previews', 'the desktop app', 'reminders', 'custom fields', 'the GitHub integration', 'webhooks', 'recurring tasks', 'slash commands'],
  mob: ['iOS app', 'Android app', 'mobile app', 'iPad app'],
  team: ['our team', 'my team', 'the whole eng org', 'our 40-person company', 'the design team', 'my team of 8', 'our support team', 'the agency', 'our startup', 'half the company'],
  eneg: ['😤', '🙃', '😩', '🤦', '💀', '😭', '🫠', '👎', '😑', '🤬'],
  epos: ['🙌', '🎉', '❤️', '💯', '✨', '👏', '🚀', '😍', '👌', '🥹'],
  dur: ['for 20 minutes', 'for the last half hour', 'since lunch', 'for like an hour', 'for 10+ min', 'for ages', 'for 40 minutes now', 'since standup'],
  meeting: ['standup', 'a client demo', 'sprint review', 'the board meeting', 'an all-hands', 'a customer call', 'our release', 'a pitch'],
  region: ['EU', 'us-east', 'London', 'Berlin', 'NYC', 'Sydney', 'São Paulo', 'Toronto', 'India', 'the US', 'Amsterdam', 'Lagos'],
  oSym: ["messages stuck on 'sending'", "the app stuck on 'Reconnecting…'", "boards won't load", 'getting 502s', 'login just spins', 'everything times out', 'a blank white screen', "'Something went wrong (E-1042)'", "can't send anything", 'sync is broken'],
  err: ['502 Bad Gateway', '503s', 'a 504', '"Something went wrong (E-1042)"', 'Error 500', 'ERR_CONNECTION_RESET', 'timeouts everywhere'],
  price: ['$9 to $12 per seat', '$9 to $12 a seat', '9 to 12 bucks per user'],
  seats: ['12', '25', '40', '60', '150', '300', '18', '75', '9'],
  days: ['3 days', '5 days', 'a week', '9 days', 'two weeks', '6 business days', '4 days'],
  reason: ['the new pricing is absurd', 'support takes a week to reply', "it's just gotten slow", 'too many outages lately', 'the mobile app is a mess', 'we only used half of it anyway', '{comp} does the same for way less', 'the API limits killed our integrations'],
  cfeat: ['offline mode', 'a native Linux app', 'Gantt charts', 'AI standups', 'SCIM on every plan', 'encrypted DMs', 'webhooks for everything', 'time tracking'],
  cverdict: ['faster, uglier, cheaper.', "the search is miles better than {p}'s.", 'honestly not worth the migration pain.', 'love the shortcuts, hate the notifications.', "it's {p} with better defaults.", 'their mobile app actually works.'],
  blog: ['https://blog.nimbleops.example/async-tools-2026', 'https://medium.example/@tamsin/tool-comparison', 'https://teamcraft.example/reviews/collab-suites', 'https://substack.example/p/the-chat-tool-wars'],
  city: ['Berlin', 'Austin', 'Lisbon', 'Toronto', 'Bangalore', 'Leeds', 'Melbourne'],
  durDe: ['einer halben Stunde', 'heute Morgen', '20 Minuten'],
  n: ['2', '3', '4', '5', '6', '7', '11', '14'],
};

type Tpl = string | readonly [title: string, text: string];
interface CategoryText {
  /** Post bodies; a tuple carries a matching title for reddit/forum/HN. */
  posts: readonly Tpl[];
  /** Titles for posts without their own. */
  titles: readonly string[];
  /** Extra sentences appended on long-form platforms. */
  details: readonly string[];
  /** [lang, text]; used for a few posts on x. */
  foreign?: readonly (readonly [string, string])[];
  emoji: readonly string[];
  tags: readonly string[];
}

const OUTAGE_POSTS: readonly string[] = [
  'is {p} down for anyone else? {oSym}',
  '{p} down again?? {oSym} {eneg}',
  '{oSym}. {p} status page says all systems operational lol',
  'anyone else getting {err} on {p} right now',
  'love how {p} picks the exact moment of {meeting} to fall over. impeccable timing',
  '{p} outage is costing us real money rn. {team} is completely blocked',
  'welp. {p} is down. guess I will go touch grass',
  '{p} completely down in {region}. {oSym}',
  'Not just you — {p} is down. {oSym}',
  '@brindlepost your app is down and the status page is still green. please update {status}',
  'Is there an ETA on the {p} outage? {team} is blocked',
  '{p} has been down {dur}. how is this still happening in 2026',
  'me refreshing {p} every 30 seconds like it is going to fix itself',
  "PSA: {p} is having an outage, don't bother reinstalling the app",
  'so {p} is down and suddenly everyone remembered email exists',
  'Can confirm {p} is broken here too ({region}). {oSym}',
  '{p} just ate my message mid-send and now nothing loads',
  'our incident channel for the {p} outage is... on {p}. love that for us',
  'downdetector lighting up for {p} right now',
  'still down in {region}. {p} any update??',
  '{p} is down. {meeting} in 10 minutes. cool cool cool',
  "it's not your wifi, {p} is down",
  "{p} outage. {oSym} on web AND desktop. it's not us",
];

const INCIDENTS = [
  {
    id: 'inc-2026-11-16-messaging', start: Date.parse('2026-11-16T14:05:00Z'), size: 95,
    sym: ["messages stuck on 'sending'", "the app stuck on 'Reconnecting…'", "boards won't load", 'a blank white screen after login', "channels showing 'Something went wrong (E-1042)'"],
    posts: [
      'none of my {p} messages are going through, all stuck on sending',
      '{p} web and desktop both dead here. {sym}',
      'whole company on {p} and nobody can send a message. this is fine 🔥',
      'Major {p} outage right now — messages not delivering and boards not loading. {status}',
      'had to move our standup to a phone call because {p} is down. like it is 2009',
    ],
    status: [
      "We're investigating reports of message delivery delays and boards failing to load. Updates at {status}",
      'Identified: a database failover in our primary region is delaying message delivery. A fix is rolling out now. {status}',
      "Resolved: message delivery and boards have recovered for all workspaces. We're sorry — a full incident review will follow on {status}",
    ],
  },
  {
    id: 'inc-2026-11-18-api', start: Date.parse('2026-11-18T09:20:00Z'), size: 55,
    sym: ['502s from the API', 'webhooks not arriving', "'upstream connect error' from the API", 'API requests timing out after 30s'],
    posts: [
      '{p} API returning 502 on every request. our CI integration is dead',
      'webhooks from {p} stopped arriving {dur}. anyone else?',
      'api.brindlepost.example/v3/tasks -> 502 Bad Gateway. so much for automating standups',
      'our GitHub → {p} sync is broken, PRs are not linking to tasks. {sym}',
      '{p} API down? getting upstream connect error on /v3/messages',
      'every {p} integration we have is failing. zapier, github, our own bot. {sym}',
      "{p} UI works but the API doesn't. half our workflow is automated so... we're down",
    ],
    status: [
      "We're investigating elevated error rates on the public API and delayed webhook delivery. {status}",
      'Identified: a faulty load balancer config is returning 502s for API traffic. Rolling back now. {status}',
      'Resolved: API error rates are back to normal and queued webhooks have been delivered. {status}',
    ],
  },
  {
    id: 'inc-2026-11-19-mobile', start: Date.parse('2026-11-19T22:40:00Z'), size: 40,
    sym: ['a login loop on the iOS app', 'no push notifications', "'session expired' every few seconds on Android", 'the magic link opening the app and then nothing'],
    posts: [
      '{p} iOS app logs me out and then loops on the login screen forever after the 6.4.0 update',
      'push notifications from {p} stopped entirely tonight. missed a page from a customer {eneg}',
      "can't log into {p} on my phone. magic link opens the app and then nothing",
      "{p} android app: 'session expired' every 10 seconds. uninstall/reinstall didn't help",
      'is the {p} mobile app down? {sym}',
    ],
    status: [
      "We're investigating login failures and missing push notifications on our mobile apps. {status}",
      'Identified: the 6.4.0 mobile release broke token refresh. We are pushing a server-side fix. {status}',
      'Resolved: mobile sign-in and push notifications are working again. Please update to 6.4.1. {status}',
    ],
  },
] as const;

const TEXTS: Record<Category, CategoryText> = {
  outage: {
    posts: OUTAGE_POSTS,
    titles: ['Is Brindlepost down right now?', 'Brindlepost not loading for anyone else?', 'Brindlepost outage today?', 'Brindlepost down — megathread', 'Brindlepost stuck on reconnecting', 'PSA: Brindlepost is having an outage'],
    details: ['Tried web, desktop and mobile, same thing.', 'Status page was green for the first 30 minutes.', "We're a remote team so this basically means no communication at all.", 'Cleared cache, different network, no luck.', 'Our on-call rotation lives in it, which is fun.', 'Anyone know a workaround?', 'Edit: seems to be coming back slowly for some people.'],
    foreign: [['es', '¿A alguien más se le cayó {p}? No carga nada desde hace media hora'], ['de', 'Ist {p} gerade down? Nachrichten hängen alle bei „Wird gesendet…“'], ['fr', "{p} est en panne ? impossible d'ouvrir les tableaux depuis ce matin"], ['pt', '{p} caiu de novo? nada carrega aqui'], ['ja', '{p}落ちてる？メッセージが送信できない'], ['it', '{p} è giù? non riesco a mandare nessun messaggio'], ['de', '{p} lädt bei mir seit {durDe} nicht mehr. Geht es euch auch so?'], ['es', '{p} caído en {region}. Nadie del equipo puede entrar'], ['fr', 'Encore une panne {p}… les messages restent bloqués']],
    emoji: ['😤', '🙃', '💀', '🫠', '😩'],
    tags: ['#outage', '#downtime', '#brindlepost', '#devops', '#saas'],
  },
  security: {
    posts: [
      ['Stored XSS in Brindlepost task descriptions', 'Found a stored XSS in {p} task descriptions: a crafted markdown link runs JS when someone hovers it. Reported through their bug bounty. #bugbounty'],
      ['CVE-2026-41873: link preview XSS in Brindlepost Desktop', 'CVE-2026-41873: XSS to RCE in {p} Desktop < 5.12.3 via malicious link previews. Update your desktop clients today. https://advisories.example/CVE-2026-41873'],
      ['Public S3 bucket with Brindlepost workspace exports?', "Someone found a public S3 bucket called bp-exports-prod full of {p} workspace export zips. Hoping it's a test bucket 😬"],
      ['Phishing: fake Brindlepost billing emails', "Heads up: phishing emails pretending to be {p} billing ('Your workspace will be suspended') are going around. The link goes to brindlepost-billing-support.invalid — do NOT enter your password"],
      ['Fake "Brindlepost security alert" asks you to re-verify SSO', "Got a very convincing '{p} security alert' email asking me to re-verify SSO. It's phishing. Sender domain is brindlep0st.example. Tell your users."],
      ['Brindlepost sessions survive Okta deprovisioning', "{p} SAML: removing a user in Okta doesn't kill their active sessions. An ex-employee still had access 3 days later. That's a security hole, not a feature request."],
      ['2FA bypass via password reset on mobile?', 'You can apparently skip {p} 2FA by going through the password reset flow on mobile. Reported it, waiting to hear back.'],
      ['Brindlepost search API leaks private board names to guests', '{p} guests can see private board names through the search API. Small, but leaky. Reported.'],
      ['Unsigned webhooks in Brindlepost', "{p} webhooks aren't signed, so anyone who finds your endpoint URL can forge events. Please add HMAC signatures."],
      ['Our security team blocked the Brindlepost desktop app', 'our security team just blocked the {p} desktop app company-wide until the CVE patch is rolled out. back to the browser'],
      ['Pentest finding: Brindlepost invite links never expire', 'pentest finding this week: {p} invite links never expire and grant full member access. yikes.'],
      ['Email notifications leak private channel content', '{p} email notifications include the full message text, including private channels. Compliance is not thrilled.'],
      ['IDOR in Brindlepost attachments?', "{p} IDOR? changing the attachment id in the download URL lets you fetch files from other workspaces. if true that's huge. anyone verified?"],
      ['Brindlepost API token shows up in URL query strings', '{p} OAuth flow puts the access token in the URL query string, so it ends up in proxy logs. Not great.'],
      'patch your {p} desktop app, the link preview CVE is being exploited in the wild according to a few IR folks',
      'reminder that {p} admins can read DMs via the compliance export. make sure your team knows',
    ],
    titles: ['Brindlepost security issue', 'Security concern with Brindlepost', 'Brindlepost vulnerability report'],
    details: ['Disclosure timeline is in the writeup.', 'No response from their security@ address yet.', 'If you run Brindlepost at work, tell your security team.', 'Rotate your credentials to be safe.', 'They do have a bug bounty, to be fair.'],
    emoji: ['😬', '🚨', '⚠️', '🔓'],
    tags: ['#infosec', '#security', '#appsec', '#bugbounty', '#cybersecurity'],
  },
  bug: {
    posts: [
      ['Search misses messages older than 90 days', "{p} search can't find messages older than 90 days, even on the Business plan. bug or 'feature'?"],
      ['Dark mode resets on restart', 'the dark mode toggle in {p} resets every time I restart the desktop app'],
      ['Mobile app crashes on large PDFs', '{p} {mob} crashes when I attach a PDF bigger than ~10MB. 100% reproducible'],
      ['Due dates off by one day after DST', 'due dates in {p} are off by one day since the DST change. everything is due a day early 😅'],
      ['CSV export replaces emoji with ??', '{p} CSV export drops every emoji and replaces it with ??'],
      ['Markdown tables broken on mobile', 'markdown tables in {p} render as raw pipes in the {mob}'],
      ['Duplicate notifications on Android 15', 'notifications from {p} arrive twice on Android 15. one silent, one loud. every time.'],
      ['Channels stay unread after reading', '{p} keeps marking channels as unread after I have read them on desktop'],
      ['Cards jump back after moving to Done', "bug: dragging a card to 'Done' in {p} boards sometimes puts it back in 'In progress' after a refresh"],
      ['Desktop app memory leak', '{p} desktop eats 2.5GB RAM after a day open. restarting it is part of my morning routine now'],
      ['GitHub integration links PRs to the wrong task', 'the {p} GitHub integration links PRs to the wrong task when the branch name has a slash in it'],
      ['Timeline view shows wrong week', '{p} timeline view puts tasks in the wrong week if your locale starts weeks on Monday'],
      ['Zero-width spaces in copied code blocks', 'copy-pasting code blocks out of {p} adds invisible zero-width spaces. broke our deploy script. fun afternoon'],
      ['Mentions do not autocomplete guests', '@-mentions in {p} never autocomplete guest users'],
      ['Recurring tasks duplicate themselves', "{p} recurring tasks duplicate themselves when you edit the recurrence. I now have 14 'weekly report' tasks"],
      ['Typing lag in long threads', 'typing in long {p} threads lags like 300ms per keystroke'],
      ['Calendar sync marks tentative events busy', "{p} calendar sync shows every event as 'busy', even the tentative ones"],
      ['Uploaded screenshots get rotated', 'uploaded a screenshot to {p} and it came out rotated 90 degrees. why'],
      ['Mobile app forgets the workspace', 'the {p} {mob} forgets which workspace I was in every single time I open it'],
      ['Priority sort is alphabetical', "sorting by priority in {p} lists puts 'Urgent' at the bottom. alphabetical sort, I assume"],
      ['AI summary attributes messages to the wrong person', "{p}'s AI recap attributed my coworker's message to me. awkward"],
      ['Huddles drop audio on Firefox', 'huddles in {p} drop audio every ~4 minutes on Firefox'],
      ['Renaming a channel breaks message links', 'if you rename a channel in {p} every old link to a message in it 404s'],
      ['API updated_at not in UTC', '{p} API returns tasks with `updated_at` in local time instead of UTC. the docs say UTC'],
      ['API pagination skips messages', 'pagination on the {p} API /v3/messages skips items when new messages arrive between pages'],
      ['Webhooks delivered three times', '{p} webhook retries fire even when our endpoint returns 200. getting every event 3x'],
      ['Custom fields vanish when moving cards', 'custom fields disappear from {p} cards when you move them between boards'],
      ['Links open in Safari instead of default browser', "{p}'s desktop app won't open links in my default browser, always Safari"],
      ['Phantom notification badge', "since the last update {p} shows '1 new notification' forever. there is no notification"],
      ['Do-not-disturb ignored on iPad', "{p} doesn't respect my do-not-disturb schedule on iPad"],
      ['/remind uses UTC', 'the {p} /remind command sets reminders in UTC, not my timezone. ask me how I know'],
      ['Image paste broken on Linux', 'pasting an image into {p} (web, Linux) does nothing. works in every other app'],
      ['Guest invite redirect loop', 'guest users in {p} get an infinite redirect when they accept invites from Outlook links'],
      ['Emoji picker search broken', "the {p} emoji picker returns nothing for 'thumbs'. the most important emoji!"],
    ],
    titles: ['Bug report', 'Anyone else seeing this bug?', 'Reproducible bug in Brindlepost'],
    details: ['Steps to reproduce are in my ticket, happy to share.', 'Happens on both Chrome and the desktop app.', 'Started after the latest update.', 'Support asked me to clear cache. Did not help.', 'Version 6.3.2 on macOS 15.', 'Workaround for now: reload the page.'],
    foreign: [['de', 'Bei {p} springen Karten nach dem Verschieben wieder zurück. Seit dem letzten Update.'], ['es', 'En {p} las fechas de vencimiento salen un día antes desde el cambio de horario'], ['fr', "Bug {p} : l'export CSV remplace tous les emojis par des ??"], ['pt', 'O app do {p} fecha sozinho quando anexo um PDF grande']],
    emoji: ['🐛', '🙃', '🤔', '😅'],
    tags: ['#bug', '#brindlepost', '#qa'],
  },
  feature_request: {
    posts: [
      ['Linux desktop app?', 'would genuinely pay extra for a native Linux {p} app. the web wrapper is fine until it isn\'t'],
      ['Offline mode please', '{p} please add offline mode. I write most of my task notes on trains with zero signal'],
      ['SCIM on the Business plan', 'we need SCIM on the {p} Business plan, not just Enterprise. manually offboarding 200 people is not it'],
      ['Snooze a thread until a date', "feature request for @brindlepost: let me snooze a thread until a specific date, not just 'later'"],
      ['Gantt view', '{p} needs a Gantt view. I know, I know. but my boss lives in Gantt charts'],
      ['Custom keyboard shortcuts', 'please let us set custom keyboard shortcuts in {p}. cmd+k conflicts with half my tools'],
      ['Export a board to PDF', '{p} should let me export a board to PDF for clients who refuse to log in'],
      ['Encrypted DMs', 'wish {p} had end-to-end encrypted DMs. legal keeps asking and I keep shrugging'],
      ['Read-only guest role', "can {p} add a 'read-only guest' role? guests editing tasks is chaos"],
      ['Webhook for task moved', "webhook event for 'task moved between columns' when, {p}? we're polling the API every minute"],
      ['Mute a channel for a week', "dear {p}, a 'mute this channel for 1 week' option would save my sanity"],
      ['Mermaid diagrams', 'would love {p} to render Mermaid diagrams in docs and messages'],
      ['AI summaries in other languages', 'I want Brindle AI summaries in my language. German teams exist 😅'],
      ['Live presence on tasks', "{p} feature idea: show who's looking at a task right now, like cursors in Figma"],
      ['Bulk edit', 'bulk edit in {p} lists pls. changing the assignee on 40 tasks one by one is my villain origin story'],
      ['Custom emoji on Team plan', '{p} needs custom emoji upload on the Team plan. our memes deserve it'],
      ['Task dependencies', "please add real dependencies between tasks in {p}. 'blocked by' is just a label right now"],
      ['Per-channel retention', '{p} should let admins set message retention per channel, not only workspace-wide'],
      ['Built-in time tracking', 'time tracking built into {p} cards would let us drop yet another tool'],
      ['Dark mode on mobile', 'can we get dark mode in the {p} {mob}? desktop has had it for a year'],
      ['Scheduled messages', "dear @brindlepost: let me schedule messages. I don't want to ping people at 11pm"],
      ['Native Jira importer', '{p} + Zapier is fine but a native Jira importer would get our whole org to switch'],
      ['Unassigned tasks view', "feature request: an 'unassigned tasks' smart view in {p}"],
      ['Higher API rate limits', '{p} API limit is 60 requests/min. please offer a higher tier for integrations'],
      ['Pin messages in threads', 'let me pin messages inside a thread in {p}, not only per channel'],
      ['Checkboxes become tasks', 'let markdown checkboxes in {p} messages turn into tasks. that is the killer feature right there'],
      ['Focus mode', "can {p} add a focus mode that hides everything except the tasks assigned to me"],
      ['Voice notes in DMs', 'voice notes in {p} DMs would be nice. my team is 50% voice-note people'],
      ['Saved searches', 'saved searches in {p}. please. I type the same filter every morning'],
      ['Public roadmap template', "if {p} had a public roadmap board template I'd use it for our product tomorrow"],
    ],
    titles: ['Feature request', 'Feature idea for Brindlepost', 'Would love this in Brindlepost'],
    details: ['Happy to beta test.', 'Would pay for it as an add-on honestly.', 'Upvote on the feedback board if you agree.', 'Every other tool we evaluated has this.', 'It has been on the feedback board for two years.'],
    foreign: [['de', 'Bitte {p}: endlich eine native Linux-App! Würde sofort zahlen'], ['fr', "{p} devrait permettre de programmer l'envoi des messages. Pas envie de déranger à 23h"]],
    emoji: ['🙏', '💡', '✨', '👀'],
    tags: ['#featurerequest', '#productivity', '#brindlepost'],
  },
  churn_risk: {
    posts: [
      "we're cancelling {p} at the end of the month. the price hike was the last straw",
      'migrating {seats} seats from {p} to {comp} this week. wish us luck',
      'after 3 years on {p} we are switching to {comp}. {reason}',
      "our {p} renewal is in January and honestly I'm shopping around. {comp} demo on Thursday",
      'seriously considering dropping {p}. anyone migrated off it to {comp}? how painful was the export?',
      'just cancelled my {p} subscription. {reason}',
      '{team} voted to leave {p}. {comp} won 11 to 3',
      "if {p} goes down one more time this month I'm moving us to {comp}. not joking",
      'finance flagged {p} as the first tool to cut next quarter. hard to argue after the {price} jump',
      'bye {p} 👋 it was good while it lasted',
      "{p} support never answered my ticket so I'm answering with my wallet. cancelled.",
      'trialing {comp} in parallel with {p}. so far {comp} wins on speed',
      'any tool to bulk export {p} boards? planning our exit',
      "told our {p} account manager we're not renewing. suddenly there's a 40% discount. funny how that works",
      "we're down to 12 seats on {p} from 60. the rest of the company already moved to {comp}",
      "not renewing {p}. {reason}. it's a shame, it used to be great",
      'exporting everything out of {p} tonight. moving to {comp} on Monday',
      'our CTO just asked me to price out {comp} as a replacement for {p}. the outages got noticed upstairs',
    ],
    titles: ['Leaving Brindlepost — what did you switch to?', 'Migrating off Brindlepost', 'Thinking about cancelling Brindlepost', 'Is it time to leave Brindlepost?'],
    details: ["We've been paying customers since 2022.", 'The export was painful but doable.', 'Would love to hear from anyone who made the move.', 'Honestly it is mostly the pricing.', 'Our contract ends in six weeks.'],
    foreign: [['de', 'Wir kündigen {p} zum Monatsende und wechseln zu {comp}. Die Preiserhöhung war zu viel'], ['es', 'Nos vamos de {p}. {comp} hace lo mismo por la mitad']],
    emoji: ['👋', '💸', '🫡'],
    tags: ['#saas', '#startups', '#tools'],
  },
  competitor: {
    posts: [
      '{comp} vs {p} for a 20-person startup? go',
      '{comp} just shipped {cfeat}. {p} has been "exploring" that for two years',
      'hot take: {comp} is what {p} was in 2022',
      'tried {comp} for a week. {cverdict}',
      '{comp} announced a free plan for teams under 10. somebody at {p} is nervous today',
      "{comp} raised a $60M Series C. their sales team is already emailing every {p} customer lol",
      'comparison of {p}, {comp} and {comp2} for async teams: {blog}',
      "{comp}'s new AI standup feature is kinda wild ngl",
      '{comp} is down too? rough week for collaboration tools',
      "{comp}'s pricing page is so much clearer than {p}'s. I know what I'll pay",
      'our agency uses {p} internally but half our clients are on {comp}. context switching all day',
      '{comp} import from {p} took 6 minutes for our whole workspace. impressive, not gonna lie',
      'is {comp} actually self-hostable or is that marketing?',
      '{comp} keynote today: {cfeat}, a new mobile app, and a migration tool aimed squarely at {p}',
      'the {comp} vs {comp2} debate in our office is getting heated',
      '{comp} has a cleaner mobile app, {p} has better threads. pick your poison',
      'watching {comp} eat {p} market share in real time is something',
      'anyone benchmarked {comp} search against {p}? ours is 40k messages',
      "{comp}'s onboarding is genuinely excellent. 3 minutes from signup to first board",
    ],
    titles: ['Brindlepost vs Kestrelboard vs Ferncircle?', 'Has anyone compared these tools?', 'Competitor check-in', 'Thoughts on the new Taskmoth release?'],
    details: ['We are a mostly remote team across 3 timezones.', 'Price matters but not as much as search.', 'Curious what the HN crowd thinks.', 'Not affiliated with any of them.'],
    emoji: ['👀', '🍿', '🤔'],
    tags: ['#saas', '#productivity', '#remotework', '#startups'],
  },
  question: {
    posts: [
      ['How do I export all channels?', 'how do I export ALL my channels from {p}, threads included? the export button only does one channel at a time'],
      ['SSO on the Team plan?', 'does {p} support SSO with Okta on the Team plan or is that Business only?'],
      ['API rate limit for /v3/tasks?', 'anyone know the {p} API rate limit for the /v3/tasks endpoint? docs don\'t say'],
      ['Can guests see private boards?', "can guests see private boards in {p} if they're added to a task on that board?"],
      ['Stop email for every reaction?', 'is there a way to make {p} stop emailing me for every single reaction?'],
      ['How do you structure channels vs boards?', 'how do you all structure channels vs boards in {p}? we have 300 channels and it is a mess'],
      ['Free plan history limit?', 'does {p} keep message history forever on the free plan?'],
      ['Move a task between workspaces?', '{p} question: can I move a task to another workspace without losing the comments?'],
      ['Good sprint retro template?', 'does anyone have a good {p} template for sprint retros?'],
      ['Is the desktop app Electron?', 'is the {p} desktop app just Electron? asking because RAM'],
      ['Can huddles be recorded?', 'can {p} huddles be recorded? need it for our async folks'],
      ['Notifications into PagerDuty?', "what's the best way to get {p} alerts into PagerDuty?"],
      ['Is Brindlepost HIPAA compliant?', 'is {p} HIPAA compliant? need to know before we put patient scheduling in it'],
      ['Where is EU data stored?', 'where is data stored for EU {p} workspaces? GDPR question from our DPO'],
      ['Undo archiving a board?', 'how do I undo archiving a board in {p}?'],
      ['Official Terraform provider?', 'does {p} have an official Terraform provider or is it community only?'],
      ['Does Brindle AI train on our data?', 'can we use Brindle AI without it training on our data? cannot find a clear answer anywhere'],
      ['Is there a CLI?', 'is there a {p} CLI? want to create tasks from my terminal'],
      ['Transfer workspace ownership?', 'how do I transfer ownership of a {p} workspace when the owner left the company?'],
      ['Webhook payload size limit?', "anyone using {p} webhooks with Cloudflare Workers? what's the max payload size?"],
      ['Nonprofit discount?', 'does {p} offer nonprofit discounts?'],
      ['Guests after downgrading?', 'what happens to guest accounts when you downgrade {p} from Business to Team?'],
      ['Week numbers in calendar?', 'how do you get {p} to show week numbers in the calendar view?'],
      ['Reminders for someone else?', 'is it possible to set a {p} reminder for someone else?'],
      ['Shared channels with other companies?', "can you share a {p} channel with another company's workspace?"],
      ['Import from Trello?', 'has anyone imported a big Trello account into {p}? does it keep attachments?'],
      ['Keyboard shortcut for new task?', 'what is the {p} keyboard shortcut to create a task from a message?'],
    ],
    titles: ['Quick question', 'Question about Brindlepost', 'Help: Brindlepost setup question'],
    details: ['Searched the docs and the community forum, no luck.', 'We are on the Team plan, 35 seats.', 'Thanks in advance!', 'Support said they would get back to me but that was days ago.'],
    foreign: [['es', '¿Alguien sabe si {p} tiene descuento para ONGs?'], ['pt', 'Alguém sabe como exportar todos os canais do {p}?'], ['fr', '{p} stocke les données européennes où exactement ? Question RGPD'], ['de', 'Weiß jemand, ob {p} SSO mit Okta im Team-Tarif kann?']],
    emoji: ['🤔', '🙏', '❓'],
    tags: ['#help', '#brindlepost', '#productivity'],
  },
  complaint: {
    posts: [
      '{p} raising the Team plan from {price}... for what exactly? the same product with more upsell banners',
      "opened a {p} support ticket {days} ago. still 'we're looking into it'",
      'the new {p} sidebar redesign is awful. nobody asked for this',
      '{p} is so slow lately. 4 seconds to open a task. FOUR.',
      'why does {p} show me an upgrade popup every time I use a feature that used to be free',
      '{p} support replied with a canned answer that had nothing to do with my question. again.',
      'the {p} {mob} battery drain is unreal. 18% overnight doing nothing',
      '{p} notifications are out of control. pinged for things I never even followed',
      'great, another {p} price increase. love that for us',
      '{p} moved the archive button AGAIN. muscle memory destroyed',
      "{p}'s AI summaries are on by default and can't be turned off on the Team plan. not everyone wants this",
      'why does {p} charge for guests now? they are clients, they log in twice a year',
      '{p} onboarding emails: 7 in 5 days. please stop.',
      'our {p} invoice went up 30% with zero notice',
      '{p} search is painfully bad. I know the message exists. I wrote it.',
      "stop putting features I already pay for behind the 'Brindle AI' add-on, {p}",
      'chat support at {p} is a bot that links the same docs page 3 times',
      "{p} used to be simple. now it's a 'work OS'. I just wanted tasks and chat",
      'a forced {p} desktop update mid-meeting. bold choice',
      'waited {days} for {p} billing to fix a double charge. still no refund',
      'the {p} status page said "minor degradation" while we could not send a single message. come on',
      "still no incident report from {p} about Monday's outage. transparency please",
    ],
    titles: ['Frustrated with Brindlepost lately', 'Brindlepost pricing change', 'Brindlepost support is getting worse', 'Rant: Brindlepost'],
    details: ['I really want to like it.', 'We have been loyal customers for years.', 'Am I the only one?', 'Sorry for the rant.', 'The product is fine, the company decisions are not.'],
    foreign: [['de', 'Die neue Preiserhöhung bei {p} ist eine Frechheit. 33% mehr für nichts'], ['fr', 'Le support de {p} met une semaine à répondre. Sérieusement ?'], ['es', 'Otra subida de precio de {p}. Ya van dos este año'], ['pt', 'O suporte do {p} demora uma semana para responder']],
    emoji: ['🙃', '😑', '🤦', '💸'],
    tags: ['#saas', '#customerservice', '#pricing'],
  },
  praise: {
    posts: [
      "{p}'s new timeline view is chef's kiss",
      'shoutout to {p} support — answered my question in 4 minutes on a Sunday',
      'moved {team} from spreadsheets to {p} last month and standups are half as long now',
      'the {p} keyboard shortcuts are so good I try to use them in other apps',
      'Brindle AI summaries saved me an hour after vacation. 400 messages caught up in 5 min',
      '{p} huddles replaced 80% of our zoom calls. no more calendar tetris',
      'genuinely love {p}. switched from {comp} last year and never looked back',
      'the {p} {mob} update is smooth. finally feels native',
      '{p} just works. that is the review.',
      'the {p} API docs are some of the best I have used. examples for everything',
      'thank you @brindlepost for the Linux beta 🐧',
      'our designer cried (happy tears) at the new {p} board themes',
      'small thing but dragging files from Finder straight into {p} tasks is lovely',
      '{p} recurring tasks keep my entire freelance business alive',
      'been on {p} since the 2021 beta. still the best tool in our stack',
      'the way {p} threads connect to tasks is the thing I miss every time I use anything else',
      'hats off to {p} for the student plan. my whole capstone team uses it',
      '{p} search got so much faster this week. whatever you did, thank you',
      'onboarded 30 new hires onto {p} this month and nobody needed training. that says a lot',
    ],
    titles: ['Appreciation post for Brindlepost', 'Brindlepost got something really right', 'Small win with Brindlepost'],
    details: ['No affiliation, just a happy customer.', 'Keep it up.', 'Not everything is perfect but this part is great.', 'Give the team a raise.'],
    foreign: [['es', 'La nueva vista de línea de tiempo de {p} es una maravilla'], ['de', '{p} Support hat in 5 Minuten geantwortet. Danke!'], ['pt', 'Adoro o {p}, melhor ferramenta da equipe'], ['fr', "Les résumés IA de {p} m'ont sauvé la matinée"], ['it', 'Il supporto di {p} mi ha risposto in 5 minuti, bravissimi'], ['de', 'Die neue Timeline-Ansicht in {p} ist richtig gut geworden']],
    emoji: ['🙌', '🎉', '❤️', '✨', '👏', '💯'],
    tags: ['#productivity', '#remotework', '#brindlepost'],
  },
  research: { posts: [], titles: [], details: [], emoji: ['📄', '🧵', '🔬'], tags: ['#CRDT', '#distributedsystems', '#NLP', '#LLM', '#HCI', '#research'] },
  other: {
    posts: [
      'wearing my {p} hoodie to the conference and 3 people asked if it is a band',
      "We're hiring! Senior backend engineer, remote EU. Our stack: Go, Postgres, and {p} for everything else. https://jobs.nimbleops.example/backend",
      '🚀 FREE {p} Premium giveaway!! follow + RT + click https://bp-free-premium.invalid 🚀',
      'my brindle greyhound just stole a sandwich off the counter 🐕',
      'Brindle Post Office on Main St closed early again. third time this month',
      'monday. coffee. 47 unread {p} notifications. let us begin',
      'the {p} booth at the conference has the best stickers, not even close',
      'Webinar tomorrow: "Running async teams" with folks from {p}. link in bio',
      'brindle cats are underrated and I will not be taking questions',
      'anyone going to the {city} product meetup thursday? the {p} folks are hosting',
      'new blog post: how we run weekly planning (we use {p}, but the process matters more) {blog}',
      'Earn $5000 daily working from home 💰💰 DM me #brindlepost #remotework #crypto',
      'drew the {p} mascot in procreate today, the little owl deserves more love',
      'my kid asked what I do at work and I said "move cards in {p}" and honestly that is accurate',
      'brindle boxer puppy update: he ate a sock. he is fine. the sock is not',
      'first day at the new job. they use {p}, {comp}, and a shared google sheet. chaos tier: high',
      'podcast rec: this week\'s episode interviews the {p} founders about bootstrapping',
      'Brindlepost Lane is closed for roadworks until Friday, use the bypass',
      'naming our new puppy Brindle because of course',
      'our {p} workspace has a #pets channel with 400 members and 3 work channels with 12. priorities',
    ],
    titles: ['Random thought', 'Off topic', 'Weekend thread'],
    details: ['Anyway, happy Friday.', 'That is all.', 'Carry on.'],
    emoji: ['😂', '🐕', '☕', '😅'],
    tags: ['#mondaymotivation', '#remotework', '#life'],
  },
};

/** Openers and closers that vary the voice of a post; `open` lowercases what follows. */
const GENERIC_OPEN = ['ok so ', 'honestly, ', 'not gonna lie, ', 'ngl ', 'so… ', 'hmm. ', 'random but ', 'fyi '];
const GENERIC_CLOSE = [' anyone else?', ' thoughts?', ' smh', ' just me?', ' 🤷', ' sigh.', ' send help', ' ugh'];
const VOICE: Record<Category, { open: readonly string[]; close: readonly string[] }> = {
  outage: { open: ['uhh ', 'ugh. ', 'PSA: ', 'heads up: ', 'great, ', 'welp, ', 'lmao ', 'oh no. '], close: [' anyone else?', ' {dur} now', ' ({region})', ' on the {mob} too', ' not again', ' 🔥🔥', ' what is going on', ' refreshing intensifies'] },
  security: { open: ['heads up: ', 'PSA: ', 'FYI security folks: ', 'yikes. ', 'oof. '], close: [' patch now', ' stay safe out there', ' please fix', ' not great', ' (responsibly disclosed)'] },
  bug: { open: ['found a bug: ', 'bug report: ', 'weird one: ', 'is it just me or ', 'today in bugs: ', 'small thing but '], close: [' (6.3.2, macOS)', ' on Windows 11', ' repro on Chrome and Firefox', ' ticket filed #{num}', ' anyone else?', ' since the last update', ' please fix', ' 🐛'] },
  feature_request: { open: ['feature request: ', 'wishlist: ', 'pls ', 'idea: ', 'would love this: ', 'one ask: '], close: [' 🙏', ' would pay for it', ' +1 if you agree', ' is that so much to ask', ' pretty please', ' thanks in advance', ' (upvoted on the feedback board)'] },
  churn_risk: { open: ['update: ', 'decision made: ', 'well. ', "it's official: ", 'sad news: ', 'welp, '], close: [' 👋', ' RIP', ' wish us luck', ' any migration tips?', ' sad but necessary', ' it was a good run'] },
  competitor: { open: ['interesting: ', 'so ', 'hmm, ', 'ok ', 'spicy: '], close: [' 👀', ' thoughts?', ' 🍿', ' interesting times', ' the race is on'] },
  question: { open: ['quick q: ', 'dumb question but ', 'help: ', 'anyone know: ', 'asking for a friend: ', 'hey folks, '], close: [' thanks!', ' 🙏', ' ty in advance', " couldn't find it in the docs", ' any pointers appreciated', ' (Team plan)'] },
  complaint: { open: ['rant: ', 'ugh, ', 'seriously, ', 'honestly ', 'unpopular opinion: ', 'again: '], close: [' 😑', ' do better', ' come on', ' why', ' not ok', ' every. single. time.', ' rant over'] },
  praise: { open: ['tiny appreciation post: ', 'not sponsored but ', 'genuinely: ', 'ok ', 'happy customer here: ', 'gotta say, '], close: [' {epos}', ' thank you!!', ' 10/10', ' well done team', ' made my day', ' keep it up'] },
  research: { open: ['📄 ', 'worth a read: ', 'cool: ', 'saving this: ', 'neat: '], close: [' recommended', ' 🔬', ' great read', ' bookmarking'] },
  other: { open: ['lol ', 'random: ', 'anyway ', 'fun fact: '], close: [' 😂', ' anyway', ' happy friday', ' that is all'] },
};

/** Invented papers, repos and findings for the `research` category. */
const PAPERS = [
  ['Braid-Merge: Sublinear Merging for Sequence CRDTs at Scale', 'Halden Institute', 'merges 1M concurrent edits in about 40 ms'],
  ['When Do Teams Read? Notification Fatigue in Workplace Chat', 'University of Eastmere', 'past ~60 notifications a day, reply quality drops by half'],
  ['ThreadSumm: Benchmarking LLM Summaries of Multi-Party Work Conversations', 'Norrvik Lab', 'LLM summaries miss 31% of action items in threads over 200 messages'],
  ['Local-First Task Trackers: Convergence, Permissions and Offline Edits', 'Calder Systems Group', 'permission changes are the hard part of offline-first, not merging'],
  ['Fan-out at 10M Sockets: Lessons from Presence Systems', 'Ostrava Systems Lab', 'presence updates are 70% of websocket traffic and mostly useless'],
  ['ChatRetrieve-2: A Benchmark for Semantic Search over Enterprise Chat', 'Marlow AI', 'hybrid BM25 + embeddings beats pure vector search by 12 points'],
  ['Predicting Project Slippage from Team Communication Graphs', 'University of Eastmere', 'reply latency predicts missed deadlines two weeks out'],
  ['Hybrid Logical Clocks Revisited for Mobile-First Collaboration', 'Halden Institute', 'clock skew on phones is far worse than assumed'],
  ['Measuring Context-Switching Costs in Chat-Centric Work', 'Kessel HCI Group', 'each channel switch costs about 9 seconds of refocus time'],
  ['Early-Warning Signals for SaaS Outages from Public Chatter', 'Norrvik Lab', 'social reports lead official status pages by a median of 14 minutes'],
  ['Differentially Private Analytics for Workplace Messaging', 'Marlow AI', 'usable dashboards with epsilon = 1 on 10k-seat orgs'],
  ['Sparse Attention for Long-Thread Summarization', 'Calder Systems Group', 'a 4x cheaper model matches full attention on threads of 500+ messages'],
] as const;
const REPOS = [
  ['loomwright/braidmerge', 'a Rust sequence CRDT with sublinear merges'],
  ['tideline-labs/threadsumm-bench', 'benchmark + leaderboard for work-thread summarization'],
  ['quillfeather/hlc-mobile', 'hybrid logical clocks for flaky mobile networks'],
  ['ostrava-sys/presence-fanout', 'a presence service that survives 10M sockets'],
  ['marlow-ai/chatretrieve', 'eval harness for semantic search over chat logs'],
  ['emberkit/local-first-tasks', 'a local-first kanban board with CRDT sync'],
  ['norrvik/outage-radar', 'detects SaaS outages from social posts before the status page does'],
] as const;
const RESEARCH_POSTS: readonly string[] = [
  'new paper: {ptitle} — {pfind}. {arxiv}',
  '{ptitle} ({plab}) is a great read if you build collaboration tools. {arxiv}',
  'interesting result in {ptitle}: {pfind} {arxiv}',
  'repo of the day: {repo} — {rdesc}',
  '{plab} released code and data for "{ptitle}": {repo}',
  '🧵 why "{ptitle}" matters for anyone building real-time apps. tl;dr {pfind}. {arxiv} 1/',
  'reading group this week: {ptitle}. {pfind}. {arxiv}',
  'benchmarked {repo} against our own implementation. {rdesc}, and it holds up',
  'paper + repo: {ptitle} {arxiv} / {repo}',
  'if {p} or {comp} are not reading {ptitle} they should be. {pfind}. {arxiv}',
  'the ThreadSumm leaderboard got an update: an open 8B model now beats the big closed baselines on action-item recall. {repo}',
];
const PAPER_TITLES = ['{ptitle} [pdf]', '{ptitle}', '{ptitle} ({plab})', 'New from {plab}: {ptitle}'];
const REPO_TITLES: Record<Platform, string> = { hackernews: 'Show HN: {rdescCap}', reddit: '[P] {rdescCap}', forum: 'Open source: {rdescCap}', x: '' };
const RESEARCH_DETAILS = ['The evaluation section is the interesting part.', 'Code is MIT licensed.', 'Would love to see this in a real product.', 'Dataset is synthetic, which is a caveat.', 'Reproduced the main table on a laptop.'];

interface Influencer { handle: string; name: string; followers: number; plan: readonly (readonly [Category, number])[] }
const INFLUENCERS: readonly Influencer[] = [
  { handle: 'ninaverma_tech', name: 'Nina Verma-Oduya', followers: 412_300, plan: [['competitor', 2], ['churn_risk', 1]] },
  { handle: 'devops_danw', name: 'Dan Whitcombe', followers: 186_450, plan: [['complaint', 2]] },
  { handle: 'hexwren', name: 'Wren Halloway', followers: 96_510, plan: [['security', 3]] },
  { handle: 'tobias_lq_ml', name: 'Tobias Lindqvarn', followers: 143_020, plan: [['research', 6]] },
  { handle: 'priya_ships', name: 'Priya Ramanathil', followers: 58_240, plan: [['praise', 2], ['feature_request', 2]] },
  { handle: 'saasrants', name: 'SaaS Rants', followers: 240_800, plan: [['complaint', 2], ['churn_risk', 2], ['competitor', 1]] },
  { handle: 'brindlepost', name: 'Brindlepost', followers: 84_300, plan: [['other', 2]] },
  { handle: 'brindlestatus', name: 'Brindlepost Status', followers: 12_750, plan: [] },
  { handle: 'kestrelboard', name: 'Kestrelboard', followers: 61_070, plan: [['competitor', 3]] },
  { handle: 'ferncircle', name: 'Ferncircle', followers: 23_400, plan: [['competitor', 2]] },
  { handle: 'taskmoth', name: 'Taskmoth', followers: 132_600, plan: [['competitor', 3]] },
];
const OFFICIAL_POSTS: Record<string, readonly string[]> = {
  brindlepost: ['Join us Thursday for "Async by default", a live session with the {p} product team: https://brindlepost.example/webinars/async', '{p} 6.4 is rolling out: faster search, new board themes and the Linux beta. Release notes: https://brindlepost.example/changelog/6-4'],
  kestrelboard: ['Offline mode is now live for every Kestrelboard workspace. Yes, even the free ones ✈️', 'Switching from {p}? Our importer moves boards, threads and files in minutes: https://kestrelboard.example/import', 'Kestrelboard now has Gantt charts on every plan. No add-ons.'],
  ferncircle: ['Ferncircle 3.0: self-host it, or let us host it. Your data, your call. https://ferncircle.example/3', 'We are hiring across engineering and design at Ferncircle. Come build open collaboration tools.'],
  taskmoth: ['Meet Taskmoth Standup: AI that writes your daily update from your actual work. https://taskmoth.example/standup', 'Teams under 10 now get Taskmoth free, forever.', 'Moving from {p}? Migrate your whole workspace in one click and keep your history.'],
};
const OFFICIAL_HANDLES = new Set(['brindlepost', 'brindlestatus', ...Object.keys(OFFICIAL_POSTS)]);
const HACKER_NEWS_STATUS_COMMENT = 'Our whole company runs on it. Nothing on the status page for the first 20 minutes, which is the worst part.';

// ---------------------------------------------------------------- people

const FIRST = ['Mara', 'Jonas', 'Aiko', 'Tomasz', 'Leila', 'Kwame', 'Sofia', 'Ravi', 'Ingrid', 'Mateo', 'Yara', 'Felix', 'Noor', 'Ewan', 'Chiara', 'Dmitri', 'Amara', 'Luca', 'Hana', 'Oscar', 'Zainab', 'Pieter', 'Camila', 'Idris', 'Freya', 'Hugo', 'Nia', 'Arjun', 'Greta', 'Tariq', 'Elif', 'Bastian', 'Imani', 'Kenji', 'Lucia', 'Oren', 'Saoirse', 'Viktor', 'Adaeze', 'Milo', 'Priyanka', 'Rafael', 'Signe', 'Tendai', 'Valentina', 'Wiktor', 'Xiomara', 'Yusuf', 'Zofia', 'Anders'];
const LAST = ['Okafor', 'Lindgren', 'Tanaka', 'Kowalczyk', 'Haddad', 'Mensah', 'Ferreira', 'Iyer', 'Solberg', 'Quintero', 'Nasser', 'Brandt', 'Rahimi', 'MacLeod', 'Bellucci', 'Volkov', 'Eze', 'Marchetti', 'Sato', 'Lundqvist', 'Bello', 'de Vries', 'Restrepo', 'Adeyemi', 'Holm', 'Laurent', 'Achterberg', 'Kapoor', 'Fischer', 'Qureshi', 'Demir', 'Wolff', 'Njoroge', 'Morita', 'Serrano', 'Avraham', 'Byrne', 'Novak', 'Obi', 'Thornquist'];
const ADJ = ['quiet', 'sleepy', 'feral', 'tired', 'caffeinated', 'grumpy', 'lucky', 'rusty', 'cosmic', 'salty', 'async', 'remote', 'lazy', 'curious'];
const NOUN = ['lantern', 'badger', 'kanban', 'pm', 'devops', 'otter', 'standup', 'sprint', 'teapot', 'heron', 'ticket', 'yak'];

interface Person extends CorpusAuthor { platform: Platform; weight: number }

const makePeople = (rng: Rng): Person[] => {
  const sizes: Record<Platform, number> = { x: 230, reddit: 90, hackernews: 50, forum: 60 };
  const seen = new Set<string>(INFLUENCERS.map((i) => i.handle));
  const people: Person[] = [];
  for (const platform of PLATFORMS) {
    for (let i = 0; i < sizes[platform]; i++) {
      const first = rng.pick(FIRST);
      const last = rng.pick(LAST);
      const f = first.toLowerCase();
      const l = last.toLowerCase().replace(/\s/g, '');
      const handles: Record<Platform, readonly string[]> = {
        x: [`${f}${l}`, `${f}_${l}`, `${f[0]}${l}`, `${f}${l}${rng.int(1, 99)}`, `${f}_builds`, `${l}dev`, `${f}codes`],
        reddit: [`${rng.pick(ADJ)}_${rng.pick(NOUN)}${rng.int(1, 9999)}`, `throwaway_${rng.pick(NOUN)}_${rng.int(100, 9999)}`, `${rng.pick(NOUN)}${rng.pick(NOUN)}${rng.int(1, 99)}`],
        hackernews: [`${f[0]}${l}`, `${f}${l[0]}`, `${rng.pick(NOUN)}${rng.pick(ADJ)}`, `${l}${rng.int(1, 99)}`],
        forum: [`${f}_${l[0]}`, `${f}.${l}`, `${f}${rng.int(1, 999)}`],
      };
      let handle = rng.pick(handles[platform]);
      while (seen.has(handle)) handle = `${handle}${rng.int(0, 9)}`;
      seen.add(handle);
      const name = platform === 'x' ? `${first} ${last}` : platform === 'forum' ? `${first} ${last[0]}.` : handle;
      const xm = platform === 'x' ? 40 : 8;
      const followers = Math.min(Math.round(xm / Math.pow(1 - rng.next(), 1 / 1.1)), 90_000);
      const weight = 1 / Math.pow(1 - rng.next(), 1 / 1.6);
      people.push({ id: '', handle, name, followers, platform, weight });
    }
  }
  people.forEach((p, i) => (p.id = `demo-user-${String(i + 1).padStart(4, '0')}`));
  return people;
};

// ---------------------------------------------------------------- text

const EMOJI = /\p{Extended_Pictographic}/u;
const PROTECTED = /brindle|kestrel|fern|taskmoth|http|@|#/i;

const fill = (rng: Rng, tpl: string, vars: Readonly<Record<string, string>>, depth = 0): string =>
  tpl.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (name === 'num') return String(rng.int(10_000, 99_999));
    const slot = SLOTS[name];
    const value = vars[name] ?? (slot ? rng.pick(slot) : undefined);
    if (value === undefined) throw new Error(`unknown slot {${name}}`);
    return depth < 4 ? fill(rng, value, vars, depth + 1) : value;
  });

const typo = (rng: Rng, word: string): string => {
  const i = rng.int(1, word.length - 2);
  const kind = rng.int(0, 2);
  if (kind === 0) return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2);
  if (kind === 1) return word.slice(0, i) + word.slice(i + 1);
  return word.slice(0, i) + word[i] + word.slice(i);
};

/** Casual voice for x: lower case, typos, emoji, hashtags, an @mention instead of the name. */
const voice = (rng: Rng, text: string, cat: CategoryText, category: Category, vars: Readonly<Record<string, string>>): string => {
  let t = text;
  const v = VOICE[category];
  const opener = fill(rng, rng.pick(rng.chance(0.75) ? v.open : GENERIC_OPEN), vars);
  const firstWord = opener.trim().split(' ')[0]?.toLowerCase() ?? '';
  if (rng.chance(0.35) && !t.toLowerCase().startsWith(firstWord)) {
    const lower = /^[A-Z][a-z']*(?=[\s,.:?!])/.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : t;
    t = `${opener}${lower}`;
  }
  if (rng.chance(0.35)) t = `${t.replace(/[.!]$/, '')}${fill(rng, rng.pick(rng.chance(0.75) ? v.close : GENERIC_CLOSE), vars)}`;
  if (rng.chance(0.25)) t = t.toLowerCase();
  if (rng.chance(0.12)) {
    const words = t.split(' ');
    const candidates = words.map((w, i) => (/^[A-Za-z]{5,}$/.test(w) && !PROTECTED.test(w) ? i : -1)).filter((i) => i >= 0);
    for (let k = 0; k < rng.int(1, 2) && candidates.length > 0; k++) {
      const i = rng.pick(candidates);
      words[i] = typo(rng, words[i] ?? '');
    }
    t = words.join(' ');
  }
  if (category !== 'other' && !t.includes('@brindlepost') && rng.chance(0.18)) t = t.replace(/(?<![\w./@-])Brindlepost(?![\w./-])/i, '@brindlepost');
  if (!EMOJI.test(t) && rng.chance(0.22)) t = `${t} ${rng.pick(cat.emoji)}`;
  if (rng.chance(0.14)) t = `${t} ${rng.pick(cat.tags)}`;
  return t;
};

interface Draft { title: string | null; text: string; lang: string }

const longForm = (rng: Rng, text: string, details: readonly string[], platform: Platform): string => {
  const n = platform === 'hackernews' ? (rng.chance(0.5) ? 1 : 0) : rng.int(0, 2);
  const extra: string[] = [];
  for (let i = 0; i < n; i++) {
    const d = rng.pick(details);
    if (!extra.includes(d)) extra.push(d);
  }
  const body = platform === 'hackernews' ? text.replace(/\s*\p{Extended_Pictographic}\uFE0F?/gu, '') : text;
  const lead = body.charAt(0).toUpperCase() + body.slice(1);
  extra.sort((a, b) => Number(a.startsWith('Edit:')) - Number(b.startsWith('Edit:')));
  const closed = extra.length > 0 && /[\p{L}\p{N})]$/u.test(lead) ? `${lead}.` : lead;
  return [closed, ...extra].join(' ');
};

const draft = (rng: Rng, spec: Spec, platform: Platform, vars: Record<string, string>): Draft => {
  const { category, posts } = spec;
  const cat = TEXTS[category];
  const plain = OFFICIAL_HANDLES.has(spec.author?.handle ?? '');
  if (platform === 'x' && spec.author === undefined && cat.foreign && rng.chance(0.07)) {
    const [lang, tpl] = rng.pick(cat.foreign);
    return { title: null, text: fill(rng, tpl, vars), lang };
  }
  const tpl = rng.pick(posts ?? cat.posts);
  const [rawTitle, rawText] = typeof tpl === 'string' ? [rng.pick(cat.titles.length > 0 ? cat.titles : ['{ptitle}']), tpl] : tpl;
  const text = fill(rng, rawText, vars);
  if (platform === 'x') return { title: null, text: plain ? text : voice(rng, text, cat, category, vars), lang: 'en' };
  return { title: fill(rng, rawTitle, { ...vars, p: P }), text: longForm(rng, text, cat.details, platform), lang: 'en' };
};

const researchDraft = (rng: Rng, platform: Platform, vars: Record<string, string>): Draft => {
  const [ptitle, plab, pfind] = rng.pick(PAPERS);
  const tpl = rng.pick(RESEARCH_POSTS);
  const [repo, rdesc] = tpl.includes('ThreadSumm') ? REPOS[1] : rng.pick(REPOS);
  const arxiv = `https://arxiv.org/abs/2611.${String(rng.int(1000, 19999)).padStart(5, '0')}`;
  const v = { ...vars, ptitle, plab, pfind, repo: `https://github.com/${repo}`, rdesc, rdescCap: rdesc.charAt(0).toUpperCase() + rdesc.slice(1), arxiv };
  const text = fill(rng, tpl, v);
  if (platform === 'x') return { title: null, text: voice(rng, text, TEXTS.research, 'research', v), lang: 'en' };
  const title = tpl.includes('{ptitle}') ? rng.pick(PAPER_TITLES) : REPO_TITLES[platform];
  return { title: fill(rng, title, v), text: longForm(rng, text, RESEARCH_DETAILS, platform), lang: 'en' };
};

// ---------------------------------------------------------------- engagement

const REACH: Record<Category, number> = {
  outage: 2.6, security: 3, churn_risk: 1.4, complaint: 1.2, competitor: 1.1, research: 1.4,
  praise: 0.9, bug: 1, feature_request: 0.8, question: 0.7, other: 0.6,
};

const engagement = (rng: Rng, platform: Platform, followers: number, category: Category): CorpusMetrics => {
  const reach = REACH[category];
  const hot = category === 'outage' || category === 'security';
  if (platform === 'x') {
    const views = Math.round(followers * (0.05 + 0.45 * rng.next()) * rng.logNormal(0, 0.9) * reach + rng.int(3, 80));
    const likes = Math.round(views * 0.012 * rng.logNormal(0, 0.7) * (category === 'praise' ? 1.5 : 1));
    const reposts = Math.round(likes * (hot ? 0.35 : 0.12) * rng.logNormal(0, 0.5));
    const chatty = category === 'question' || category === 'complaint' || category === 'churn_risk';
    const replies = Math.round(likes * (chatty ? 0.45 : 0.15) * rng.logNormal(0, 0.6)) + (rng.chance(0.5) ? 1 : 0);
    return { likes, reposts, replies, quotes: Math.round(reposts * 0.2 * rng.logNormal(0, 0.6)), views };
  }
  if (platform === 'forum') {
    const views = Math.round(rng.logNormal(4.3, 0.9) * reach);
    return { likes: Math.round(views * 0.02 * rng.logNormal(0, 0.7)), reposts: 0, replies: Math.round(rng.logNormal(1, 0.9) * reach), quotes: 0, views };
  }
  const boost = platform === 'hackernews' && category === 'research' ? 2 : 1;
  const points = Math.round((platform === 'reddit' ? rng.logNormal(1.8, 1.3) : rng.logNormal(1.2, 1.6)) * reach * boost * (1 + followers / 5000));
  const comments = Math.round(points * 0.45 * rng.logNormal(0, 0.6));
  return { likes: points, reposts: platform === 'reddit' && rng.chance(0.05) ? 1 : 0, replies: comments, quotes: 0, views: 0 };
};

// ---------------------------------------------------------------- timeline

const hourWeight = (t: number): number => {
  const d = new Date(t);
  const h = d.getUTCHours();
  const hw = h < 6 ? 0.3 : h < 8 ? 0.5 : h < 13 ? 0.85 : h < 21 ? 1 : 0.6;
  const weekend = d.getUTCDay() === 0 || d.getUTCDay() === 6;
  return hw * (weekend ? 0.55 : 1);
};

const scatteredTime = (rng: Rng): number => {
  for (;;) {
    const t = CORPUS_START + rng.next() * (CORPUS_END - CORPUS_START);
    if (rng.next() < hourWeight(t)) return t;
  }
};

/** Reports bunch up early in an incident and tail off over about two hours. */
const burstTime = (rng: Rng, start: number, meanMin: number, maxMin: number): number =>
  start + Math.min(-Math.log(1 - rng.next()) * meanMin + rng.next() * 3, maxMin) * MIN;

// ---------------------------------------------------------------- assembly

interface Spec { category: Category; at: number; platform?: Platform; author?: CorpusAuthor; posts?: readonly Tpl[]; incident?: string }

const BUDGET: Record<Category, number> = {
  outage: 30, security: 80, bug: 250, feature_request: 200, churn_risk: 116, competitor: 150,
  question: 220, complaint: 196, praise: 196, research: 150, other: 180,
};
const PLATFORM_MIX: Record<Category, Record<Platform, number>> = {
  outage: { x: 0.75, reddit: 0.12, hackernews: 0.05, forum: 0.08 },
  security: { x: 0.55, reddit: 0.15, hackernews: 0.2, forum: 0.1 },
  bug: { x: 0.45, reddit: 0.2, hackernews: 0.05, forum: 0.3 },
  feature_request: { x: 0.4, reddit: 0.2, hackernews: 0.05, forum: 0.35 },
  churn_risk: { x: 0.55, reddit: 0.25, hackernews: 0.1, forum: 0.1 },
  competitor: { x: 0.55, reddit: 0.2, hackernews: 0.15, forum: 0.1 },
  question: { x: 0.35, reddit: 0.3, hackernews: 0.05, forum: 0.3 },
  complaint: { x: 0.6, reddit: 0.2, hackernews: 0.05, forum: 0.15 },
  praise: { x: 0.7, reddit: 0.15, hackernews: 0.05, forum: 0.1 },
  research: { x: 0.45, reddit: 0.1, hackernews: 0.4, forum: 0.05 },
  other: { x: 0.7, reddit: 0.15, hackernews: 0.05, forum: 0.1 },
};

const SECURITY_CLUSTER = {
  id: 'sec-2026-11-17-api-tokens', start: Date.parse('2026-11-17T15:30:00Z'), size: 30,
  root: 'Spent the weekend grepping public GitHub for {p} API tokens. Found 1,400+ live `bpk_live_` keys, many with admin scope. They never expire and cannot be scoped. Disclosed to @brindlepost 30 days ago. Writeup: https://hexwren.example/blog/brindlepost-tokens',
  official: "We're aware of reports about exposed API tokens in public repositories. We are revoking exposed tokens and notifying affected admins. Details: https://brindlepost.example/security/advisories/2026-11-17",
  posts: [
    'if you ever committed a {p} API token anywhere, rotate it NOW. https://hexwren.example/blog/brindlepost-tokens',
    '{p} API tokens never expire?? and there is no audit log for token use?? in 2026??',
    'rotating every {p} token in our org after that leak report. {n} tokens across {n} repos 🫠',
    'the {p} token thing is bad. secret scanning partner programs exist for exactly this',
    'so leaked {p} tokens can read private channels. that is every DM in the company. #infosec',
    "@hexwren's writeup on {p} tokens is a must-read for anyone running it at work",
    '@brindlepost statement on the API token report? your customers are waiting',
    'ran a quick search of our own org repos: 2 live {p} tokens in old CI configs. thanks @hexwren',
    'the {p} token leak is why every SaaS token needs a prefix, an expiry and a scope. pick all three',
    'security team asked me to inventory every {p} integration by end of day. thanks, token leak',
    "1,400 live {p} admin tokens on public GitHub is not a 'user error' problem, it is a design problem",
    'our CISO just forwarded the {p} token writeup with one word: "urgent"',
  ],
} as const;

const STATUS_OFFSETS_MIN = [18, 55, 130] as const;

const AFTERMATH: Record<'praise' | 'complaint' | 'churn_risk', readonly string[]> = {
  praise: ['props to the {p} team for the quick fix and the honest incident update. that is how you do it', 'say what you want about the {p} outage, their status updates were clear and fast', '{p} back up and my messages all arrived in order. nice recovery {epos}', 'kudos to whoever was on call at {p} today {epos}'],
  complaint: ['two hours of {p} downtime and the status page said "degraded" the whole time', 'the {p} outage yesterday cost us a client demo. where is the incident report', 'still waiting on {p} to explain the outage. we pay for the Business plan', 'after the {p} outage I want an SLA credit, not a blog post'],
  churn_risk: ['after the {p} outage our CTO wants a backup tool. {comp} trial starts tomorrow', "that {p} outage was the one that gets us to finally move to {comp}", 'told my boss after the {p} outage: we either get an SLA or we leave', 'evaluating {comp} this week. the {p} outage on Monday was one too many'],
};

const buildSpecs = (rng: Rng): Spec[] => {
  const specs: Spec[] = [];
  const byHandle = new Map(INFLUENCERS.map((i) => [i.handle, { id: `demo-user-${i.handle}`, handle: i.handle, name: i.name, followers: i.followers }]));
  const official = (h: string): CorpusAuthor => byHandle.get(h) ?? { id: h, handle: h, name: h, followers: 0 };
  for (const inc of INCIDENTS) {
    inc.status.forEach((s, k) => {
      const at = inc.start + (STATUS_OFFSETS_MIN[k] ?? 0) * MIN;
      specs.push({ category: 'outage', at, platform: 'x', author: official('brindlestatus'), posts: [s], incident: inc.id });
    });
    const first = official(inc.id.endsWith('messaging') ? 'ninaverma_tech' : 'devops_danw');
    specs.push({ category: 'outage', at: inc.start + 6 * MIN, platform: 'x', author: first, posts: inc.posts, incident: inc.id });
    const posts = [...OUTAGE_POSTS, ...inc.posts, ...inc.posts].map((p) => p.replaceAll('{oSym}', '{sym}'));
    for (let i = 4; i < inc.size; i++) {
      specs.push({ category: 'outage', at: burstTime(rng, inc.start, 28, 150), posts, incident: inc.id });
    }
  }
  const sec = SECURITY_CLUSTER;
  specs.push({ category: 'security', at: sec.start, platform: 'x', author: official('hexwren'), posts: [sec.root], incident: sec.id });
  specs.push({ category: 'security', at: sec.start + 150 * MIN, platform: 'x', author: official('brindlepost'), posts: [sec.official], incident: sec.id });
  for (let i = 2; i < sec.size; i++) specs.push({ category: 'security', at: burstTime(rng, sec.start, i < 22 ? 70 : 900, 2400), posts: sec.posts, incident: sec.id });
  // Aftermath of the big outage: thanks, grumbling and churn talk in the following day.
  const afterStart = (INCIDENTS[0]?.start ?? CORPUS_START) + 150 * MIN;
  for (const category of ['praise', 'complaint', 'churn_risk'] as const) {
    for (let i = 0; i < 4; i++) specs.push({ category, at: afterStart + rng.next() * 20 * HOUR, posts: AFTERMATH[category] });
  }
  for (const inf of INFLUENCERS) {
    for (const [category, count] of inf.plan) {
      for (let i = 0; i < count; i++) {
        const own = OFFICIAL_POSTS[inf.handle];
        specs.push({ category, at: scatteredTime(rng), platform: 'x', author: official(inf.handle), ...(own ? { posts: own } : {}) });
      }
    }
  }
  const planned = (c: Category): number => INFLUENCERS.reduce((s, i) => s + i.plan.filter(([k]) => k === c).reduce((a, [, n]) => a + n, 0), 0);
  for (const category of CATEGORIES) {
    for (let i = planned(category); i < BUDGET[category]; i++) specs.push({ category, at: scatteredTime(rng) });
  }
  return specs;
};

const queriesFor = (category: Category, text: string): string[] => {
  const q: string[] = [];
  if (/brindle/i.test(text)) q.push('brand');
  if (/kestrelboard|ferncircle|taskmoth/i.test(text)) q.push('competitors');
  if (category === 'research' || /arxiv\.org|github\.com\/|\bpaper\b|benchmark/i.test(text)) q.push('research');
  return q.length > 0 ? q : ['brand'];
};

const isoSeconds = (t: number): string => new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');

/** How far around an outage's reports (start to start + 150 min) no ordinary outage post is dated. */
export const OUTAGE_QUIET_MS = 6 * HOUR;
const BURST_MAX_MIN = 150;

/**
 * An ordinary (untagged) outage post is written from the same templates as an outage's reports, so
 * one dated in or near an outage would be a report of it to any reader, against the ground truth.
 * Such a post is moved out of the quiet span around each outage, mirrored across its nearer edge
 * (deterministic, no draws: every post keeps its text, author and metrics). Other posts stay put.
 */
const awayFromOutages = (spec: Spec): number => {
  if (spec.category !== 'outage' || spec.incident !== undefined) return spec.at;
  let at = spec.at;
  for (const inc of INCIDENTS) {
    const [from, to] = [inc.start - OUTAGE_QUIET_MS, inc.start + BURST_MAX_MIN * MIN + OUTAGE_QUIET_MS];
    if (at > from && at < to) at = at - from < to - at ? 2 * from - at : 2 * to - at;
  }
  return at;
};

export const generateCorpus = (seed = CORPUS_SEED): CorpusRecord[] => {
  const rng = createRng(seed);
  const people = makePeople(rng);
  const pools = new Map(PLATFORMS.map((p) => [p, people.filter((x) => x.platform === p)]));
  const pickPerson = (platform: Platform): Person => {
    const pool = pools.get(platform) ?? [];
    let r = rng.next() * pool.reduce((s, p) => s + p.weight, 0);
    for (const p of pool) if ((r -= p.weight) < 0) return p;
    return rng.pick(pool);
  };
  const specs = buildSpecs(rng).sort((a, b) => a.at - b.at);
  // Posts are written in this order (the draws follow it); ids follow the final dates.
  const drafted = specs.map((spec) => {
    const platform = spec.platform ?? rng.weighted(PLATFORM_MIX[spec.category]);
    const person = spec.author ?? pickPerson(platform);
    const comp = rng.pick(COMPETITORS);
    const vars: Record<string, string> = { p: rng.weighted({ [P]: 80, brindlepost: 15, BrindlePost: 3, Brindle: 2 }), comp, comp2: rng.pick(COMPETITORS.filter((c) => c !== comp)), status: STATUS_URL };
    const inc = INCIDENTS.find((x) => x.id === spec.incident);
    if (inc) vars.sym = rng.pick(inc.sym);
    const d = spec.category === 'research' ? researchDraft(rng, platform, vars) : draft(rng, spec, platform, vars);
    const text = platform === 'hackernews' && spec.category === 'outage' && rng.chance(0.3) ? HACKER_NEWS_STATUS_COMMENT : d.text;
    const { id: authorId, handle, name, followers } = person;
    const at = awayFromOutages(spec);
    const rec: Omit<CorpusRecord, 'id' | 'platform' | 'url'> = {
      ...(d.title ? { title: d.title } : {}),
      text,
      lang: d.lang,
      createdAt: isoSeconds(Math.min(at, CORPUS_END - 1000)),
      author: { id: authorId, handle, name, followers },
      metrics: engagement(rng, platform, followers, spec.category),
      queries: queriesFor(spec.category, `${d.title ?? ''} ${text}`),
      expected: spec.category,
      ...(spec.incident ? { incident: spec.incident } : {}),
    };
    return { at, platform, rec };
  });
  return drafted
    .sort((a, b) => a.at - b.at)
    .map(({ platform, rec }, i) => {
      const id = `demo-${String(i + 1).padStart(6, '0')}`;
      return { id, platform, url: `https://demo.signal-harvester.invalid/p/${id}`, ...rec };
    });
};

export const serializeCorpus = (records: readonly CorpusRecord[]): string => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

const main = (): void => {
  const here = dirname(fileURLToPath(import.meta.url));
  const out = resolve(process.argv[2] ?? resolve(here, '../data/demo/corpus.jsonl'));
  const records = generateCorpus();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, serializeCorpus(records));
  const counts = Object.fromEntries(CATEGORIES.map((c) => [c, records.filter((r) => r.expected === c).length]));
  console.log(`wrote ${records.length} posts to ${out}`, counts);
};

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
