/**
 * POST /iso18626 at the edges: a body over the size limit, DOCTYPE and entity declarations (expansion
 * and external entities), an element that is no ISO 18626 message, and ISO 18626:2021 messages (same
 * namespace, told apart by their `version` attribute), which are applied and answered with
 * confirmations valid for the 2021 schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISO18626_NAMESPACE } from '../../src/iso18626/index.ts';
import {
  ISO18626_REFERENCE_DIR,
  ON_CI,
  schema2021Path,
  schemaV12Path,
} from '../../src/iso18626/testing/reference.ts';
import { XMLLINT_AVAILABLE, validateWithXmllint } from '../../src/iso18626/testing/xmllint.ts';
import { ISO18626_BODY_LIMIT } from '../../src/protocol/iso18626.routes.ts';
import { buildApp } from '../../src/server/app.ts';
import type { App } from '../../src/server/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { insertLibrary, insertPartner } from '../support/request-factories.ts';

const CAN_VALIDATE = (XMLLINT_AVAILABLE && ISO18626_REFERENCE_DIR !== undefined) || ON_CI;

/** The text of an element of a confirmation, whatever its prefix. */
function element(xml: string, name: string): string | undefined {
  return new RegExp(`<(?:\\w+:)?${name}>([^<]*)</`).exec(xml)?.[1];
}

