import { Parser } from 'htmlparser2';

/** One element of a leniently parsed XML document, with its namespace resolved. */
export interface XmlElement {
  /** Local name, lower-cased (`encoded` for `content:encoded`). */
  local: string;
  /** The prefix as written ('' when none). */
  prefix: string;
  /** Namespace URI; undefined when the prefix was never declared (ill-formed, but common). */
  ns: string | undefined;
  /** Tag name as written (`content:encoded`). */
  name: string;
  attrs: Record<string, string>;
  children: XmlNode[];
}
/** Character data (entities and CDATA already resolved) or an element. */
export type XmlNode = XmlElement | string;

type Scope = ReadonlyMap<string, string>;

const scopeWith = (parent: Scope, attrs: Record<string, string>): Scope => {
  let scope: Map<string, string> | undefined;
  for (const [k, v] of Object.entries(attrs)) {
    if (k !== 'xmlns' && !k.startsWith('xmlns:')) continue;
    scope ??= new Map(parent);
    scope.set(k === 'xmlns' ? '' : k.slice(6), v.trim());
  }
  return scope ?? parent;
};

const elementOf = (name: string, attrs: Record<string, string>, scope: Scope): XmlElement => {
  const colon = name.indexOf(':');
  const prefix = colon < 0 ? '' : name.slice(0, colon);
  const ns = scope.get(prefix) ?? (prefix === '' ? '' : prefix === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : undefined);
  return { local: name.slice(colon + 1).toLowerCase(), prefix, ns, name, attrs, children: [] };
};

/**
 * Parses XML the forgiving way (htmlparser2 in XML mode): unclosed elements are closed at their
 * parent's end, stray `&` and `<` stay text, undefined entities stay as written. Returns the
 * top-level elements. Comments, processing instructions and declarations are dropped.
 */
export const parseXmlTree = (doc: string): XmlElement[] => {
  const top: XmlElement = { local: '', prefix: '', ns: '', name: '', attrs: {}, children: [] };
  const stack: { el: XmlElement; scope: Scope }[] = [{ el: top, scope: new Map() }];
  const current = (): { el: XmlElement; scope: Scope } => stack[stack.length - 1] ?? { el: top, scope: new Map() };
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const scope = scopeWith(current().scope, attrs);
        const el = elementOf(name, attrs, scope);
        current().el.children.push(el);
        stack.push({ el, scope });
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
      ontext(data) {
        const { children } = current().el;
        const last = children.length - 1;
        if (typeof children[last] === 'string') children[last] += data;
        else children.push(data);
      },
    },
    { xmlMode: true },
  );
  parser.end(doc);
  return top.children.filter((c): c is XmlElement => typeof c !== 'string');
};

export const elementsOf = (el: XmlElement): XmlElement[] => el.children.filter((c): c is XmlElement => typeof c !== 'string');

/** All character data inside the element, markup dropped. */
export const charData = (el: XmlElement): string => el.children.map((c) => (typeof c === 'string' ? c : charData(c))).join('');

const escapeAttr = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');

/** HTML's void elements, written `<br/>` (an HTML reader takes `<br></br>` for two breaks). */
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr']);

const outerMarkup = (el: XmlElement): string => {
  const attrs = Object.entries(el.attrs)
    .filter(([k]) => k !== 'xmlns' && !k.startsWith('xmlns:'))
    .map(([k, v]) => ` ${k}="${escapeAttr(v)}"`)
    .join('');
  if (VOID.has(el.local) && el.children.length === 0) return `<${el.local}${attrs}/>`;
  return `<${el.local}${attrs}>${innerMarkup(el)}</${el.local}>`;
};

/**
 * The element's content as HTML markup (inline XHTML, or HTML an ill-formed feed left unescaped).
 * Text goes out as decoded, not escaped again: feedsmith decodes such content once too, so a feed
 * that escapes its HTML inside raw markup (`<td>&amp;lt;p&amp;gt;…`) reads the same both ways.
 */
export const innerMarkup = (el: XmlElement): string => el.children.map((c) => (typeof c === 'string' ? c : outerMarkup(c))).join('');

/** Elements with the given local name below `el`, not looking inside a match (items are not nested). */
export const findAll = (el: XmlElement, local: string): XmlElement[] => {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement): void => {
    for (const c of elementsOf(e)) {
      if (c.local === local) out.push(c);
      else walk(c);
    }
  };
  walk(el);
  return out;
};
