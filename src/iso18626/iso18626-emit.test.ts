import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { confirmationFor } from './iso18626-confirmation.ts';
import { Iso18626EmitError, emitConfirmation, emitIso18626 } from './iso18626-emit.ts';
import { parseIso18626 } from './iso18626-parse.ts';
import {
  ISO18626_ACTIONS,
  ISO18626_ERROR_TYPES,
  ISO18626_MESSAGE_KINDS,
  ISO18626_NAMESPACE,
  ISO18626_REASONS_FOR_MESSAGE,
  ISO18626_STATUSES,
  type Iso18626Message,
} from './iso18626-types.ts';
import { anyMessage, messagesByKind } from './testing/arbitraries.ts';
import {
  richMessages,
  richRequest,
  richRequestConfirmation,
  richRequestingAgencyMessageConfirmation,
  richSupplyingAgencyMessageConfirmation,
  richRequestingAgencyMessage,
  richSupplyingAgencyMessage,
} from './testing/messages.ts';
import { ISO18626_REFERENCE_DIR, ON_CI, schema2021Path, schemaV12Path } from './testing/reference.ts';
import { XMLLINT_AVAILABLE, validateWithXmllint } from './testing/xmllint.ts';

const times = { timestamp: '2025-03-04T05:06:07Z', timestampReceived: '2025-03-04T05:06:06.5Z' };

function roundTrip(message: Iso18626Message): Iso18626Message {
  const result = parseIso18626(emitIso18626(message));
  if (!result.ok) throw new Error(`re-parse failed: ${JSON.stringify(result.error)}`);
  expect(result.version).toBe('1.2');
  expect(result.warnings).toEqual([]);
  return result.message;
}

describe('emitIso18626', () => {
  it('writes the root the schema wants: default namespace, ill: prefix, qualified ill:version="1.2"', () => {
    const xml = emitIso18626(richRequestingAgencyMessage());
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n')).toBe(true);
    expect(xml).toContain(
      `<ISO18626Message xmlns="${ISO18626_NAMESPACE}" xmlns:ill="${ISO18626_NAMESPACE}" ill:version="1.2">`,
    );
  });

  it('always writes multipleItemRequestId, empty when the message has none', () => {
    const message = richRequestingAgencyMessage();
    delete message.header.multipleItemRequestId;
    expect(emitIso18626(message)).toContain('<multipleItemRequestId/>');
  });

  it('writes an empty supplyingAgencyId for a request that names no supplier', () => {
    const request = richRequest();
    delete request.header.supplyingAgencyId;
    const xml = emitIso18626(request);
    expect(xml).toContain(
      '<supplyingAgencyId>\n        <agencyIdType/>\n        <agencyIdValue/>\n      </supplyingAgencyId>',
    );
    expect(roundTrip(request)).toStrictEqual(request);
  });

  it('writes schemes as the qualified ill:scheme attribute and escapes text and attributes', () => {
    const xml = emitIso18626(richRequest(), { indent: '' });
    expect(xml).toContain(
      '<agencyIdType ill:scheme="http://illtransactions.org/opencodes/agencyIdType">ISIL</agencyIdType>',
    );
    expect(xml).toContain('<agencyIdValue>DE-REQ &amp; Söhne &lt;1&gt;</agencyIdValue>');
    expect(xml).toContain('<securityCode>s3cr"et</securityCode>');
    expect(xml).toContain('First line&#13;\nsecond line\twith a tab ]]&gt; and an emoji 📚');
    expect(xml).not.toContain('\n  ');
  });

  it('writes timestamps in UTC, converting any offset the caller used', () => {
    const message = richRequestingAgencyMessage();
    message.header.timestamp = '2024-01-01T10:00:00+0200';
    expect(emitIso18626(message)).toContain('<timestamp>2024-01-01T08:00:00Z</timestamp>');
  });

  it('replaces characters XML cannot carry instead of writing a document nobody can parse', () => {
    const message = richRequestingAgencyMessage();
    message.note = 'bell\u0007 and a lone \uD800 surrogate';
    const xml = emitIso18626(message);
    expect(xml).toContain('<note>bell\uFFFD and a lone \uFFFD surrogate</note>');
    expect(parseIso18626(xml).ok).toBe(true);
  });

  it('refuses, with the path, values that would make the document schema-invalid', () => {
    const cases: [string, (m: Iso18626Message) => void, string][] = [
      [
        'status',
        (m) => ((m as { statusInfo: { status: string } }).statusInfo.status = 'HoldReturn'),
        'statusInfo/status',
      ],
      [
        'date',
        (m) => ((m as { statusInfo: { lastChange: string } }).statusInfo.lastChange = 'yesterday'),
        'statusInfo/lastChange',
      ],
      [
        'amount',
        (m) =>
          ((
            m as { messageInfo: { offeredCosts: { monetaryValue: string } } }
          ).messageInfo.offeredCosts.monetaryValue = '1,50'),
        'messageInfo/offeredCosts/monetaryValue',
      ],
      [
        'empty id',
        (m) =>
          ((m as { header: { requestingAgencyRequestId: string } }).header.requestingAgencyRequestId = ' '),
        'header/requestingAgencyRequestId',
      ],
      ['kind', (m) => ((m as { kind: string }).kind = 'statusReport'), 'ISO18626Message'],
    ];
    for (const [, mutate, path] of cases) {
      const message = richSupplyingAgencyMessage();
      mutate(message);
      expect(() => emitIso18626(message)).toThrow(Iso18626EmitError);
      expect(() => emitIso18626(message)).toThrow(new RegExp(`^${path}: `));
    }
  });

  it('emitConfirmation writes the confirmations the same way', () => {
    const confirmation = confirmationFor(richRequest(), times);
    expect(emitConfirmation(confirmation)).toBe(emitIso18626(confirmation));
  });
});

