import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emitIso18626 } from './iso18626-emit.ts';
import { parseIso18626, type Iso18626ParseResult } from './iso18626-parse.ts';
import { ISO18626_ERROR_TYPES, ISO18626_MESSAGE_KINDS, ISO18626_NAMESPACE } from './iso18626-types.ts';
import { richMessages } from './testing/messages.ts';
import {
  ISO18626_REFERENCE_DIR,
  ON_CI,
  listSamples,
  readSample,
  schemaV12Path,
} from './testing/reference.ts';
import { XMLLINT_AVAILABLE, validateWithXmllint } from './testing/xmllint.ts';

const NS = ISO18626_NAMESPACE;

/** A result is typed when it is one of the two shapes, with a known kind or a known errorType. */
function expectTyped(result: Iso18626ParseResult): void {
  if (result.ok) {
    expect(ISO18626_MESSAGE_KINDS).toContain(result.message.kind);
    expect(Array.isArray(result.warnings)).toBe(true);
  } else {
    expect(ISO18626_ERROR_TYPES).toContain(result.error.errorType);
    expect(typeof result.error.errorValue).toBe('string');
    expect(result.error.errorValue.length).toBeGreaterThan(0);
  }
}

/** Parses `xml`, checks that the answer is a typed refusal of `errorType`, and returns it with the time taken. */
function refusedQuickly(xml: unknown, errorType = 'BadlyFormedMessage') {
  const started = performance.now();
  const result = parseIso18626(xml as string);
  const ms = performance.now() - started;
  expectTyped(result);
  if (result.ok) throw new Error(`expected a refusal, got a ${result.message.kind}`);
  expect(result.error.errorType).toBe(errorType);
  return { error: result.error, ms };
}

