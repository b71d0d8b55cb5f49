/**
 * Mutations of real ISO 18626 messages, for the fault tests: byte-level damage (truncation, spans
 * deleted, duplicated or swapped, junk inserted), structural damage (elements dropped, duplicated,
 * renamed, their text replaced by hostile values, enumerations given unknown values, the namespace
 * changed) and hostile constructs (DOCTYPEs with entity expansion or external entities, deep nesting,
 * floods of elements and attributes). Deterministic for a seed, so that a failure can be replayed.
 */

/** A small, fast, seedable PRNG (mulberry32). */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from nothing');
    return items[this.int(items.length)] as T;
  }
}

/** Values that have broken parsers before: empty, huge, signed, out-of-range dates, markup, controls. */
const HOSTILE_VALUES = [
  '',
  ' ',
  '\t\n',
  '0',
  '-1',
  '99999999999999999999999999',
  '1e309',
  'NaN',
  'null',
  'undefined',
  'true',
  'Y',
  'N',
  'maybe',
  '2026-13-45T25:61:61Z',
  '0000-00-00',
  '2026-02-30',
  '9999-12-31T23:59:59+99:99',
  '1900-01-01T01:01:01+0000',
  '&amp;&lt;&gt;&quot;&apos;',
  '&#0;',
  '&#x110000;',
  '&#xD800;',
  '&undefined;',
  '&lt;script&gt;alert(1)&lt;/script&gt;',
  '<![CDATA[<ISO18626Message>]]>',
  '<!-- comment -->',
  '<?pi data?>',
  "'; drop table request; --",
  '%s%s%s%n',
  '../../../../etc/passwd',
  'http://127.0.0.1:9/evil',
  '\u0001\u0002\u0003',
  '\uFFFE\uFFFF',
  'Ünïcödé ✓ 漢字 🚀',
  '\u202Eevil',
  'x'.repeat(10_000),
  'y'.repeat(300),
];

/** Junk spliced into the text. */
const JUNK = [
  '<',
  '>',
  '&',
  '"',
  "'",
  '</',
  '/>',
  ']]>',
  '<![CDATA[',
  '<!--',
  '-->',
  '<?xml version="1.0"?>',
  '\u0000',
  '\uFFFF',
  '\uD800',
  '🚀',
  '&lol;',
  '&#65;',
  '<a>',
  '</ISO18626Message>',
  '<ISO18626Message xmlns="http://illtransactions.org/2013/iso18626">',
  'xmlns:ill="urn:other"',
];

/** Enumerated elements and a value outside each one's list. */
const ENUM_ELEMENTS = [
  'action',
  'reasonForMessage',
  'status',
  'requestType',
  'requestSubType',
  'serviceType',
  'serviceLevel',
  'answerYesNo',
  'messageStatus',
  'errorType',
  'agencyIdType',
  'paymentMethod',
  'bibliographicItemIdentifierCode',
  'sentVia',
  'reasonUnfilled',
  'reasonRetry',
];

/** A DOCTYPE of nested entities: expanded naively, it is billions of characters. */
export function billionLaughs(levels = 10, width = 10): string {
  const entities = ['<!ENTITY lol0 "lol">'];
  for (let level = 1; level < levels; level++) {
    entities.push(`<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(width)}">`);
  }
  return `<!DOCTYPE ISO18626Message [${entities.join('')}]>`;
}

/** Puts `prolog` (e.g. a DOCTYPE) after the XML declaration, if any, and before the root. */
export function withProlog(xml: string, prolog: string): string {
  const declaration = /^\uFEFF?<\?xml[^>]*\?>/.exec(xml)?.[0] ?? '';
  return `${declaration}${prolog}${xml.slice(declaration.length)}`;
}

/** Replaces the text of the first leaf element named `name` (any prefix), if there is one. */
export function replaceLeafText(xml: string, name: string, value: string): string | undefined {
  const pattern = new RegExp(`(<((?:[\\w.-]+:)?${name})(?:\\s[^>]*)?>)([^<]*)(</\\2>)`);
  const match = pattern.exec(xml);
  if (match === null) return undefined;
  return `${xml.slice(0, match.index)}${match[1]}${value}${match[4]}${xml.slice(match.index + match[0].length)}`;
}

interface Leaf {
  start: number;
  end: number;
  open: string;
  tag: string;
  text: string;
  close: string;
}

function leaves(xml: string): Leaf[] {
  const found: Leaf[] = [];
  const pattern = /(<((?:[\w.-]+:)?[\w.-]+)(?:\s[^<>]*)?>)([^<]*)(<\/\2>)/g;
  for (let match = pattern.exec(xml); match !== null; match = pattern.exec(xml)) {
    found.push({
      start: match.index,
      end: match.index + match[0].length,
      open: match[1] as string,
      tag: match[2] as string,
      text: match[3] as string,
      close: match[4] as string,
    });
  }
  return found;
}

