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

/** Labels WHATWG decodes as windows-1252 but that promise 7-bit bytes: taken only when every byte is below 0x80. */
const ASCII_LABELS = new Set(['us-ascii', 'ascii', 'ansi_x3.4-1968', 'iso646-us', 'us', 'cp367', 'ibm367']);

/** UTF-16 without a byte-order mark, told by where the zero bytes of ASCII markup fall (XML 1.0 appendix F). */
export const sniffUtf16 = (bytes: Uint8Array): 'utf-16le' | 'utf-16be' | undefined => {
  const n = Math.min(bytes.length, 64) & ~1;
  if (n < 4) return undefined;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  if (odd * 4 >= n && even === 0) return 'utf-16le';
  if (even * 4 >= n && odd === 0) return 'utf-16be';
  return undefined;
};

type Decoded = { text: string; encoding: string };

/**
 * Decodes only when the bytes are valid in that encoding. A UTF-16/32 label on bytes that are not
 * UTF-16 (the sniff found none) is a false declaration and is ignored, as XML 1.0 §4.3.3 says.
 */
const decodeStrictly = (bytes: Uint8Array, label: string | undefined): Decoded | undefined => {
  const name = label?.trim().toLowerCase();
  if (name === undefined) return undefined;
  if (ASCII_LABELS.has(name)) return bytes.every((b) => b < 0x80) ? { text: Buffer.from(bytes).toString('latin1'), encoding: 'us-ascii' } : undefined;
  const decoder = decoderFor(name, true);
  if (decoder === undefined || decoder.encoding.startsWith('utf-16')) return undefined;
  try {
    return { text: decoder.decode(bytes), encoding: decoder.encoding };
  } catch {
    return undefined;
  }
};

/**
 * Bytes of a feed → text (ADR 0008). Order: a byte-order mark; UTF-16 sniffed from zero bytes;
 * then, each taken only when the bytes are valid in it, the Content-Type charset, the XML
 * declaration's encoding and UTF-8 (so a `text/plain; charset=utf-8` header on a Latin-1 feed
 * that declares ISO-8859-1, or a bogus `encoding="utf-16"` on UTF-8 bytes, still reads right);
 * else the first known label decoded leniently (invalid sequences become U+FFFD), else
 * windows-1252 (what undeclared Latin-1 feeds really are, and a superset of ISO-8859-1 for
 * printable text). Unknown labels (`encoding="bogus-enc"`) are skipped.
 */
export const decodeFeedBytes = (bytes: Uint8Array, contentType?: string): Decoded => {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes), encoding: 'utf-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  const utf16 = sniffUtf16(bytes);
  if (utf16) return { text: new TextDecoder(utf16).decode(bytes), encoding: utf16 };
  const labels = [headerCharset(contentType), declaredXmlEncoding(bytes)];
  for (const label of [...labels, 'utf-8']) {
    const decoded = decodeStrictly(bytes, label);
    if (decoded) return decoded;
  }
  const known = labels.map((l) => (l === undefined ? undefined : decoderFor(l))).find((d) => d !== undefined && !d.encoding.startsWith('utf-16'));
  const decoder = known ?? new TextDecoder('windows-1252');
  return { text: decoder.decode(bytes), encoding: decoder.encoding };
};
