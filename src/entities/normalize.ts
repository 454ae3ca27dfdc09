/** Entity kinds (issue 16): people, labs, organisations, products. */
export const ENTITY_KINDS = ['person', 'lab', 'org', 'product'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/**
 * A name as it is compared: NFKC, accents off, lower case, everything but letters and digits out
 * ("Brindle-Post Inc." and "brindlepost inc" are the same; "Brindle" and "Brindlepost" are not).
 */
export const normalizeName = (name: string): string =>
  name
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^@/, '')
    .replace(/[^\p{L}\p{N}]+/gu, '');

/** A display name: one line, trimmed, at most 200 characters. */
export const displayName = (name: string): string => name.replace(/\s+/g, ' ').trim().slice(0, 200);
