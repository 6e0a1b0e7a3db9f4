import { Builder } from 'xml2js';
import { ErrorEnvelope } from './mor-method.decorator';

export const XML_CONTENT_TYPE = 'text/xml; charset=utf-8';
/** Methods whose answer is a bare value (`reply: 'text'`): `{ text: '66.0000' }`. */
export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';

/** An XML document as xml2js builds it: one root key; arrays repeat an element. */
export type XmlDoc = Record<string, unknown>;

const plain = new Builder({ xmldec: { version: '1.0', encoding: 'UTF-8' }, renderOpts: { pretty: true, indent: '  ', newline: '\n' } });
const standalone = new Builder({ xmldec: { version: '1.0', encoding: 'utf-8', standalone: true }, renderOpts: { pretty: true, indent: '  ', newline: '\n' } });

/** Whether XML 1.0 can carry the text (no control characters but tab/CR/LF, no lone surrogates, no U+FFFE/U+FFFF). */
export function isXmlText(text: string): boolean {
  return /^[\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u.test(text);
}

const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * The document with every character XML 1.0 cannot carry replaced by `*`, as Ruby's Builder
 * (MOR's XML renderer) does; stored text (names, comments) may hold control characters that
 * were sent to the API, and xmlbuilder would otherwise throw. Unchanged parts are not copied.
 */
export function xmlSafe<T>(value: T): T {
  if (typeof value === 'string') return (isXmlText(value) ? value : value.replace(NOT_XML_CHAR, '*')) as T;
  if (Array.isArray(value)) {
    const items = value.map(xmlSafe);
    return (items.some((item, i) => item !== value[i]) ? items : value) as T;
  }
  if (value !== null && typeof value === 'object') {
    let copy: Record<string, unknown> | null = null;
    for (const [key, item] of Object.entries(value)) {
      const safe = xmlSafe(item);
      if (safe !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = safe;
    }
    return (copy ?? value) as T;
  }
  return value;
}

export function renderXml(doc: XmlDoc, declaration?: 'standalone'): string {
  return (declaration === 'standalone' ? standalone : plain).buildObject(xmlSafe(doc));
}

/** The error document of an envelope; see ErrorEnvelope. */
export function errorDoc(text: string, envelope: ErrorEnvelope = 'page'): XmlDoc {
  switch (envelope) {
    case 'status':
      return { page: { status: { error: text } } };
    case 'login':
      return { action: { name: 'login', status: 'failed', status_message: text } };
    case 'response':
      return { response: { error: text } };
    case 'Status':
      return { Status: text };
    case 'logout':
      return { action: { name: 'logout', status: 'failed', status_message: text } };
    case 'document':
      return { status: { error: text } };
    default:
      return { page: { error: text } };
  }
}

/** `<page><status>TEXT</status></page>`. */
export const statusDoc = (text: string): XmlDoc => ({ page: { status: text } });

/** `<page><status><success>TEXT</success>…extra</status></page>`. */
export const successDoc = (text: string, extra: Record<string, string> = {}): XmlDoc => ({ page: { status: { success: text, ...extra } } });
