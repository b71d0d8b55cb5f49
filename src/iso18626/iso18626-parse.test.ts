import { describe, expect, it } from 'vitest';
import { emitIso18626 } from './iso18626-emit.ts';
import { parseIso18626, type Iso18626ParseOptions, type Iso18626ParseResult } from './iso18626-parse.ts';
import { ISO18626_NAMESPACE, type Iso18626Message } from './iso18626-types.ts';
import { richRequest, richSupplyingAgencyMessage } from './testing/messages.ts';
import { ISO18626_REFERENCE_DIR, ON_CI, schema2021Path } from './testing/reference.ts';
import { XMLLINT_AVAILABLE, validateWithXmllint } from './testing/xmllint.ts';

const NS = ISO18626_NAMESPACE;

const HEADER = `
  <header>
    <supplyingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>SUP</agencyIdValue></supplyingAgencyId>
    <requestingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>REQ</agencyIdValue></requestingAgencyId>
    <multipleItemRequestId/>
    <timestamp>2024-01-02T03:04:05Z</timestamp>
    <requestingAgencyRequestId>req-1</requestingAgencyRequestId>
  </header>`;

function sam(body: string, header = HEADER): string {
  return `<ISO18626Message xmlns="${NS}" xmlns:ill="${NS}" ill:version="1.2"><supplyingAgencyMessage>${header}${body}</supplyingAgencyMessage></ISO18626Message>`;
}

function ram(action: string, extra = ''): string {
  return `<ISO18626Message xmlns="${NS}" xmlns:ill="${NS}" ill:version="1.2"><requestingAgencyMessage>${HEADER}<action>${action}</action>${extra}</requestingAgencyMessage></ISO18626Message>`;
}

const STATUS =
  '<statusInfo><status>Loaned</status><lastChange>2024-01-02T03:04:05Z</lastChange></statusInfo>';
const REASON = '<messageInfo><reasonForMessage>StatusChange</reasonForMessage></messageInfo>';

function ok(xml: string, options?: Iso18626ParseOptions): Extract<Iso18626ParseResult, { ok: true }> {
  const result = parseIso18626(xml, options);
  if (!result.ok) throw new Error(`expected a message, got ${JSON.stringify(result.error)}`);
  return result;
}

function refused(xml: string, options?: Iso18626ParseOptions) {
  const result = parseIso18626(xml, options);
  if (result.ok) throw new Error(`expected a refusal, got ${JSON.stringify(result.message)}`);
  return result.error;
}

function codes(result: { warnings: { code: string }[] }): string[] {
  return result.warnings.map((warning) => warning.code);
}

