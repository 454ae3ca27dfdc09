/*
 * What the relevance model reads of a signal (issue 18, ADR 0030): its title and text through the
 * text layer, and whole-term features for who and where — author, source, the link's domain, the
 * analysis's tags and the item's topics — appended untokenized (`source:x`, `tag:security`).
 */

/** A signal as the relevance model sees it. */
export interface RelevanceDoc {
  itemId: number;
  title: string | null;
  text: string;
  author: string | null;
  source: string;
  url: string | null;
  tags: readonly string[];
  topics: readonly string[];
}

/** The text the vectorizer tokenizes: title, then body. */
export const docText = (d: RelevanceDoc): string => (d.title ? `${d.title}\n${d.text}` : d.text);

const domainOf = (url: string | null): string | null => {
  if (!url) return null;
  try {
    return new URL(url).hostname.replace(/^www\./, '').toLowerCase() || null;
  } catch {
    return null;
  }
};

/** The whole-term features of a signal: `source:`, `author:`, `domain:`, `tag:` and `topic:` terms. */
export const docExtras = (d: RelevanceDoc): string[] => {
  const out = [`source:${d.source}`];
  if (d.author) out.push(`author:${d.author.toLowerCase()}`);
  const domain = domainOf(d.url);
  if (domain) out.push(`domain:${domain}`);
  for (const t of d.tags) out.push(`tag:${t.toLowerCase()}`);
  for (const t of d.topics) out.push(`topic:${t.toLowerCase()}`);
  return out;
};

/** How an explanation names a signal: its title, or the start of its text. */
export const docTitle = (d: Pick<RelevanceDoc, 'title' | 'text'>): string => {
  const t = (d.title ?? '').trim() || d.text.trim();
  return t.length > 80 ? `${t.slice(0, 77)}…` : t;
};
