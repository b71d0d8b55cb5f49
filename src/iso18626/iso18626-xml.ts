/**
 * Safe loading of an untrusted XML document into a small namespace-resolved element tree.
 *
 * The body of an ISO 18626 POST comes from the network, so before any XML library sees it the text
 * is checked with cheap linear scans: size, forbidden characters, and a markup scan that refuses
 * every DTD construct (`<!DOCTYPE`, `<!ENTITY`: no entity expansion, no external entities, no
 * billion laughs) and stops at the depth and element-count caps (no stack exhaustion on 100k-deep
 * nesting). Only then does fast-xml-parser check well-formedness and build the tree. Entity
 * references are decoded here, not by the library, so that exactly the five predefined XML entities
 * and character references are honoured and anything else is an error.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** Caps applied before parsing; see `Iso18626ParseOptions` for the defaults. */
export interface XmlLimits {
  maxBytes: number;
  maxDepth: number;
  maxElements: number;
}

/** An attribute with its namespace resolved (unprefixed attributes have no namespace). */
export interface XmlAttribute {
  readonly localName: string;
  readonly namespace: string | undefined;
  readonly value: string;
}

/** An element with its namespace resolved, its child elements, and its own character data. */
export interface XmlElement {
  readonly localName: string;
  readonly prefix: string | undefined;
  readonly namespace: string | undefined;
  readonly attributes: readonly XmlAttribute[];
  readonly children: readonly XmlElement[];
  /** The element's own text and CDATA, decoded and concatenated, untrimmed. */
  readonly text: string;
}

export type XmlLoadResult = { ok: true; root: XmlElement } | { ok: false; reason: string };

const XML_NAMESPACE = 'http://www.w3.org/XML/1998/namespace';

// ISO 18626 elements carry at most a few attributes (xmlns declarations, version, scheme); tens of
// thousands on one element make attribute handling quadratic, so the scan stops them early.
const MAX_ATTRIBUTES_PER_ELEMENT = 64;

// XML 1.0 §2.2: C0 controls other than tab, LF and CR, and the non-characters U+FFFE/U+FFFF.
// eslint-disable-next-line no-control-regex
const FORBIDDEN_CHARACTER = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/;

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  // Every value stays a string: ISBN "0012…" must not become 12.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  // Entities are decoded below, under our rules; CDATA is kept apart so it is not decoded.
  processEntities: false,
  htmlEntities: false,
  cdataPropName: '#cdata',
  commentPropName: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
});

/** Loads `input` as XML within `limits`. Never throws. */
export function loadXml(input: unknown, limits: XmlLimits): XmlLoadResult {
  try {
    return load(input, limits);
  } catch (error) {
    // Last line of defence: a library error or an exhausted stack is still a typed result.
    return {
      ok: false,
      reason: `not well-formed XML (${error instanceof Error ? error.message : 'unknown error'})`,
    };
  }
}