describe('parseIso18626 on hostile input', () => {
  it('refuses a DOCTYPE with nested entities (billion laughs) before expanding anything', () => {
    const lol = [
      '<!ENTITY lol "lol">',
      ...Array.from(
        { length: 9 },
        (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`,
      ),
    ].join('');
    const { error, ms } = refusedQuickly(
      `<?xml version="1.0"?><!DOCTYPE lolz [${lol}]><ISO18626Message xmlns="${NS}">&lol9;</ISO18626Message>`,
    );
    expect(error.errorValue).toMatch(/DOCTYPE and other DTD declarations are refused/);
    expect(ms).toBeLessThan(50);
  });

  it('refuses an external entity without reading the file it names', () => {
    const { error } = refusedQuickly(
      `<?xml version="1.0"?><!DOCTYPE m [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>` +
        `<ISO18626Message xmlns="${NS}" version="1.2"><requestingAgencyMessage><note>&xxe;</note></requestingAgencyMessage></ISO18626Message>`,
    );
    expect(error.errorValue).toMatch(/DOCTYPE/);
    expect(error.errorValue).not.toMatch(/root:/);
  });

  it('refuses any DOCTYPE, even one without entities, and a bare ENTITY declaration', () => {
    expect(refusedQuickly(`<!DOCTYPE ISO18626Message><ISO18626Message/>`).error.errorValue).toMatch(
      /DOCTYPE/,
    );
    expect(refusedQuickly(`<ISO18626Message><!ENTITY a "b"></ISO18626Message>`).error.errorValue).toMatch(
      /DTD/,
    );
  });

  it('refuses a 10 MB body at once', () => {
    const { error, ms } = refusedQuickly(
      `<ISO18626Message>${'x'.repeat(10 * 1024 * 1024)}</ISO18626Message>`,
    );
    expect(error.errorValue).toBe('message: the message is larger than 1048576 bytes');
    expect(ms).toBeLessThan(50);
  });

  it('counts the size in UTF-8 bytes, not characters', () => {
    const almost = `<a>${'é'.repeat(600_000)}</a>`; // 600k characters, 1.2 MB
    expect(refusedQuickly(almost).error.errorValue).toMatch(/larger than/);
  });

  it('refuses 100k-deep nesting without exhausting the stack, even when the caller raises the caps', () => {
    const deep = `${'<a>'.repeat(100_000)}${'</a>'.repeat(100_000)}`;
    const { error, ms } = refusedQuickly(deep);
    expect(error.errorValue).toBe('message: elements nested deeper than 32 levels');
    expect(ms).toBeLessThan(50);

    const started = performance.now();
    const raised = parseIso18626(deep, { maxBytes: 10_000_000, maxDepth: 10_000_000 });
    expect(raised.ok).toBe(false);
    expectTyped(raised);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('refuses too many elements and too many attributes', () => {
    expect(refusedQuickly(`<a>${'<b/>'.repeat(20_000)}</a>`).error.errorValue).toBe(
      'message: more than 10000 elements',
    );
    const attributes = Array.from({ length: 50_000 }, (_, i) => `a${i}="1"`).join(' ');
    const { error, ms } = refusedQuickly(`<a ${attributes}/>`);
    expect(error.errorValue).toBe('message: an element with more than 64 attributes');
    expect(ms).toBeLessThan(100);
  });

  it.each([
    ['an empty body', '', 'message: the message is empty'],
    ['whitespace only', ' \n\t ', 'message: the message is empty'],
    [
      'a JSON body',
      '{"request":{"header":{}}}',
      'message: not XML (starts with "{\\"request\\":{\\"header\\"")',
    ],
    ['plain text', 'Hello, supplier', 'message: not XML (starts with "Hello, supplier")'],
    [
      'HTML',
      '<html><body>502 Bad Gateway</body></html>',
      'message: root element "html" is not ISO18626Message',
    ],
    ['unclosed XML', `<ISO18626Message xmlns="${NS}"><request>`, /^message: not well-formed XML/],
    [
      'a NUL byte',
      `<ISO18626Message>\u0000</ISO18626Message>`,
      'message: contains U+0000, a character XML does not allow',
    ],
    ['an attribute without quotes', '<ISO18626Message version=1.2/>', /^message: not well-formed XML/],
    ['a < inside an attribute value', '<ISO18626Message version="<1.2"/>', /^message: not well-formed XML/],
  ])('refuses %s with a typed error', (_name, body, errorValue) => {
    const { error, ms } = refusedQuickly(body);
    if (typeof errorValue === 'string') expect(error.errorValue).toBe(errorValue);
    else expect(error.errorValue).toMatch(errorValue);
    expect(ms).toBeLessThan(50);
  });

  it('refuses non-strings passed by untyped callers', () => {
    for (const body of [undefined, null, 42, {}, Buffer.from('<a/>')]) {
      expect(refusedQuickly(body).error.errorValue).toBe('message: the body is not text');
    }
  });

  it('does not let element or attribute names reach object prototypes', () => {
    for (const xml of [
      '<__proto__><polluted>yes</polluted></__proto__>',
      `<ISO18626Message xmlns="${NS}" version="1.2"><requestingAgencyMessage __proto__="x" constructor="y"/></ISO18626Message>`,
      `<ISO18626Message xmlns="${NS}" version="1.2"><requestingAgencyMessage><constructor/><__proto__><polluted>1</polluted></__proto__></requestingAgencyMessage></ISO18626Message>`,
    ]) {
      expectTyped(parseIso18626(xml));
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('never throws on arbitrary text or bytes', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 300 }),
          fc.string({ unit: 'binary', maxLength: 300 }),
          fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
          fc.string({
            unit: fc.constantFrom('<', '>', '/', 'a', '"', '=', ' ', '&', ';', '!', '?', '[', ']', '-', ':'),
            maxLength: 200,
          }),
        ),
        (body) => {
          expectTyped(parseIso18626(body));
        },
      ),
      { numRuns: 2_000 },
    );
  });
});

// --- Mutation fuzzing --------------------------------------------------------------------------------

/** A small seeded generator, so that a failing mutant can be reproduced from the seed in the report. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VALUES = [
  '',
  ' ',
  'Loaned',
  'HoldReturn',
  'Lost',
  'Notification',
  '0012',
  '&amp;',
  '&bogus;',
  '<',
  ']]>',
  '2024-13-45T99:99:99Z',
  '1,5',
  'requestId_holder',
  '\u0001',
];
const JUNK = [
  '<x>',
  '</x>',
  '<!DOCTYPE a>',
  '<![CDATA[',
  ']]>',
  '<?pi x?>',
  '<!-- c -->',
  '&',
  '"',
  "'",
  '<ill:x/>',
  '<note>n</note>',
];

function mutate(xml: string, next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const tags = [...xml.matchAll(/<([A-Za-z_][\w:.-]*)[^<>]*?>/g)];
  const tag = tags.length > 0 ? pick(tags) : undefined;
  const at = Math.floor(next() * (xml.length + 1));
  switch (Math.floor(next() * 7)) {
    case 0: // delete an element
    case 1: {
      // duplicate an element
      if (tag === undefined) return xml;
      const start = tag.index;
      const close = xml.indexOf(`</${tag[1]}>`, start);
      const end = tag[0].endsWith('/>') || close === -1 ? start + tag[0].length : close + tag[1]!.length + 3;
      const element = xml.slice(start, end);
      return next() < 0.5
        ? xml.slice(0, start) + xml.slice(end)
        : xml.slice(0, end) + element + xml.slice(end);
    }
    case 2: {
      // replace a value
      const values = [...xml.matchAll(/>([^<>]*)</g)];
      if (values.length === 0) return xml;
      const value = pick(values);
      const replacement =
        next() < 0.7
          ? pick(VALUES)
          : String.fromCharCode(...Array.from({ length: 5 }, () => 32 + Math.floor(next() * 95)));
      return `${xml.slice(0, value.index + 1)}${replacement}${xml.slice(value.index + 1 + value[1]!.length)}`;
    }
    case 3: {
      // random bytes
      const chars = [...xml];
      for (let n = 1 + Math.floor(next() * 8); n > 0; n -= 1) {
        chars[Math.floor(next() * chars.length)] = String.fromCharCode(Math.floor(next() * 256));
      }
      return chars.join('');
    }
    case 4: // truncate
      return xml.slice(0, at);
    case 5: // insert junk
      return xml.slice(0, at) + pick(JUNK) + xml.slice(at);
    default: {
      // rename a tag
      if (tag === undefined) return xml;
      const name = tag[1]!;
      const renamed = next() < 0.5 ? name.toUpperCase() : `${name}X`;
      return xml.slice(0, tag.index + 1) + renamed + xml.slice(tag.index + 1 + name.length);
    }
  }
}

describe('parseIso18626 under mutation fuzzing', () => {
  const canAlsoValidate = (XMLLINT_AVAILABLE && ISO18626_REFERENCE_DIR !== undefined) || ON_CI;
  const corpus = [
    ...richMessages().map((message) => emitIso18626(message)),
    ...(ISO18626_REFERENCE_DIR !== undefined ? listSamples().map(readSample) : []),
  ];

  // Deterministic by default; ISO18626_FUZZ_RUNS and ISO18626_FUZZ_SEED run a longer or different campaign.
  const runs = Number(process.env.ISO18626_FUZZ_RUNS ?? 4_000);
  const seed = Number(process.env.ISO18626_FUZZ_SEED ?? 18626);

  it(`always gives a typed result for ${runs} mutants of the samples, fast, and whatever it accepts can be re-emitted`, () => {
    const next = random(seed);
    const outcomes: Record<string, number> = {};
    const accepted = new Map<string, string>();
    let slowest = 0;
    const started = performance.now();
    for (let i = 0; i < runs; i += 1) {
      let mutant = corpus[i % corpus.length] as string;
      for (let n = 1 + Math.floor(next() * 3); n > 0; n -= 1) mutant = mutate(mutant, next);
      const t = performance.now();
      let result: Iso18626ParseResult;
      try {
        result = parseIso18626(mutant);
      } catch (error) {
        throw new Error(`mutant ${i} (seed ${seed}) threw: ${String(error)}\n${mutant}`);
      }
      slowest = Math.max(slowest, performance.now() - t);
      expectTyped(result);
      const outcome = result.ok ? 'ok' : result.error.errorType;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (result.ok) {
        // A message the parser accepts must always be writable as v1.2.
        const xml = emitIso18626(result.message);
        if (accepted.size < Math.max(500, runs / 10)) accepted.set(`mutant ${i}`, xml);
      }
    }
    const total = performance.now() - started;
    console.info(
      `mutation fuzz: ${JSON.stringify(outcomes)}, ${total.toFixed(0)} ms in all, slowest ${slowest.toFixed(1)} ms`,
    );
    expect(Object.keys(outcomes).length).toBeGreaterThanOrEqual(4);
    expect(outcomes.ok ?? 0).toBeGreaterThan(runs / 20);
    expect(slowest).toBeLessThan(250);

    if (canAlsoValidate) {
      const invalid = validateWithXmllint(schemaV12Path(), accepted).filter((verdict) => !verdict.valid);
      expect(invalid).toEqual([]);
    }
  });
});
