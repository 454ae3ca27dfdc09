/**
 * Text repairs for feeds an XML parser rejects or misreads (ADR 0008, "fallback"). Each is cheap
 * when there is nothing to repair: one search for the construct it handles.
 */

const DOCTYPE_WITH_SUBSET = /<!DOCTYPE\s[^[>]*\[([\s\S]*?)\]\s*>/i;
const ENTITY_DECL = /<!ENTITY\s+([A-Za-z_][\w.:-]*)\s+(?:"([^"]*)"|'([^']*)')\s*>/g;
const REFERENCE_OR_CDATA = /<!\[CDATA\[[\s\S]*?\]\]>|&([A-Za-z_][\w.:-]*);/g;
const PREDEFINED = new Set(['amp', 'lt', 'gt', 'quot', 'apos']);
/** A replacement text longer than this is not expanded (a "billion laughs" DTD stays harmless). */
const MAX_ENTITY_CHARS = 10_000;

/** The internal general entities of a DTD subset, references among them expanded (a few levels deep). */
const internalEntities = (subset: string): Map<string, string> => {
  const entities = new Map<string, string>();
  for (const m of subset.matchAll(ENTITY_DECL)) {
    const name = m[1] ?? '';
    if (!PREDEFINED.has(name) && !entities.has(name)) entities.set(name, m[2] ?? m[3] ?? '');
  }
  for (let depth = 0; depth < 4; depth++) {
    for (const [name, value] of entities) {
      const expanded = value.replace(/&([A-Za-z_][\w.:-]*);/g, (ref: string, n: string) => (n === name ? ref : (entities.get(n) ?? ref)));
      entities.set(name, expanded.length > MAX_ENTITY_CHARS ? value : expanded);
    }
  }
  return entities;
};

/**
 * A DOCTYPE with an internal subset (`<!DOCTYPE rdf:RDF [ <!ENTITY site "…"> ]>`): its general
 * entities are expanded where the document references them (not inside CDATA, never the five
 * predefined ones, nothing external is fetched) and the DOCTYPE is removed, which is what a
 * validating reader would see. A document without one is returned as is.
 */
export const expandDoctypeEntities = (doc: string): string => {
  const at = doc.slice(0, 4096).search(/<!DOCTYPE[^>[]*\[/i);
  if (at < 0) return doc;
  const doctype = DOCTYPE_WITH_SUBSET.exec(doc);
  if (!doctype) return doc;
  const entities = internalEntities(doctype[1] ?? '');
  const head = doc.slice(0, doctype.index);
  const body = doc.slice(doctype.index + doctype[0].length);
  if (entities.size === 0) return head + body;
  let budget = Math.max(1_000_000, body.length * 4);
  const expanded = body.replace(REFERENCE_OR_CDATA, (match: string, name: string | undefined) => {
    const value = name === undefined ? undefined : entities.get(name);
    if (value === undefined || budget < value.length) return match;
    budget -= value.length;
    return value;
  });
  return head + expanded;
};

/** The name of the last start tag before `at` ('' when there is none within reach). */
const enclosingTag = (doc: string, at: number): string => {
  const window = doc.slice(Math.max(0, at - 2000), at);
  const tags = [...window.matchAll(/<([A-Za-z_][\w.:-]*)(?:\s[^<>]*)?>/g)].filter((m) => !m[0].endsWith('/>'));
  return tags[tags.length - 1]?.[1] ?? '';
};

/**
 * Closes each `<![CDATA[` that has no `]]>` before the next `<![CDATA[`: at the end tag of the
 * element it opened in (`<description><![CDATA[… </description>`), else before the next section,
 * else at the end. Without this the rest of the document would be read as that one text.
 */
export const closeUnclosedCdata = (doc: string): string => {
  let out = '';
  let from = 0;
  let repaired = false;
  for (;;) {
    const start = doc.indexOf('<![CDATA[', from);
    if (start < 0) return repaired ? out + doc.slice(from) : doc;
    const end = doc.indexOf(']]>', start + 9);
    const next = doc.indexOf('<![CDATA[', start + 9);
    const limit = next < 0 ? doc.length : next;
    if (end >= 0 && end < limit) {
      out += doc.slice(from, end + 3);
      from = end + 3;
      continue;
    }
    const tag = enclosingTag(doc, start);
    const close = tag === '' ? -1 : doc.indexOf(`</${tag}`, start + 9);
    const at = close >= 0 && close < limit ? close : limit;
    out += `${doc.slice(from, at)}]]>`;
    from = at;
    repaired = true;
  }
};