describe('parse(emit(x)) deep-equals x', () => {
  it.each(richMessages().map((m) => [m.kind, m] as const))(
    'for a rich %s with every element',
    (_kind, message) => {
      expect(roundTrip(message)).toStrictEqual(message);
    },
  );

  it.each(ISO18626_MESSAGE_KINDS.map((kind) => [kind] as const))('for generated %s messages', (kind) => {
    fc.assert(
      fc.property(messagesByKind[kind], (message) => {
        expect(roundTrip(message)).toStrictEqual(message);
      }),
      { numRuns: 150 },
    );
  });

  it('and emit(parse(emit(x))) is byte-identical to emit(x)', () => {
    fc.assert(
      fc.property(anyMessage, (message) => {
        const xml = emitIso18626(message);
        expect(emitIso18626(roundTrip(message))).toBe(xml);
      }),
      { numRuns: 200 },
    );
  });
});

/** Every status, action, reason and error type, in every message and confirmation that carries one. */
function representativeMessages(): Map<string, string> {
  const documents = new Map<string, string>();
  const add = (name: string, message: Iso18626Message) => documents.set(name, emitIso18626(message));
  for (const message of richMessages()) add(`rich ${message.kind}`, message);
  for (const status of ISO18626_STATUSES) {
    const sam = richSupplyingAgencyMessage();
    sam.statusInfo.status = status;
    add(`status ${status}`, sam);
  }
  for (const reason of ISO18626_REASONS_FOR_MESSAGE) {
    const sam = richSupplyingAgencyMessage();
    sam.messageInfo = { reasonForMessage: reason };
    delete sam.deliveryInfo;
    delete sam.returnInfo;
    add(`reasonForMessage ${reason}`, sam);
    add(`confirmation of reason ${reason}`, confirmationFor(sam, times));
  }
  for (const action of ISO18626_ACTIONS) {
    const ram = richRequestingAgencyMessage();
    ram.action = action;
    add(`action ${action}`, ram);
    add(`confirmation of action ${action}`, confirmationFor(ram, times));
  }
  for (const errorType of ISO18626_ERROR_TYPES) {
    add(
      `request ERROR ${errorType}`,
      confirmationFor(richRequest(), times, { errorType, errorValue: `x: ${errorType}` }),
    );
  }
  const minimal = richRequest();
  add('minimal request', {
    kind: 'request',
    header: {
      requestingAgencyId: minimal.header.requestingAgencyId,
      timestamp: minimal.header.timestamp,
      requestingAgencyRequestId: 'r',
    },
    bibliographicInfo: {},
  });
  return documents;
}

