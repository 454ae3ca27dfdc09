import type { Category } from '../../domain/analysis.js';

/*
 * Tags: the category, topics found by small general keyword rules, and hashtags; each
 * normalised to lower-case kebab-case, deduplicated, at most eight.
 */

export const MAX_TAGS = 8;

/** [tag, alternation] pairs; matched whole-word on lower-cased text in one pass. */
const TOPICS: ReadonlyArray<readonly [string, string]> = [
  ['login', String.raw`log ?in|login|sign ?in|password|2fa|two[- ]factor|locked out`],
  ['billing', String.raw`payment|billing|billed|charged?|refund\w*|invoice|subscription|pricing|price|fees?`],
  ['performance', String.raw`slow|lag\w*|latency|battery|memory|performance|sluggish`],
  ['crash', String.raw`crash\w*|force clos\w*|freez\w*|froze|frozen`],
  ['data-loss', String.raw`data loss|lost (?:all )?(?:my |our )?(?:data|files|photos|progress)|deleted my|wiped`],
  ['customer-service', String.raw`customer (?:service|support|care)|support team|agents?|on hold|representative`],
  ['delay', String.raw`delay\w*|late|waiting|waited|on hold`],
  ['cancellation', String.raw`cancel\w*`],
  ['ui', String.raw`interface|ui|ux|layout|design|dark mode|theme`],
  ['ads', String.raw`ads?|adverts?|advertising|advertisements?`],
  ['sync', String.raw`sync\w*`],
  ['notifications', String.raw`notifications?|alerts?`],
  ['update', String.raw`update[sd]?|upgrade[sd]?|new version`],
  ['privacy', String.raw`privacy|permissions?|tracking`],
];

const TOPIC_RE = new RegExp(`(?<![a-z])(?:${TOPICS.map(([, alt]) => `(${alt})`).join('|')})(?![a-z])`, 'g');

const topicsOf = (lower: string): string[] => {
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
  const topics = topicsOf(lower);
  const candidates = [kebab(category), ...topics.slice(0, 4), ...hashtags.map(kebab), ...topics.slice(4)];
  const tags: string[] = [];
  for (const tag of candidates) {
    if (tags.length >= MAX_TAGS) break;
    if (tag !== '' && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
};
