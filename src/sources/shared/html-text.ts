import { compile, type HtmlToTextOptions } from 'html-to-text';

const OPTIONS: HtmlToTextOptions = {
  wordwrap: false,
  decodeEntities: true,
  selectors: [
    { selector: 'a', options: { ignoreHref: true } },
    { selector: 'img', format: 'skip' },
    { selector: 'script', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'iframe', format: 'skip' },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
    { selector: 'h4', options: { uppercase: false } },
    { selector: 'h5', options: { uppercase: false } },
    { selector: 'h6', options: { uppercase: false } },
    { selector: 'table', format: 'dataTable' },
  ],
};

/** Compiled once: `convert(html, options)` would rebuild the formatter on every call. */
const convert = compile(OPTIONS);

/** Markup left after one pass: the input was escaped HTML. */
const LEFTOVER_MARKUP = /<(\/?(p|div|br|img|a|span|table|ul|li|em|strong|b|i)\b[^>]*|!--)>?/i;

/**
 * HTML (feed content, HN comments) → plain text: tags, scripts, styles and images dropped,
 * entities decoded, block elements as line breaks, runs of blank lines collapsed. Text without
 * markup passes through with entities decoded.
 */
export const htmlToPlainText = (html: string): string => {
  if (html.trim() === '') return '';
  let text = convert(html);
  // Some feeds escape their HTML twice (`&lt;p&gt;` inside CDATA): one more pass when tags remain.
  if (LEFTOVER_MARKUP.test(text)) text = convert(text);
  return text
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
};

/** One line: whitespace runs (newlines included) become single spaces. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
