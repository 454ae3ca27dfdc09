import type { Category, TopicTag } from '../../domain/analysis.js';

/*
 * Tags: what an item is about, independent of its category. The category first, then topics
 * found by a small general lexicon (security, privacy, billing, performance, crash, data loss,
 * login, …; the same vocabulary the LLM prompt asks for), then hashtags; each normalised to
 * lower-case kebab-case, deduplicated, at most eight. The `security` category always carries
 * the `security` topic.
 */

export const MAX_TAGS = 8;

/** [tag, alternation] pairs; matched whole-word on lower-cased text in one pass. */
const TOPICS: ReadonlyArray<readonly [TopicTag, string]> = [
  ['security', [
    String.raw`secur(?:e|ity|ely)`, String.raw`insecure`, String.raw`vulnerab\w*`, String.raw`breach(?:ed|es)?`,
    String.raw`hack(?:ed|er|ers|ing|s)?`, String.raw`phish\w*`, String.raw`malware`, String.raw`spyware`, String.raw`adware`,
    String.raw`ransomware`, String.raw`trojans?(?! horses?)`, String.raw`virus(?:es)?`, String.raw`anti-?virus`, String.raw`exploit\w*`,
    String.raw`compromised`, String.raw`2fa`, String.raw`two[- ](?:factor|step)`,
    String.raw`mfa`, String.raw`otp`, String.raw`pin(?: ?codes?| locks?| protect\w*| numbers?)?`, String.raw`passcodes?`,
    String.raw`pass ?locks?`, String.raw`(?:app|screen|lock|pattern|password|fingerprint) ?locks?`, String.raw`lock (?:screen|the app|it|my)`,
    String.raw`fingerprints?`, String.raw`touch ?id`, String.raw`face ?id`, String.raw`biometrics?`,
    String.raw`encrypt\w*`, String.raw`decrypt\w*`, String.raw`permissions?`, String.raw`password[- ]protect\w*`,
    String.raw`(?:needs?|wants?|asks? for|requires?|request(?:s|ing)?|access(?:es)?|read(?:s|ing)?|go(?:es)? through|know) (?:\w+ ){0,3}(?:my |your |all )?(?:contacts|contact list|location|camera|microphone|call logs?|sms|browsing history|phone calls)`,
    String.raw`is (?:my |our |the )?(?:data|information|info|account|password) (?:safe|secure|protected)`,
    String.raw`unauthori[sz]ed`, String.raw`stolen`, String.raw`xss`, String.raw`csrf`, String.raw`cve-\d{4}-\d+`, String.raw`zero[- ]day`,
  ].join('|')],
  ['privacy', [
    String.raw`privacy`, String.raw`private data`, String.raw`personal (?:data|info\w*|details)`, String.raw`tracking`,
    String.raw`track(?:s|ing)? (?:me|my|users|you)`, String.raw`spy\w*`, String.raw`surveillance`, String.raw`nsa`, String.raw`gdpr`, String.raw`ccpa`,
    String.raw`data (?:collection|sharing|leaks?)`, String.raw`(?:sell|sells|selling|sold|share|shares|sharing) (?:my |your |our |user )?(?:data|info\w*|contacts)`,
    String.raw`leak(?:s|ed|ing)? (?:my |our |user |personal )?(?:data|info\w*|emails?|contacts)`,
  ].join('|')],
  ['login', String.raw`log ?in|login|log(?:s|ged)? (?:me )?out|sign ?in|password|locked out|account locked|sso|magic link`],
  ['billing', String.raw`payment|billing|billed|charged?|refund\w*|invoice|subscription|pricing|price|fees?`],
  ['performance', String.raw`slow|lag\w*|latency|battery|memory|performance|sluggish`],
  ['crash', String.raw`crash\w*|force clos\w*|freez\w*|froze|frozen`],
  ['data-loss', String.raw`data loss|lost (?:all )?(?:my |our )?(?:data|files|photos|progress|notes|messages)|deleted (?:all )?my|wiped`],
  ['customer-service', String.raw`customer (?:service|support|care)|support team|agents?|on hold|representative`],
  ['delay', String.raw`delay\w*|late|waiting|waited|on hold`],
  ['cancellation', String.raw`cancel\w*`],
  ['ui', String.raw`interface|ui|ux|layout|design|dark mode|theme`],
  ['ads', String.raw`ads?|adverts?|advertising|advertisements?`],
  ['sync', String.raw`sync\w*`],
  ['notifications', String.raw`notifications?|alerts?`],
  ['update', String.raw`update[sd]?|upgrade[sd]?|new version`],
];

/** The topics this lexicon tags, in its order (the vocabulary is domain's `TOPIC_TAGS`). */
export const LEXICON_TOPICS: readonly TopicTag[] = TOPICS.map(([tag]) => tag);

const TOPIC_RE = new RegExp(`(?<![a-z])(?:${TOPICS.map(([, alt]) => `(${alt})`).join('|')})(?![a-z])`, 'g');

/** Topics found in a lower-cased text, in vocabulary order. */
export const topicsOf = (lower: string): string[] => {
  const found = new Set<number>();
  TOPIC_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = TOPIC_RE.exec(lower)) !== null) {
    const group = m.findIndex((g, i) => i > 0 && g !== undefined);
    if (group > 0) found.add(group - 1);
  }
  return [...found].sort((a, b) => a - b).map((i) => TOPICS[i]?.[0] ?? '');
};

/** Lower-case kebab-case; '' when nothing is left. */
export const kebab = (s: string): string =>
  s
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');

/** Category first, then up to four topics, then hashtags, then any further topics. */
export const buildTags = (category: Category, lower: string, hashtags: readonly string[]): string[] => {
  const found = topicsOf(lower);
  const topics = category === 'security' && !found.includes('security') ? ['security', ...found] : found;
  const candidates = [kebab(category), ...topics.slice(0, 4), ...hashtags.map(kebab), ...topics.slice(4)];
  const tags: string[] = [];
  for (const tag of candidates) {
    if (tags.length >= MAX_TAGS) break;
    if (tag !== '' && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
};