function splice(xml: string, start: number, end: number, insert: string): string {
  return `${xml.slice(0, start)}${insert}${xml.slice(end)}`;
}

/** One mutation: a name (for the report) and what it does. */
export interface Mutator {
  readonly name: string;
  /**
   * The error type this mutation alone must get when applied to a message that was accepted
   * before, whatever else the message says; undefined when it depends on where it lands.
   */
  readonly expectedErrorType?: string;
  /** Which message kinds the expectation holds for (all when omitted). */
  readonly expectedFor?: readonly string[];
  apply(xml: string, random: Random): string;
}

export const MUTATORS: readonly Mutator[] = [
  {
    name: 'truncate',
    apply: (xml, random) => xml.slice(0, random.int(xml.length)),
  },
  {
    name: 'delete-span',
    apply: (xml, random) => {
      const start = random.int(xml.length);
      return splice(xml, start, start + 1 + random.int(40), '');
    },
  },
  {
    name: 'duplicate-span',
    apply: (xml, random) => {
      const start = random.int(xml.length);
      const span = xml.slice(start, start + 1 + random.int(80));
      return splice(xml, start, start, span);
    },
  },
  {
    name: 'swap-spans',
    apply: (xml, random) => {
      const a = random.int(xml.length);
      const b = random.int(xml.length);
      const [first, second] = a < b ? [a, b] : [b, a];
      const length = Math.min(1 + random.int(30), second - first);
      if (length <= 0) return xml;
      const left = xml.slice(first, first + length);
      const right = xml.slice(second, second + length);
      return `${xml.slice(0, first)}${right}${xml.slice(first + length, second)}${left}${xml.slice(second + length)}`;
    },
  },
  {
    name: 'insert-junk',
    apply: (xml, random) => {
      const at = random.int(xml.length + 1);
      return splice(xml, at, at, random.pick(JUNK));
    },
  },
  {
    name: 'flip-character',
    apply: (xml, random) => {
      const at = random.int(xml.length);
      return splice(xml, at, at + 1, String.fromCharCode(random.int(0x3000)));
    },
  },
  {
    name: 'drop-element',
    apply: (xml, random) => {
      const all = leaves(xml);
      if (all.length === 0) return xml;
      const leaf = random.pick(all);
      return splice(xml, leaf.start, leaf.end, '');
    },
  },
  {
    name: 'duplicate-element',
    apply: (xml, random) => {
      const all = leaves(xml);
      if (all.length === 0) return xml;
      const leaf = random.pick(all);
      return splice(xml, leaf.end, leaf.end, xml.slice(leaf.start, leaf.end));
    },
  },
  {
    name: 'rename-element',
    apply: (xml, random) => {
      const all = leaves(xml);
      if (all.length === 0) return xml;
      const leaf = random.pick(all);
      const renamed = `${leaf.tag}${random.pick(['X', '_2', 'ing', ''])}Unknown`;
      return splice(
        xml,
        leaf.start,
        leaf.end,
        `${leaf.open.replace(leaf.tag, renamed)}${leaf.text}</${renamed}>`,
      );
    },
  },
  {
    name: 'hostile-text',
    apply: (xml, random) => {
      const all = leaves(xml);
      if (all.length === 0) return xml;
      const leaf = random.pick(all);
      return splice(xml, leaf.start, leaf.end, `${leaf.open}${random.pick(HOSTILE_VALUES)}${leaf.close}`);
    },
  },
  {
    name: 'unknown-enumeration-value',
    apply: (xml, random) => {
      const name = random.pick(ENUM_ELEMENTS);
      return (
        replaceLeafText(xml, name, random.pick(['WeCouldLoan', 'Bogus', 'loaned', 'Loaned ', ''])) ?? xml
      );
    },
  },
  {
    name: 'unknown-action',
    expectedErrorType: 'UnsupportedActionType',
    expectedFor: ['requestingAgencyMessage'],
    apply: (xml) => replaceLeafText(xml, 'action', 'WeCancelThisMessage') ?? xml,
  },
  {
    name: 'unknown-reason-for-message',
    expectedErrorType: 'UnsupportedReasonForMessageType',
    expectedFor: ['supplyingAgencyMessage'],
    apply: (xml) => replaceLeafText(xml, 'reasonForMessage', 'NoGoodReason') ?? xml,
  },
  {
    name: 'namespace',
    apply: (xml, random) =>
      xml.replace(
        /xmlns(:\w+)?="[^"]*"/,
        (_match, prefix: string | undefined) =>
          `xmlns${prefix ?? ''}="${random.pick(['', 'urn:other', 'http://illtransactions.org/2013/iso18626x'])}"`,
      ),
  },
  {
    name: 'billion-laughs',
    expectedErrorType: 'BadlyFormedMessage',
    apply: (xml) => withProlog(xml.replace(/(<(?:\w+:)?note>)/, '$1&lol9;'), billionLaughs()),
  },
  {
    name: 'external-entity',
    expectedErrorType: 'BadlyFormedMessage',
    apply: (xml, random) =>
      withProlog(
        xml.replace(/(<(?:\w+:)?requestingAgencyRequestId>)/, '$1&xxe;'),
        `<!DOCTYPE ISO18626Message [<!ENTITY xxe SYSTEM "${random.pick([
          'file:///etc/passwd',
          'file:///proc/self/environ',
          'http://127.0.0.1:9/xxe',
        ])}">]>`,
      ),
  },
  {
    name: 'parameter-entity',
    expectedErrorType: 'BadlyFormedMessage',
    apply: (xml) =>
      withProlog(
        xml,
        '<!DOCTYPE ISO18626Message [<!ENTITY % remote SYSTEM "http://127.0.0.1:9/dtd"> %remote;]>',
      ),
  },
  {
    name: 'deep-nesting',
    expectedErrorType: 'BadlyFormedMessage',
    // Inside the header, which no sample has in a comment (a <note> can be, in comment text).
    apply: (xml) => xml.replace(/(<\/(?:\w+:)?header>)/, `${'<deep>'.repeat(40)}x${'</deep>'.repeat(40)}$1`),
  },
  {
    name: 'element-flood',
    expectedErrorType: 'BadlyFormedMessage',
    apply: (xml) => xml.replace(/(<\/(?:\w+:)?header>)/, `${'<x/>'.repeat(12_000)}$1`),
  },
  {
    name: 'attribute-flood',
    expectedErrorType: 'BadlyFormedMessage',
    apply: (xml) =>
      xml.replace(
        /<((?:\w+:)?header)>/,
        `<$1 ${Array.from({ length: 100 }, (_, index) => `a${index}="${index}"`).join(' ')}>`,
      ),
  },
  {
    name: 'not-xml',
    expectedErrorType: 'BadlyFormedMessage',
    apply: (xml, random) =>
      random.pick([
        JSON.stringify({ message: xml.slice(0, 200) }),
        'Hello, supplier',
        xml.replace(/</g, '['),
        `\u0000${xml}`,
      ]),
  },
  {
    name: 'second-root',
    apply: (xml) => `${xml}\n${xml.replace(/^\uFEFF?<\?xml[^>]*\?>/, '')}`,
  },
  {
    name: 'byte-order-mark-and-declaration',
    apply: (xml, random) =>
      random.pick([
        `\uFEFF${xml}`,
        xml.replace(/encoding="[^"]*"/, 'encoding="EBCDIC-US"'),
        `<?xml version="1.1" encoding="UTF-16"?>${xml.replace(/^\uFEFF?<\?xml[^>]*\?>/, '')}`,
      ]),
  },
];

