import { convert, type HtmlToTextOptions } from 'html-to-text';

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

/**
 * HTML (feed content, HN comments) → plain text: tags, scripts, styles and images dropped,
 * entities decoded, block elements as line breaks, runs of blank lines collapsed. Text without
 * markup passes through with entities decoded.
 */
export const htmlToPlainText = (html: string): string => {
  if (html.trim() === '') return '';
  return convert(html, OPTIONS)
    .replace(/\u00a0/g, ' ')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
};

/** One line: whitespace runs (newlines included) become single spaces. */
export const oneLine = (text: string): string => text.replace(/\s+/g, ' ').trim();