describeEachDatabase('the ISO 18626 endpoint', (database) => {
  let app: App;
  const lender = `ILN-EDGE-${Math.random().toString(36).slice(2, 6).toUpperCase()}`;
  const borrower = 'DE-2021';

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
    const library = await insertLibrary(database.db, { symbol: lender, name: 'Edge library' });
    await insertPartner(database.db, library.id, { symbol: borrower, name: 'A 2021 library' });
  });
  afterAll(async () => {
    await app?.close();
  });

  const post = (payload: string) =>
    app.inject({
      method: 'POST',
      url: '/iso18626',
      headers: { 'content-type': 'application/xml' },
      payload,
    });

  const cancel = (note: string, prologue = '') =>
    `<?xml version="1.0"?>${prologue}
<ISO18626Message xmlns="${ISO18626_NAMESPACE}" xmlns:ill="${ISO18626_NAMESPACE}" ill:version="1.2">
  <requestingAgencyMessage>
    <header>
      <supplyingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>${lender}</agencyIdValue></supplyingAgencyId>
      <requestingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>${borrower}</agencyIdValue></requestingAgencyId>
      <multipleItemRequestId/>
      <timestamp>2026-11-25T10:00:00Z</timestamp>
      <requestingAgencyRequestId>no-such-request</requestingAgencyRequestId>
    </header>
    <action>Cancel</action>
    <note>${note}</note>
  </requestingAgencyMessage>
</ISO18626Message>`;

  describe('hostile and oversized bodies', () => {
    it('refuses a body over the size limit with 413, before reading it', async () => {
      const padding = 'x'.repeat(ISO18626_BODY_LIMIT);
      const response = await post(cancel(padding));
      expect(response.statusCode).toBe(413);
      expect(response.json()).toMatchObject({ error: { code: 'payload_too_large' } });
      // Just under the limit is read, and answered in ISO 18626.
      const fits = cancel('x'.repeat(ISO18626_BODY_LIMIT - cancel('').length - 1));
      expect(Buffer.byteLength(fits)).toBeLessThan(ISO18626_BODY_LIMIT);
      const answer = await post(fits);
      expect(answer.statusCode).toBe(200);
      expect(element(answer.body, 'errorValue')).toBe(
        `header/requestingAgencyRequestId: no request no-such-request from ${borrower}`,
      );
    });

    it('refuses a DOCTYPE with entities, expanding nothing', async () => {
      const laughs =
        '<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"><!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">]>';
      const response = await post(cancel('&lol2;', laughs));
      expect(response.statusCode).toBe(400);
      expect(element(response.body, 'messageStatus')).toBe('ERROR');
      expect(element(response.body, 'errorType')).toBe('BadlyFormedMessage');
      expect(element(response.body, 'errorValue')).toBe(
        'message: DOCTYPE and other DTD declarations are refused (no entity expansion, no external entities)',
      );
      expect(response.body).not.toContain('lollol');
    });

    it('refuses an external entity without reading it', async () => {
      const response = await post(
        cancel('&xxe;', '<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'),
      );
      expect(response.statusCode).toBe(400);
      expect(element(response.body, 'errorType')).toBe('BadlyFormedMessage');
      expect(response.body).not.toContain('root:');
    });

    it('answers an element that is no ISO 18626 message with UnrecognisedDataElement', async () => {
      const response = await post(
        `<ISO18626Message xmlns="${ISO18626_NAMESPACE}" xmlns:ill="${ISO18626_NAMESPACE}" ill:version="1.2"><statusReport><header/></statusReport></ISO18626Message>`,
      );
      expect(response.statusCode).toBe(400);
      expect(element(response.body, 'messageStatus')).toBe('ERROR');
      expect(element(response.body, 'errorType')).toBe('UnrecognisedDataElement');
      expect(element(response.body, 'errorValue')).toBe(
        'ISO18626Message/statusReport: not an ISO 18626 message element',
      );
    });
  });

  describe('ISO 18626:2021 messages', () => {
    // As a 2021 peer writes them: message-specific headers with consortialId (multipleItemRequestId
    // only in a request's), authorId, repeated volume, the item id's code before the identifier.
    const request2021 = `<?xml version="1.0" encoding="UTF-8"?>
<ISO18626Message xmlns="${ISO18626_NAMESPACE}" xmlns:ill="${ISO18626_NAMESPACE}" ill:version="2021-2">
  <request>
    <header>
      <supplyingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>${lender}</agencyIdValue></supplyingAgencyId>
      <requestingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>${borrower}</agencyIdValue></requestingAgencyId>
      <consortialId><agencyIdType>ISIL</agencyIdType><agencyIdValue>DE-CONS</agencyIdValue></consortialId>
      <multipleItemRequestId>set-7</multipleItemRequestId>
      <timestamp>2026-11-25T10:00:00Z</timestamp>
      <requestingAgencyRequestId>req-2021-1</requestingAgencyRequestId>
    </header>
    <bibliographicInfo>
      <title>Die Blechtrommel</title>
      <author>Grass, Günter</author>
      <authorId>0000000121032683</authorId>
      <volume>1</volume>
      <volume>2</volume>
      <bibliographicItemId>
        <bibliographicItemIdentifierCode>ISBN</bibliographicItemIdentifierCode>
        <bibliographicItemIdentifier>9783423118217</bibliographicItemIdentifier>
      </bibliographicItemId>
    </bibliographicInfo>
    <serviceInfo>
      <requestType>New</requestType>
      <serviceType>Loan</serviceType>
      <needBeforeDate>2027-01-31T00:00:00Z</needBeforeDate>
      <note>A 2021 request</note>
    </serviceInfo>
  </request>
</ISO18626Message>`;
    const cancel2021 = `<?xml version="1.0" encoding="UTF-8"?>
<ISO18626Message xmlns="${ISO18626_NAMESPACE}" xmlns:ill="${ISO18626_NAMESPACE}" ill:version="2021-2">
  <requestingAgencyMessage>
    <header>
      <supplyingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>${lender}</agencyIdValue></supplyingAgencyId>
      <requestingAgencyId><agencyIdType>ISIL</agencyIdType><agencyIdValue>${borrower}</agencyIdValue></requestingAgencyId>
      <timestamp>2026-11-25T11:00:00Z</timestamp>
      <requestingAgencyRequestId>req-2021-1</requestingAgencyRequestId>
    </header>
    <action>Cancel</action>
    <note>Found it locally</note>
  </requestingAgencyMessage>
</ISO18626Message>`;
    const answers = new Map<string, string>();

    it('applies a 2021 request and a 2021 cancellation, each confirmed OK', async () => {
      const created = await post(request2021);
      expect(created.statusCode).toBe(200);
      expect(element(created.body, 'messageStatus')).toBe('OK');
      answers.set('request confirmation', created.body);
      const lending = await database.db
        .selectFrom('request')
        .selectAll()
        .where('partner_request_id', '=', 'req-2021-1')
        .executeTakeFirstOrThrow();
      expect(lending).toMatchObject({
        role: 'lending',
        title: 'Die Blechtrommel',
        author: 'Grass, Günter',
        isbn: '9783423118217',
        volume: '1',
        need_before: '2027-01-31',
      });

      const cancelled = await post(cancel2021);
      expect(element(cancelled.body, 'messageStatus')).toBe('OK');
      expect(element(cancelled.body, 'action')).toBe('Cancel');
      answers.set('cancel confirmation', cancelled.body);
      const state = await database.db
        .selectFrom('transaction')
        .select('state')
        .where('request_id', '=', lending.id)
        .executeTakeFirstOrThrow();
      expect(state.state).toBe('cancel_pending');
    });

    it('answers a 2021 sender in its own version, without multipleItemRequestId, errors included', async () => {
      const unknown = await post(cancel2021.replace('req-2021-1', 'req-2021-unknown'));
      expect(element(unknown.body, 'errorType')).toBe('UnrecognisedDataValue');
      answers.set('error confirmation', unknown.body);
      const badAction = await post(cancel2021.replace('<action>Cancel</action>', '<action>Abscond</action>'));
      expect(element(badAction.body, 'errorType')).toBe('UnsupportedActionType');
      answers.set('refused action confirmation', badAction.body);
      for (const [name, body] of answers) {
        expect(body, name).toContain('ill:version="2021-2"');
        expect(body, name).not.toContain('multipleItemRequestId');
      }
      // A v1.2 sender still gets v1.2, with the element 1.2 requires.
      const v12 = await post(cancel('Still there?'));
      expect(v12.body).toContain('ill:version="1.2"');
    });

    it.skipIf(!CAN_VALIDATE)(
      'posts messages that are 2021 and not 1.2, and answers with 2021-valid confirmations',
      () => {
        const messages = new Map([
          ['2021 request', request2021],
          ['2021 cancel', cancel2021],
        ]);
        expect(validateWithXmllint(schema2021Path(), messages).filter((verdict) => !verdict.valid)).toEqual(
          [],
        );
        expect(validateWithXmllint(schemaV12Path(), messages).every((verdict) => !verdict.valid)).toBe(true);
        expect(answers.size).toBe(4);
        const verdicts = validateWithXmllint(schema2021Path(), answers);
        expect(verdicts.filter((verdict) => !verdict.valid)).toEqual([]);
      },
    );
  });
});
