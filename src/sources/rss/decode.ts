import { TextDecoder } from 'node:util';
/** Node's WHATWG decoder labels cover the charsets feeds declare (utf-8, iso-8859-x, windows-125x, koi8, gbk, shift_jis, …). */
const decoderFor = (label: string, fatal = false): TextDecoder | undefined => {
  try {
    return new TextDecoder(label.trim().toLowerCase(), { fatal });
  } catch {
    return undefined;
  }
};

/** `charset=` of a Content-Type header. */
export const headerCharset = (contentType: string | undefined): string | undefined => /charset\s*=\s*"?([\w.:-]+)"?/i.exec(contentType ?? '')?.[1];

/** `encoding=` of an XML declaration, read from the first bytes as ASCII. */
export const declaredXmlEncoding = (bytes: Uint8Array): string | undefined => {
  const head = Buffer.from(bytes.subarray(0, 200)).toString('latin1');
  return /^\s*<\?xml[^>]*\bencoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1];
};

/**
 * Bytes of a feed → text (ADR 0008). Order: a byte-order mark; the Content-Type charset; the XML
 * declaration's encoding; otherwise UTF-8 when the bytes are valid UTF-8, else windows-1252 (what
 * undeclared Latin-1 feeds really are, and a superset of ISO-8859-1 for printable text).
 */
export const decodeFeedBytes = (bytes: Uint8Array, contentType?: string): { text: string; encoding: string } => {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  for (const label of [headerCharset(contentType), declaredXmlEncoding(bytes)]) {
    const decoder = label === undefined ? undefined : decoderFor(label);
    if (decoder) return { text: decoder.decode(bytes), encoding: decoder.encoding };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
};