describe.skipIf((!XMLLINT_AVAILABLE || ISO18626_REFERENCE_DIR === undefined) && !ON_CI)(
  'every emitted message validates against the v1.2 XSD (xmllint)',
  () => {
    it('finds xmllint and the schema (required on CI)', () => {
      expect(XMLLINT_AVAILABLE, 'xmllint (Debian package libxml2-utils) must be installed').toBe(true);
      expect(ISO18626_REFERENCE_DIR, 'shared/reference/iso18626 next to the repository').toBeDefined();
    });

    it('reports invalid documents, so that a pass means something', () => {
      const valid = emitIso18626(richRequestingAgencyMessage());
      const verdicts = validateWithXmllint(
        schemaV12Path(),
        new Map([
          ['valid', valid],
          ['unqualified version', valid.replace('ill:version=', 'version=')],
          [
            'no multipleItemRequestId',
            valid.replace(/\s*<multipleItemRequestId>[^<]*<\/multipleItemRequestId>/, ''),
          ],
        ]),
      );
      expect(verdicts.map((verdict) => [verdict.name, verdict.valid])).toEqual([
        ['valid', true],
        ['unqualified version', false],
        ['no multipleItemRequestId', false],
      ]);
    });

    it('for a representative set: all six kinds, every status, action, reasonForMessage and errorType', () => {
      const documents = representativeMessages();
      expect(documents.size).toBe(6 + 12 + 2 * 6 + 2 * 7 + 5 + 1);
      const verdicts = validateWithXmllint(schemaV12Path(), documents);
      expect(verdicts.filter((verdict) => !verdict.valid)).toEqual([]);
      expect(verdicts).toHaveLength(documents.size);
    });

    it('for 600 generated messages of all kinds', () => {
      const documents = new Map<string, string>();
      for (const kind of ISO18626_MESSAGE_KINDS) {
        fc.sample(messagesByKind[kind], { numRuns: 100, seed: 18626 }).forEach((message, index) => {
          documents.set(
            `${kind} #${index}`,
            emitIso18626(message, { schemaLocation: index % 2 === 0, indent: index % 3 === 0 ? '' : '  ' }),
          );
        });
      }
      const invalid = validateWithXmllint(schemaV12Path(), documents).filter((verdict) => !verdict.valid);
      expect(invalid).toEqual([]);
    });
  },
);

describe('confirmations for a sender of ISO 18626:2021', () => {
  const confirmations = [
    richRequestConfirmation(),
    richSupplyingAgencyMessageConfirmation(),
    richRequestingAgencyMessageConfirmation(),
  ];

  it('writes the 2021 confirmation header, which has no multipleItemRequestId, and the sender’s version', () => {
    const xml = emitConfirmation(richRequestConfirmation(), { version: '2021', versionAttribute: '2021-1' });
    expect(xml).toContain('ill:version="2021-1"');
    expect(xml).not.toContain('multipleItemRequestId');
    expect(emitConfirmation(richRequestConfirmation())).toContain(
      '<multipleItemRequestId>multi-7</multipleItemRequestId>',
    );
    // A version attribute that is no 2021 one is not echoed.
    expect(
      emitConfirmation(richRequestConfirmation(), { version: '2021', versionAttribute: '1.2' }),
    ).toContain('ill:version="2021-2"');
    const reread = parseIso18626(xml, { accept: 'confirmations' });
    expect(reread.ok && reread.version).toBe('2021');
  });

  it('writes business messages in v1.2 only', () => {
    expect(() => emitIso18626(richRequest(), { version: '2021' })).toThrow(Iso18626EmitError);
  });

  it.skipIf((!XMLLINT_AVAILABLE || ISO18626_REFERENCE_DIR === undefined) && !ON_CI)(
    'validates against the 2021 XSD, where the v1.2 form of the same confirmation does not',
    () => {
      const as2021 = new Map(
        confirmations.map((confirmation) => [
          confirmation.kind,
          emitConfirmation(confirmation, { version: '2021' }),
        ]),
      );
      expect(validateWithXmllint(schema2021Path(), as2021).filter((verdict) => !verdict.valid)).toEqual([]);
      const asV12 = new Map(
        confirmations.map((confirmation) => [confirmation.kind, emitConfirmation(confirmation)]),
      );
      expect(validateWithXmllint(schema2021Path(), asV12).map((verdict) => verdict.valid)).toEqual([
        false,
        false,
        false,
      ]);
    },
  );
});