/** A mutated body: which sample, which mutators in order, and the text. */
export interface MutatedBody {
  readonly sample: string;
  readonly mutators: readonly string[];
  readonly body: string;
  /** Set when a single mutator with a fixed outcome was applied to an accepted message. */
  readonly expectedErrorType?: string;
}

/**
 * The `index`-th mutated body of a run: a sample picked at random, and one to three mutators applied
 * in turn. Deterministic for (seed, index).
 */
export function mutatedBody(
  samples: readonly { name: string; xml: string; kind: string | undefined }[],
  seed: number,
  index: number,
): MutatedBody {
  const random = new Random((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const sample = random.pick(samples);
  const count = 1 + (random.next() < 0.6 ? 0 : random.int(3));
  let body = sample.xml;
  const applied: Mutator[] = [];
  for (let step = 0; step < count; step++) {
    const mutator = random.pick(MUTATORS);
    body = mutator.apply(body, random);
    applied.push(mutator);
  }
  const only = applied.length === 1 ? applied[0] : undefined;
  const expected =
    only?.expectedErrorType !== undefined &&
    body !== sample.xml &&
    sample.kind !== undefined &&
    (only.expectedFor === undefined || only.expectedFor.includes(sample.kind))
      ? only.expectedErrorType
      : undefined;
  return {
    sample: sample.name,
    mutators: applied.map((mutator) => mutator.name),
    body,
    ...(expected !== undefined ? { expectedErrorType: expected } : {}),
  };
}