describe('parseIso18626 tolerates what real peers send', () => {
  const canonical = emitIso18626(richSupplyingAgencyMessage());
  const expected: Iso18626Message = richSupplyingAgencyMessage();

  it('reads the same message whatever the namespace prefix, or with no namespace at all', () => {
    const prefixed = canonical
      .replace(`xmlns="${NS}" xmlns:ill="${NS}" ill:version`, `xmlns:tag0="${NS}" tag0:version`)
      .replace(/<(\/?)(?!\?)([A-Za-z])/g, '<$1tag0:$2')
      .replace(/ill:scheme/g, 'tag0:scheme');
    expect(prefixed).toContain('<tag0:statusInfo>');
    expect(ok(prefixed).message).toStrictEqual(expected);

    const bare = canonical
      .replace(` xmlns="${NS}" xmlns:ill="${NS}" ill:version`, ' version')
      .replace(/ill:scheme/g, 'scheme');
    const result = ok(bare);
    expect(result.message).toStrictEqual(expected);
    expect(codes(result)).toEqual(['no-namespace', 'unqualified-version']);
  });

  it('accepts the version attribute qualified or not, and tells 1.x from 2021', () => {
    const unqualified = ok(canonical.replace('ill:version="1.2"', 'version="1.2"'));
    expect(unqualified.version).toBe('1.2');
    expect(codes(unqualified)).toEqual(['unqualified-version']);
    for (const [attribute, version] of [
      ['1.0', '1.2'],
      ['1.1', '1.2'],
      ['2021-2', '2021'],
      ['2021-1', '2021'],
      ['1.3', '2021'],
      ['', 'unknown'],
      ['9.9', 'unknown'],
    ] as const) {
      const result = ok(canonical.replace('ill:version="1.2"', `ill:version="${attribute}"`));
      expect([attribute, result.version, result.versionAttribute]).toEqual([attribute, version, attribute]);
    }
    const missing = ok(canonical.replace(' ill:version="1.2"', ''));
    expect([missing.version, codes(missing)]).toEqual(['unknown', ['missing-version']]);
  });

  it('reads a bare message element without the ISO18626Message wrapper, as in mod-rs test files', () => {
    const inner = canonical.slice(
      canonical.indexOf('<supplyingAgencyMessage>'),
      canonical.indexOf('</ISO18626Message>'),
    );
    const result = ok(
      `<?xml version="1.0"?>${inner.replace('<supplyingAgencyMessage>', `<supplyingAgencyMessage xmlns="${NS}" xmlns:ill="${NS}">`)}`,
    );
    expect(result.message).toStrictEqual(expected);
    expect([result.version, codes(result)]).toEqual(['unknown', ['unwrapped-root']]);
  });

  it('reads elements in any order, and says the sender is out of order', () => {
    const shuffled = sam(
      `${STATUS}<messageInfo><note>n</note><reasonForMessage>Notification</reasonForMessage></messageInfo>`,
      HEADER.replace(
        /(<supplyingAgencyId>.*<\/supplyingAgencyId>)\s*(<requestingAgencyId>.*<\/requestingAgencyId>)/,
        '$2$1',
      ),
    );
    const result = ok(shuffled);
    expect(result.message).toMatchObject({
      messageInfo: { reasonForMessage: 'Notification', note: 'n' },
      statusInfo: { status: 'Loaned' },
      header: { supplyingAgencyId: { agencyIdValue: 'SUP' }, requestingAgencyId: { agencyIdValue: 'REQ' } },
    });
    expect(
      result.warnings
        .filter((w) => w.code === 'element-order')
        .map((w) => w.path)
        .sort(),
    ).toEqual(['', 'header', 'messageInfo']);
  });

  it('treats empty optional elements as absent and trims whitespace around values', () => {
    const result = ok(
      sam(`<messageInfo>
          <reasonForMessage>
             RequestResponse
          </reasonForMessage>
          <answerYesNo/><note></note><reasonUnfilled ill:scheme="http://x"/><offeredCosts><currencyCode/><monetaryValue/></offeredCosts>
          <retryAfter>  </retryAfter>
        </messageInfo>
        <statusInfo><status> Loaned </status><expectedDeliveryDate/><lastChange>
          2024-01-02T03:04:05Z
        </lastChange></statusInfo>
        <deliveryInfo><dateSent/><itemId/><sentVia/></deliveryInfo>
        <returnInfo><physicalAddress><line1/></physicalAddress></returnInfo>`),
    );
    expect(result.message).toStrictEqual({
      kind: 'supplyingAgencyMessage',
      header: {
        supplyingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'SUP' },
        requestingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'REQ' },
        timestamp: '2024-01-02T03:04:05Z',
        requestingAgencyRequestId: 'req-1',
      },
      messageInfo: { reasonForMessage: 'RequestResponse' },
      statusInfo: { status: 'Loaned', lastChange: '2024-01-02T03:04:05Z' },
    });
  });

  it('reads every timestamp form peers send into UTC with the fraction as sent', () => {
    const cases: [string, string][] = [
      ['1900-01-01T01:01:01+0000', '1900-01-01T01:01:01Z'],
      ['2024-12-12T20:12:00.62959771Z', '2024-12-12T20:12:00.62959771Z'],
      ['2024-06-01T12:00:00+02:00', '2024-06-01T10:00:00Z'],
      ['2024-06-01T00:30:00.5-0130', '2024-06-01T02:00:00.5Z'],
      ['2024-06-01T12:00:00', '2024-06-01T12:00:00Z'],
      ['2024-06-01 12:00', '2024-06-01T12:00:00Z'],
      ['2024-06-01', '2024-06-01T00:00:00Z'],
    ];
    for (const [sent, read] of cases) {
      const result = ok(ram('Received').replace('2024-01-02T03:04:05Z', sent));
      expect([sent, (result.message as { header: { timestamp: string } }).header.timestamp]).toEqual([
        sent,
        read,
      ]);
    }
    expect(codes(ok(ram('Received').replace('2024-01-02T03:04:05Z', '2024-06-01T12:00:00+0200')))).toEqual([
      'timestamp-repaired',
    ]);
  });

  it('keeps every value as text: leading zeros, big numbers and signs survive', () => {
    const result = ok(emitIso18626(richRequest()));
    const request = result.message as ReturnType<typeof richRequest>;
    expect(request.bibliographicInfo.bibliographicItemId?.[0]?.bibliographicItemIdentifier).toBe(
      '0012345678',
    );
    expect(request.bibliographicInfo.supplierUniqueRecordId).toBe('00123');
    expect(request.supplierInfo?.map((s) => s.sortOrder)).toEqual(['01', '-2']);
    expect(request.billingInfo?.maximumCosts?.monetaryValue).toBe('12.50');
    expect(request.patronInfo?.patronId).toBe('007');
  });

  it('decodes the XML entities and character references, and keeps CDATA as written', () => {
    const result = ok(
      ram(
        'Notification',
        '<note>a &amp; b &lt;&#38;&#x41;&apos;&quot;&gt; <![CDATA[<raw> &amp;]]> end</note>',
      ),
    );
    expect((result.message as { note: string }).note).toBe(`a & b <&A'"> <raw> &amp; end`);
  });

  it('ignores unknown and foreign elements with a warning, or refuses them when asked', () => {
    const xml = ram(
      'Received',
      `<note>n</note><extension xmlns="urn:x"><a/></extension><surprise>1</surprise>`,
    );
    const result = ok(xml);
    expect(result.warnings.map((w) => [w.code, w.path])).toEqual([
      ['ignored-element', 'extension'],
      ['ignored-element', 'surprise'],
    ]);
    expect(refused(xml, { unknownElements: 'reject' })).toMatchObject({
      errorType: 'UnrecognisedDataElement',
      errorValue: 'extension: not an element of requestingAgencyMessage',
    });
  });

  it('reads template placeholders as values only when told to', () => {
    const xml = ram('Received').replace('req-1', 'requestId_holder');
    expect(refused(xml).errorValue).toBe(
      'header/requestingAgencyRequestId: unsubstituted template placeholder "requestId_holder"',
    );
    const result = ok(xml, { rejectTemplatePlaceholders: false });
    expect(
      (result.message as { header: { requestingAgencyRequestId: string } }).header.requestingAgencyRequestId,
    ).toBe('requestId_holder');
  });

  it('drops a scheme that is not a URI rather than refuse the message, and says so', () => {
    const xml = ram('Received').replace(
      '<agencyIdType>ISIL</agencyIdType><agencyIdValue>SUP',
      '<agencyIdType ill:scheme="http://x:port">ISIL</agencyIdType><agencyIdValue>SUP',
    );
    const result = ok(xml);
    expect(result.message).toMatchObject({
      header: { supplyingAgencyId: { agencyIdType: { value: 'ISIL' } } },
    });
    expect(
      (result.message as { header: { supplyingAgencyId: { agencyIdType: object } } }).header.supplyingAgencyId
        .agencyIdType,
    ).not.toHaveProperty('scheme');
    expect(result.warnings).toEqual([
      {
        code: 'value-dropped',
        path: 'header/supplyingAgencyId/agencyIdType/@scheme',
        detail: '"http://x:port" is not a URI',
      },
    ]);
  });

  it('fills a missing lastChange from the header timestamp, and says so', () => {
    const result = ok(sam(`${REASON}<statusInfo><status>Unfilled</status></statusInfo>`));
    expect(result.message).toMatchObject({
      statusInfo: { status: 'Unfilled', lastChange: '2024-01-02T03:04:05Z' },
    });
    expect(codes(result)).toEqual(['value-defaulted']);
  });

  it('reads an empty supplyingAgencyId of a request as "no supplier named"', () => {
    const request = richRequest();
    delete request.header.supplyingAgencyId;
    const xml = emitIso18626(request);
    expect(ok(xml).message).toStrictEqual(request);
    expect(ok(xml.replace(/<supplyingAgencyId>[\s\S]*?<\/supplyingAgencyId>/, '')).message).toStrictEqual(
      request,
    );
  });
});