function load(input: unknown, limits: XmlLimits): XmlLoadResult {
  if (typeof input !== 'string') return { ok: false, reason: 'the body is not text' };
  // Cheap bound first: a string is never shorter in UTF-8 than in UTF-16 code units.
  if (input.length > limits.maxBytes || Buffer.byteLength(input, 'utf8') > limits.maxBytes) {
    return { ok: false, reason: `the message is larger than ${limits.maxBytes} bytes` };
  }
  let xml = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  xml = xml.trimStart();
  if (xml === '') return { ok: false, reason: 'the message is empty' };
  if (!xml.startsWith('<'))
    return { ok: false, reason: `not XML (starts with ${JSON.stringify(xml.slice(0, 20))})` };
  const forbidden = FORBIDDEN_CHARACTER.exec(xml);
  if (forbidden) {
    const code = forbidden[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return { ok: false, reason: `contains U+${code}, a character XML does not allow` };
  }
  const scan = scanMarkup(xml, limits);
  if (scan !== undefined) return { ok: false, reason: scan };
  const validation = XMLValidator.validate(xml, { allowBooleanAttributes: false });
  if (validation !== true) {
    const { msg, line, col } = validation.err;
    return { ok: false, reason: `not well-formed XML: ${msg} (line ${line}, column ${col})` };
  }
  const nodes = parser.parse(xml) as OrderedNode[];
  const roots = nodes.filter((node) => elementName(node) !== undefined);
  if (roots.length !== 1) return { ok: false, reason: `expected one root element, found ${roots.length}` };
  return {
    ok: true,
    root: buildElement(roots[0] as OrderedNode, {
      declared: new Map([['xml', XML_NAMESPACE]]),
      parent: undefined,
    }),
  };
}

/**
 * One linear pass over the markup: refuses DTD constructs and stops at the depth and element caps
 * before any recursive or allocating code runs. It does not check well-formedness (the validator
 * does); it only has to be right about where tags start and end, quotes included.
 */
function scanMarkup(xml: string, limits: XmlLimits): string | undefined {
  let depth = 0;
  let elements = 0;
  let i = xml.indexOf('<');
  while (i !== -1) {
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end === -1) return 'not well-formed XML: unterminated comment';
      i = xml.indexOf('<', end + 3);
      continue;
    }
    if (xml.startsWith('<![CDATA[', i)) {
      const end = xml.indexOf(']]>', i + 9);
      if (end === -1) return 'not well-formed XML: unterminated CDATA section';
      i = xml.indexOf('<', end + 3);
      continue;
    }
    if (xml.startsWith('<!', i)) {
      return 'DOCTYPE and other DTD declarations are refused (no entity expansion, no external entities)';
    }
    if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2);
      if (end === -1) return 'not well-formed XML: unterminated processing instruction';
      i = xml.indexOf('<', end + 2);
      continue;
    }
    const { end, quoted } = endOfTag(xml, i + 1);
    if (end === -1) return 'not well-formed XML: unterminated tag';
    if (quoted > MAX_ATTRIBUTES_PER_ELEMENT)
      return `an element with more than ${MAX_ATTRIBUTES_PER_ELEMENT} attributes`;
    if (xml[i + 1] === '/') {
      depth -= 1;
    } else {
      elements += 1;
      if (elements > limits.maxElements) return `more than ${limits.maxElements} elements`;
      if (xml[end - 1] !== '/') {
        depth += 1;
        if (depth > limits.maxDepth) return `elements nested deeper than ${limits.maxDepth} levels`;
      }
    }
    i = xml.indexOf('<', end + 1);
  }
  return undefined;
}

/**
 * Index of the `>` closing the tag whose name starts at `from`, skipping quoted attribute values,
 * and how many quoted values (so, attributes) the tag has; `end` is -1 when the tag never closes.
 */
function endOfTag(xml: string, from: number): { end: number; quoted: number } {
  let quote: string | undefined;
  let quoted = 0;
  for (let j = from; j < xml.length; j += 1) {
    const c = xml[j];
    if (quote !== undefined) {
      if (c === quote) quote = undefined;
      // Not well-formed (XML §3.1), and fast-xml-parser's validator lets it through.
      else if (c === '<') return { end: -1, quoted };
    } else if (c === '"' || c === "'") {
      quote = c;
      quoted += 1;
    } else if (c === '>') {
      return { end: j, quoted };
    } else if (c === '<') {
      return { end: -1, quoted };
    }
  }
  return { end: -1, quoted };
}

// fast-xml-parser's preserveOrder shape: { tag: children, ':@': attributes } | { '#text': s } | { '#cdata': [...] }.
type OrderedNode = Record<string, unknown>;

function elementName(node: OrderedNode): string | undefined {
  for (const key of Object.keys(node)) {
    if (key !== ':@' && key !== '#text' && key !== '#cdata' && !key.startsWith('?')) return key;
  }
  return undefined;
}

function splitName(qualified: string): { prefix: string | undefined; localName: string } {
  const colon = qualified.indexOf(':');
  return colon === -1
    ? { prefix: undefined, localName: qualified }
    : { prefix: qualified.slice(0, colon), localName: qualified.slice(colon + 1) };
}

