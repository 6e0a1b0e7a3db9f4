import { ErrorEnvelope } from './mor-method.decorator';

export const XML_CONTENT_TYPE = 'text/xml; charset=utf-8';
/** Methods whose answer is a bare value (`reply: 'text'`): `{ text: '66.0000' }`. */
export const TEXT_CONTENT_TYPE = 'text/plain; charset=utf-8';

/**
 * An XML document as a plain object (the shape xml2js's Builder took): one root key; an object is an
 * element's children, an array repeats an element, a string (or number) is its text and `''` renders
 * `<x/>`; `$` holds attributes and `_` text beside child elements.
 */
export type XmlDoc = Record<string, unknown>;

/** Whether XML 1.0 can carry the text (no control characters but tab/CR/LF, no lone surrogates, no U+FFFE/U+FFFF). */
export function isXmlText(text: string): boolean {
  return /^[\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u.test(text);
}

const NOT_XML_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;
/** Cheap first look: only control characters, surrogates (pairs are fine, checked precisely) and U+FFFE/U+FFFF need the precise check. */
const MAYBE_NOT_XML = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD]/;

/**
 * Every character XML 1.0 cannot carry replaced by `*`, as Ruby's Builder (MOR's XML renderer)
 * does; stored text (names, comments) may hold control characters that were sent to the API.
 */
function xmlChars(text: string): string {
  return MAYBE_NOT_XML.test(text) && !isXmlText(text) ? text.replace(NOT_XML_CHAR, '*') : text;
}

const TEXT_SPECIAL = /[&<>\r]/g;
const ATTR_SPECIAL = /[&<"\t\n\r]/g;
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\t': '&#x9;', '\n': '&#xA;', '\r': '&#xD;' };
const entity = (c: string) => ENTITIES[c];

function escapeText(value: unknown): string {
  const text = xmlChars(String(value));
  TEXT_SPECIAL.lastIndex = 0;
  return TEXT_SPECIAL.test(text) ? text.replace(TEXT_SPECIAL, entity) : text;
}

function escapeAttribute(value: unknown): string {
  const text = xmlChars(String(value));
  ATTR_SPECIAL.lastIndex = 0;
  return ATTR_SPECIAL.test(text) ? text.replace(ATTR_SPECIAL, entity) : text;
}

const INDENT = '  ';
const DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n';
const STANDALONE_DECLARATION = '<?xml version="1.0" encoding="utf-8" standalone="yes"?>\n';
const hasOwn = (o: object, key: string) => Object.prototype.hasOwnProperty.call(o, key);

/** Element and attribute names come from code; each is checked once (xmlbuilder refused invalid names too). */
const NAME = /^[A-Za-z_:][A-Za-z0-9_:.-]*$/;
const checkedNames = new Set<string>();
function checkName(name: string): string {
  if (checkedNames.has(name)) return name;
  if (!NAME.test(name)) throw new Error(`Invalid character in name: ${JSON.stringify(name)}`);
  checkedNames.add(name);
  return name;
}

/**
 * One element being written: its attributes and children, pretty-printed as xmlbuilder (xml2js's
 * writer) prints them: no children or only empty texts `<x/>`; one text child inline
 * `<x>text</x>`; otherwise one child per line, indented two spaces a level.
 */
class Element {
  private attributes = '';
  private body = '';
  private count = 0;
  private onlyText: string | null = null;
  private allEmpty = true;
  private readonly inner: string;

  private readonly name: string;

  constructor(
    name: string,
    private readonly indent: string,
  ) {
    this.name = checkName(name);
    this.inner = indent + INDENT;
  }

  attribute(name: string, value: unknown): void {
    if (value !== null && value !== undefined) this.attributes += ` ${checkName(name)}="${escapeAttribute(value)}"`;
  }

  text(value: unknown): void {
    if (value === null || value === undefined) throw new Error(`Missing element text in <${this.name}>`);
    const text = escapeText(value);
    this.onlyText = this.count === 0 ? text : null;
    this.count++;
    if (text !== '') this.allEmpty = false;
    this.body += `${this.inner}${text}\n`;
  }

  /** A child element whose content is `value` (xml2js: render(ele(name), value)). */
  child(name: string, value: unknown): void {
    this.add(render(new Element(name, this.inner), value).toString());
  }

  /** A child element with this text, `''` none (xml2js: ele(name, text)). */
  leaf(name: string, text: string): void {
    checkName(name);
    this.add(text === '' ? `${this.inner}<${name}/>\n` : `${this.inner}<${name}>${escapeText(text)}</${name}>\n`);
  }

  private add(markup: string): void {
    this.count++;
    this.onlyText = null;
    this.allEmpty = false;
    this.body += markup;
  }

  toString(): string {
    const open = `${this.indent}<${this.name}${this.attributes}`;
    if (this.allEmpty) return `${open}/>\n`;
    if (this.count === 1 && this.onlyText !== null) return `${open}>${this.onlyText}</${this.name}>\n`;
    return `${open}>\n${this.body}${this.indent}</${this.name}>\n`;
  }
}

/** xml2js Builder's render(element, obj), rule for rule (attrkey `$`, charkey `_`, no CDATA). */
function render(element: Element, obj: unknown): Element {
  if (typeof obj !== 'object') {
    element.text(obj);
  } else if (Array.isArray(obj)) {
    for (let i = 0; i < obj.length; i++) {
      if (!(i in obj)) continue;
      const child = obj[i] as Record<string, unknown>;
      for (const key in child) element.child(key, child[key]);
    }
  } else if (obj !== null) {
    const record = obj as Record<string, unknown>;
    for (const key in record) {
      if (!hasOwn(record, key)) continue;
      const child = record[key];
      if (key === '$') {
        if (typeof child === 'object' && child !== null) for (const name in child) element.attribute(name, (child as Record<string, unknown>)[name]);
      } else if (key === '_') {
        element.text(child);
      } else if (Array.isArray(child)) {
        for (let i = 0; i < child.length; i++) {
          if (!(i in child)) continue;
          const entry: unknown = child[i];
          if (typeof entry === 'string') element.leaf(key, entry);
          else element.child(key, entry);
        }
      } else if (typeof child === 'object') {
        element.child(key, child);
      } else {
        element.leaf(key, child === undefined ? '' : String(child));
      }
    }
  }
  return element;
}

/**
 * The reply's bytes: the declaration, then the document pretty-printed, byte for byte what the
 * xml2js Builder we used before printed (test/unit/replies.spec.ts replays every recorded reply),
 * in a few microseconds. Text and attribute values are escaped as xmlbuilder escapes them, and
 * characters XML cannot carry become `*`.
 */
export function renderXml(doc: XmlDoc, declaration?: 'standalone'): string {
  const keys = Object.keys(doc);
  const [name, content] = keys.length === 1 ? [keys[0], doc[keys[0]]] : ['root', doc];
  const xml = render(new Element(name, ''), content).toString();
  return (declaration === 'standalone' ? STANDALONE_DECLARATION : DECLARATION) + xml.slice(0, -1);
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