describe('parseIso18626 reads ISO 18626:2021 messages into the v1.2 model', () => {
  const V2021 = `ill:version="2021-2"`;
  const request2021 = `<ISO18626Message xmlns="${NS}" xmlns:ill="${NS}" ${V2021}>
  <request>
    <header>
      <requestingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>REQ</agencyIdValue></requestingAgencyId>
      <consortialId><agencyIdType>ISIL</agencyIdType><agencyIdValue>CONS</agencyIdValue></consortialId>
      <timestamp>2024-01-02T03:04:05Z</timestamp>
      <requestingAgencyRequestId>req-2021</requestingAgencyRequestId>
    </header>
    <bibliographicInfo>
      <title>T</title>
      <authorId>0000000121032683</authorId>
      <volume>1</volume>
      <volume>2</volume>
      <bibliographicItemId>
        <bibliographicItemIdentifierCode>ISBN</bibliographicItemIdentifierCode>
        <bibliographicItemIdentifier>0012</bibliographicItemIdentifier>
      </bibliographicItemId>
    </bibliographicInfo>
    <publicationInfo><publisher>P</publisher><publisherId>0000000123</publisherId></publicationInfo>
    <serviceInfo>
      <requestSubType>TransferRequest</requestSubType>
      <serviceType>Copy</serviceType>
      <itemFormat>PDF</itemFormat>
      <preferredEdition>AnyEdition</preferredEdition>
      <loanCondition>LibraryUseOnly</loanCondition>
    </serviceInfo>
    <requestedDeliveryInfo>
      <sortOrder>0</sortOrder>
      <address><physicalAddress><line1>L</line1><region>NSW</region></physicalAddress></address>
      <deliveryMethod>Mail</deliveryMethod>
    </requestedDeliveryInfo>
  </request>
</ISO18626Message>`;

  const sam2021 = `<ISO18626Message xmlns="${NS}" xmlns:ill="${NS}" ${V2021}>
  <supplyingAgencyMessage>
    <header>
      <supplyingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>SUP</agencyIdValue></supplyingAgencyId>
      <requestingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>REQ</agencyIdValue></requestingAgencyId>
      <timestamp>2024-01-02T03:04:05Z</timestamp>
      <requestingAgencyRequestId>req-2021</requestingAgencyRequestId>
    </header>
    <messageInfo><reasonForMessage>RequestResponse</reasonForMessage><reasonRetry>CostExceedsMaxCost</reasonRetry></messageInfo>
    <statusInfo><status>RetryPossible</status><lastChange>2024-01-02T03:04:05Z</lastChange></statusInfo>
    <retryInfo>
      <loanCondition>NoReproduction</loanCondition>
      <offeredCosts><currencyCode>USD</currencyCode><monetaryValue>35</monetaryValue></offeredCosts>
      <offeredCosts><currencyCode>EUR</currencyCode><monetaryValue>30</monetaryValue></offeredCosts>
      <retryBefore>2024-02-01T00:00:00Z</retryBefore>
      <retryAfter>2024-01-10T00:00:00Z</retryAfter>
    </retryInfo>
    <deliveryInfo>
      <dateSent>2024-01-03T00:00:00Z</dateSent>
      <itemId>i1</itemId>
      <itemId>i2</itemId>
      <URL>https://example.org/x.pdf</URL>
      <deliveryMethod>URL</deliveryMethod>
      <loanCondition>LibraryUseOnly</loanCondition>
      <itemFormat>PDF</itemFormat>
      <serviceType>Copy</serviceType>
    </deliveryInfo>
    <shippingInfo><trackingId>T1</trackingId></shippingInfo>
  </supplyingAgencyMessage>
</ISO18626Message>`;

  it.skipIf((!XMLLINT_AVAILABLE || ISO18626_REFERENCE_DIR === undefined) && !ON_CI)(
    'uses test messages that really are valid 2021-2 messages',
    () => {
      const verdicts = validateWithXmllint(
        schema2021Path(),
        new Map([
          ['request', request2021],
          ['supplyingAgencyMessage', sam2021],
        ]),
      );
      expect(verdicts.filter((verdict) => !verdict.valid)).toEqual([]);
    },
  );

  it('maps a 2021 request: optional supplier, code-first item ids, itemFormat, preferredEdition', () => {
    const result = ok(request2021);
    expect(result.version).toBe('2021');
    expect(result.message).toStrictEqual({
      kind: 'request',
      header: {
        requestingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'REQ' },
        timestamp: '2024-01-02T03:04:05Z',
        requestingAgencyRequestId: 'req-2021',
      },
      bibliographicInfo: {
        title: 'T',
        volume: '1',
        bibliographicItemId: [
          { bibliographicItemIdentifier: '0012', bibliographicItemIdentifierCode: { value: 'ISBN' } },
        ],
      },
      publicationInfo: { publisher: 'P' },
      serviceInfo: {
        requestSubType: ['TransferRequest'],
        serviceType: 'Copy',
        preferredFormat: { value: 'PDF' },
        anyEdition: 'Y',
      },
      requestedDeliveryInfo: [
        { sortOrder: '0', address: { physicalAddress: { line1: 'L', region: { value: 'NSW' } } } },
      ],
    });
    // What the v1.2 model cannot hold is reported, not silently dropped; and 2021 order is not "wrong".
    expect(result.warnings.map((w) => [w.code, w.path])).toEqual([
      ['ignored-element', 'header/consortialId'],
      ['ignored-element', 'bibliographicInfo/authorId'],
      ['extra-occurrence', 'bibliographicInfo/volume'],
      ['ignored-element', 'publicationInfo/publisherId'],
      ['ignored-element', 'serviceInfo/loanCondition'],
      ['ignored-element', 'requestedDeliveryInfo[1]/deliveryMethod'],
    ]);
  });

  it('maps a 2021 supplying agency message: retryInfo, deliveryMethod, itemFormat, repeated itemId', () => {
    const result = ok(sam2021);
    expect(result.message).toStrictEqual({
      kind: 'supplyingAgencyMessage',
      header: {
        supplyingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'SUP' },
        requestingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'REQ' },
        timestamp: '2024-01-02T03:04:05Z',
        requestingAgencyRequestId: 'req-2021',
      },
      messageInfo: {
        reasonForMessage: 'RequestResponse',
        reasonRetry: { value: 'CostExceedsMaxCost' },
        offeredCosts: { currencyCode: { value: 'USD' }, monetaryValue: '35' },
        retryAfter: '2024-01-10T00:00:00Z',
        retryBefore: '2024-02-01T00:00:00Z',
      },
      statusInfo: { status: 'RetryPossible', lastChange: '2024-01-02T03:04:05Z' },
      deliveryInfo: {
        dateSent: '2024-01-03T00:00:00Z',
        itemId: 'i1',
        sentVia: { value: 'URL' },
        loanCondition: { value: 'LibraryUseOnly' },
        deliveredFormat: { value: 'PDF' },
      },
    });
    expect(result.warnings.map((w) => [w.code, w.path])).toEqual([
      ['ignored-element', 'shippingInfo'],
      ['ignored-element', 'retryInfo/loanCondition'],
      ['extra-occurrence', 'retryInfo/offeredCosts'],
      ['ignored-element', 'deliveryInfo/URL'],
      ['ignored-element', 'deliveryInfo/serviceType'],
      ['extra-occurrence', 'deliveryInfo/itemId'],
    ]);
    // Whatever came in, what goes out is v1.2.
    expect(emitIso18626(result.message)).toContain('ill:version="1.2"');
  });

  it('refuses the statuses and actions only 2021 has, by name', () => {
    expect(
      refused(
        sam(
          `${REASON}<statusInfo><status>HoldReturn</status><lastChange>2024-01-02T03:04:05Z</lastChange></statusInfo>`,
        ),
      ),
    ).toMatchObject({
      errorType: 'UnrecognisedDataValue',
      errorValue: 'statusInfo/status: "HoldReturn" is ISO 18626:2021 only and not supported',
    });
    expect(refused(ram('Lost'))).toMatchObject({
      errorType: 'UnsupportedActionType',
      errorValue: 'action: "Lost" is ISO 18626:2021 only and not supported',
    });
  });
});