/**
 * The namespace declarations in scope: each element's own, then its ancestors'. A chain rather
 * than a copied map, so that many declarations on many elements cost no more than the text.
 */
interface Scope {
  readonly declared: ReadonlyMap<string, string>;
  readonly parent: Scope | undefined;
}

function lookup(scope: Scope | undefined, prefix: string): string | undefined {
  for (let s = scope; s !== undefined; s = s.parent) {
    const uri = s.declared.get(prefix);
    if (uri !== undefined) return uri;
  }
  return undefined;
}

function buildElement(node: OrderedNode, inherited: Scope): XmlElement {
  const qualified = elementName(node) as string;
  const rawAttributes = (node[':@'] ?? {}) as Record<string, string>;

  let declared: Map<string, string> | undefined;
  for (const [name, raw] of Object.entries(rawAttributes)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      declared ??= new Map();
      declared.set(name === 'xmlns' ? '' : name.slice(6), decodeAttribute(raw));
    }
  }
  const namespaces: Scope = declared === undefined ? inherited : { declared, parent: inherited };
  const resolve = (prefix: string | undefined, forElement: boolean): string | undefined => {
    // xmlns="" undeclares the default namespace.
    if (prefix === undefined) return forElement ? lookup(namespaces, '') || undefined : undefined;
    const uri = lookup(namespaces, prefix);
    if (uri === undefined) throw new Error(`namespace prefix '${prefix}' is not declared`);
    return uri;
  };

  const attributes: XmlAttribute[] = [];
  for (const [name, raw] of Object.entries(rawAttributes)) {
    if (name === 'xmlns' || name.startsWith('xmlns:')) continue;
    const { prefix, localName } = splitName(name);
    attributes.push({ localName, namespace: resolve(prefix, false), value: decodeAttribute(raw) });
  }

  const children: XmlElement[] = [];
  let text = '';
  for (const child of (node[qualified] ?? []) as OrderedNode[]) {
    if (typeof child['#text'] === 'string') {
      text += decodeText(child['#text']);
    } else if (Array.isArray(child['#cdata'])) {
      for (const part of child['#cdata'] as OrderedNode[]) {
        if (typeof part['#text'] === 'string') text += part['#text'];
      }
    } else if (elementName(child) !== undefined) {
      children.push(buildElement(child, namespaces));
    }
  }
  const { prefix, localName } = splitName(qualified);
  return { localName, prefix, namespace: resolve(prefix, true), attributes, children, text };
}

const REFERENCE = /&([^;&\s]*);|&/g;
const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

/** Decodes the predefined entities and character references; any other reference is an error. */
function decodeReferences(raw: string): string {
  if (!raw.includes('&')) return raw;
  return raw.replace(REFERENCE, (whole, name: string | undefined) => {
    if (name === undefined) throw new Error('a bare & must be written &amp;');
    const predefined = PREDEFINED[name];
    if (predefined !== undefined) return predefined;
    const numeric = /^#(?:x([0-9a-fA-F]{1,6})|([0-9]{1,7}))$/.exec(name);
    if (numeric) {
      const code = numeric[1] !== undefined ? parseInt(numeric[1], 16) : Number(numeric[2]);
      if (isXmlCharacter(code)) return String.fromCodePoint(code);
      throw new Error(`${whole} is not a character XML allows`);
    }
    throw new Error(`the entity ${whole} is not defined (only the five XML entities are)`);
  });
}

function isXmlCharacter(code: number): boolean {
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** Text content: line ends normalised to LF before decoding, so that `&#13;` survives as CR (XML §2.11). */
function decodeText(raw: string): string {
  return decodeReferences(raw.replace(/\r\n?/g, '\n'));
}

/** Attribute values: literal whitespace becomes a space before decoding (XML §3.3.3). */
function decodeAttribute(raw: string): string {
  return decodeReferences(raw.replace(/\r\n?|[\t\n]/g, ' '));
}
