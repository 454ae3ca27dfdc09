/** The HTML character references that show up in feed and tweet text (`&amp;`, `&#39;`, `&#x1F600;`…), decoded. */
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', hellip: '…', mdash: '—', ndash: '–',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', laquo: '«', raquo: '»', copy: '©', reg: '®', trade: '™',
};

const codePoint = (n: number): string => (Number.isInteger(n) && n > 0 && n <= 0x10ffff && (n < 0xd800 || n > 0xdfff) ? String.fromCodePoint(n) : ' ');

/** Replaces named (the common ones), decimal and hexadecimal character references; unknown names stay as written. */
export const decodeEntities = (text: string): string =>
  text.indexOf('&') < 0
    ? text
    : text.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g, (whole, ref: string) => {
        if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
        return codePoint(ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10));
      });