describe('parseIso18626 refuses, with the errorType a confirmation should carry', () => {
  it('a missing mandatory element as badly formed, an empty one as an unrecognised value', () => {
    expect(
      refused(ram('Cancel').replace(/<requestingAgencyRequestId>.*<\/requestingAgencyRequestId>/, '')),
    ).toMatchObject({
      errorType: 'BadlyFormedMessage',
      errorValue: 'header/requestingAgencyRequestId: missing',
      messageKind: 'requestingAgencyMessage',
    });
    expect(refused(ram('Cancel').replace('req-1', ' '))).toMatchObject({
      errorType: 'UnrecognisedDataValue',
      errorValue: 'header/requestingAgencyRequestId: cannot be empty',
    });
    expect(refused(sam(STATUS))).toMatchObject({
      errorType: 'BadlyFormedMessage',
      errorValue: 'messageInfo: missing',
    });
    expect(
      refused(sam(`${REASON}<statusInfo><lastChange>2024-01-02T03:04:05Z</lastChange></statusInfo>`)),
    ).toMatchObject({
      errorType: 'BadlyFormedMessage',
      errorValue: 'statusInfo/status: missing',
    });
    expect(refused(ram('Cancel').replace(/<action>.*<\/action>/, ''))).toMatchObject({
      errorType: 'BadlyFormedMessage',
      errorValue: 'action: missing',
    });
  });

  it('an empty or unknown action, reason or status with their own error types', () => {
    expect(refused(ram(''))).toMatchObject({
      errorType: 'UnsupportedActionType',
      errorValue: 'action: empty value is not a recognised value',
    });
    expect(refused(ram('cancel'))).toMatchObject({ errorType: 'UnsupportedActionType' });
    expect(refused(sam(`<messageInfo><reasonForMessage/></messageInfo>${STATUS}`))).toMatchObject({
      errorType: 'UnsupportedReasonForMessageType',
    });
    expect(refused(sam(`${REASON}${STATUS.replace('Loaned', 'loaned')}`))).toMatchObject({
      errorType: 'UnrecognisedDataValue',
    });
  });

  it('the supplier missing from a supplying or requesting agency message (only a request may omit it)', () => {
    const noSupplier = HEADER.replace(/<supplyingAgencyId>.*<\/supplyingAgencyId>/, '');
    expect(refused(sam(`${REASON}${STATUS}`, noSupplier))).toMatchObject({
      errorType: 'BadlyFormedMessage',
      errorValue: 'header/supplyingAgencyId: missing',
    });
    const emptySupplier = HEADER.replace(
      /<supplyingAgencyId>.*<\/supplyingAgencyId>/,
      '<supplyingAgencyId><agencyIdType/><agencyIdValue/></supplyingAgencyId>',
    );
    expect(refused(sam(`${REASON}${STATUS}`, emptySupplier))).toMatchObject({
      errorType: 'UnrecognisedDataValue',
      errorValue: 'header/supplyingAgencyId: cannot be empty',
    });
  });

  it('values that are not what the schema type says', () => {
    const cases: [string, string][] = [
      [
        sam(`${REASON}${STATUS.replace('2024-01-02T03:04:05Z', '02/01/2024')}`),
        'statusInfo/lastChange: "02/01/2024" is not a date and time',
      ],
      [
        sam(`${REASON}${STATUS.replace('2024-01-02T03:04:05Z', '2024-02-30T00:00:00Z')}`),
        'statusInfo/lastChange: "2024-02-30T00:00:00Z" is not a date and time',
      ],
      [
        sam(
          `<messageInfo><reasonForMessage>RequestResponse</reasonForMessage><offeredCosts><currencyCode>EUR</currencyCode><monetaryValue>1,50</monetaryValue></offeredCosts></messageInfo>${STATUS}`,
        ),
        'messageInfo/offeredCosts/monetaryValue: "1,50" is not a decimal',
      ],
      [
        sam(
          `${REASON}${STATUS}<deliveryInfo><dateSent>2024-01-02T03:04:05Z</dateSent><sentToPatron>yes</sentToPatron></deliveryInfo>`,
        ),
        'deliveryInfo/sentToPatron: "yes" is not true or false',
      ],
      [
        sam(
          `<messageInfo><reasonForMessage>RenewResponse</reasonForMessage><answerYesNo>Yes</answerYesNo></messageInfo>${STATUS}`,
        ),
        'messageInfo/answerYesNo: "Yes" is not a recognised value',
      ],
    ];
    for (const [xml, errorValue] of cases) {
      expect(refused(xml)).toMatchObject({ errorType: 'UnrecognisedDataValue', errorValue });
    }
  });

  it('a repeated single element, a value holding elements, and an address that is two addresses', () => {
    expect(refused(sam(`${REASON}${STATUS}${STATUS}`))).toMatchObject({
      errorType: 'BadlyFormedMessage',
      errorValue: 'statusInfo: occurs 2 times, at most once allowed',
    });
    expect(refused(ram('Cancel', '<note><b>bold</b></note>'))).toMatchObject({
      errorType: 'BadlyFormedMessage',
      errorValue: 'note: expected a value, found element "b"',
    });
    const request = emitIso18626(richRequest()).replace(
      /<physicalAddress>(\s*)<line1>Bag End/,
      '<electronicAddress><electronicAddressData>x</electronicAddressData></electronicAddress><physicalAddress>$1<line1>Bag End',
    );
    expect(refused(request)).toMatchObject({
      errorType: 'BadlyFormedMessage',
      errorValue: 'patronInfo/address[1]: holds both an electronic and a physical address',
    });
  });

  it('an envelope with no message, two messages, or something else inside', () => {
    const wrap = (inner: string) =>
      `<ISO18626Message xmlns="${NS}" xmlns:ill="${NS}" ill:version="1.2">${inner}</ISO18626Message>`;
    expect(refused(wrap(''))).toMatchObject({
      errorType: 'BadlyFormedMessage',
      errorValue: 'ISO18626Message: contains no message element',
    });
    expect(refused(wrap('<request/><request/>'))).toMatchObject({
      errorType: 'BadlyFormedMessage',
      errorValue: 'ISO18626Message: contains 2 elements (request, request), expected one',
    });
    expect(refused(wrap('<statusReport/>'))).toMatchObject({
      errorType: 'UnrecognisedDataElement',
      errorValue: 'ISO18626Message/statusReport: not an ISO 18626 message element',
    });
    expect(refused('<Envelope><Body/></Envelope>')).toMatchObject({ errorType: 'BadlyFormedMessage' });
    expect(
      refused(`<ISO18626Message xmlns="urn:other" version="1.2"><request/></ISO18626Message>`).errorValue,
    ).toMatch(/^ISO18626Message: in namespace "urn:other"/);
  });

  it('a confirmation posted as a message, when the endpoint accepts only messages', () => {
    const confirmation = `<ISO18626Message xmlns="${NS}" xmlns:ill="${NS}" ill:version="1.2"><requestConfirmation><confirmationHeader><timestamp>2024-01-02T03:04:05Z</timestamp><requestingAgencyRequestId>req-1</requestingAgencyRequestId><timestampReceived>2024-01-02T03:04:05Z</timestampReceived><messageStatus>OK</messageStatus></confirmationHeader></requestConfirmation></ISO18626Message>`;
    expect(ok(confirmation).message.kind).toBe('requestConfirmation');
    expect(refused(confirmation, { accept: 'messages' })).toEqual({
      errorType: 'BadlyFormedMessage',
      errorValue:
        'requestConfirmation: a confirmation is only ever the HTTP response to a message, it cannot be sent as one',
      messageKind: 'requestConfirmation',
      version: '1.2',
      header: { requestingAgencyRequestId: 'req-1', timestamp: '2024-01-02T03:04:05Z' },
    });
    expect(ok(confirmation, { accept: 'confirmations' }).message.kind).toBe('requestConfirmation');
    expect(refused(ram('Cancel'), { accept: 'confirmations' })).toMatchObject({
      errorType: 'BadlyFormedMessage',
      errorValue: 'requestingAgencyMessage: expected a confirmation',
    });
    expect(ok(ram('Cancel'), { accept: 'messages' }).message.kind).toBe('requestingAgencyMessage');
  });

  it('XML that is not well-formed, undefined entities and undeclared prefixes', () => {
    for (const [xml, detail] of [
      [`<ISO18626Message><request></ISO18626Message>`, /not well-formed XML/],
      [ram('Cancel', '<note>&nbsp;</note>'), /the entity &nbsp; is not defined/],
      [ram('Cancel', '<note>&#0;</note>'), /is not a character XML allows/],
      [ram('Cancel', '<x:note>n</x:note>'), /namespace prefix 'x' is not declared/],
      [`${ram('Cancel')}<second/>`, /not well-formed XML|expected one root element/],
    ] as const) {
      const error = refused(xml);
      expect(error.errorType).toBe('BadlyFormedMessage');
      expect(error.errorValue).toMatch(detail);
    }
  });

  it('echoes only a valid reason or action, for the error confirmation', () => {
    expect(refused(ram('Cancel').replace('2024-01-02T03:04:05Z', 'now'))).toMatchObject({ action: 'Cancel' });
    expect(refused(ram('Lost'))).not.toHaveProperty('action');
    expect(refused(sam(`${REASON}${STATUS.replace('Loaned', 'Lent')}`))).toMatchObject({
      reasonForMessage: 'StatusChange',
    });
  });
});
