/**
 * Every real ISO 18626 sample (CrossLink and ReShare test vectors) posted to POST /iso18626 is answered
 * as a peer would expect: negative vectors with the error type SOURCES.md names, messages that deviate
 * from the schema in the ways real peers do are still understood, and confirmations or templates
 * posted as messages get a clear error. Never a crash, never a 5xx.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listSamples, readSample } from '../../src/iso18626/testing/reference.ts';
import { buildApp } from '../../src/server/app.ts';
import type { App } from '../../src/server/app.ts';
import { describeEachDatabase } from '../support/databases.ts';
import { insertLibrary, insertPartner } from '../support/request-factories.ts';

/** What each sample must get: OK, or an error confirmation with the errorType and errorValue named. */
const EXPECTED: Record<
  string,
  { status: 'OK' | 'ERROR'; errorType?: string; errorValue?: string; http?: number }
> = {
  'crosslink/msg-invalid.xml': {
    status: 'ERROR',
    errorType: 'BadlyFormedMessage',
    errorValue: 'ISO18626Message: contains no message element',
    http: 400,
  },
  'crosslink/reqmsg-invalid-action.xml': {
    status: 'ERROR',
    errorType: 'UnsupportedActionType',
    errorValue: 'action: "WeCancelThisMessage" is not a recognised value',
  },
  'crosslink/supmsg-invalid-reason.xml': {
    status: 'ERROR',
    errorType: 'UnsupportedReasonForMessageType',
    errorValue: 'messageInfo/reasonForMessage: "NoGoodReason" is not a recognised value',
  },
  'crosslink/supmsg-invalid-status.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue: 'statusInfo/status: "WeCouldLoan" is not a recognised value',
  },
  'crosslink/request-no-reqid.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue: 'header/requestingAgencyRequestId: cannot be empty',
  },
  'crosslink/supmsg-no-reqid.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue: 'header/requestingAgencyRequestId: cannot be empty',
  },
  // Requests to the library BROKER from its partner REQ: recorded as lending requests.
  'crosslink/request-loaned.xml': { status: 'OK' },
  'crosslink/request-locally-available.xml': { status: 'OK' },
  'crosslink/request-reminder.xml': { status: 'OK' },
  'crosslink/request-retry-after-unfilled.xml': { status: 'OK' },
  'crosslink/request-willsupply-unfilled-willsupply-loaned.xml': { status: 'OK' },
  'crosslink/illmock-cancel-req.xml': { status: 'OK' },
  'crosslink/illmock-renew-req.xml': { status: 'OK' },
  // Messages about requests this deployment does not have: a clear error naming the id.
  'crosslink/reqmsg-ok.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue: 'header/requestingAgencyRequestId: no request reqid from SLNP_ONE',
  },
  'crosslink/reqmsg-notification.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue: 'header/requestingAgencyRequestId: no request reqid from SLNP_ONE',
  },
  'crosslink/supmsg-ok.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue:
      'header/requestingAgencyRequestId: no request 6ad1ff2e-bab2-4978-b064-656c0e67ebd6 with SUP_B',
  },
  'crosslink/supmsg-notification.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue: 'header/requestingAgencyRequestId: no request 5636c993-c41c-48f4-a285-470545f6f352 with SUP1',
  },
  // A request from a library that is not a partner of the one addressed.
  'mod-rs/illmockrequest.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue: 'header/requestingAgencyId: NIA2 is not an ISO 18626 partner of NIA1',
  },
  // Generated example instances addressed to agencies this deployment does not have.
  'mod-rs/request.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue: 'header/supplyingAgencyId: no library agencyIdValue1 here',
  },
  'mod-rs/supplyingAgencyMessage.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue: 'header/requestingAgencyId: no library agencyIdValue1 here',
  },
  'mod-rs/requestingAgencyMessage.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue: 'header/supplyingAgencyId: no library agencyIdValue1 here',
  },
  // Confirmations posted as if they were messages.
  ...Object.fromEntries(
    ['requestConfirmation', 'supplyingAgencyMessageConfirmation', 'requestingAgencyMessageConfirmation'].map(
      (kind) => [
        `mod-rs/${kind}.xml`,
        {
          status: 'ERROR',
          errorType: 'BadlyFormedMessage',
          errorValue: `${kind}: a confirmation is only ever the HTTP response to a message, it cannot be sent as one`,
          http: 400,
        },
      ],
    ),
  ),
  // Templates with placeholders: refused, naming the first placeholder found.
  'mod-rs/cancelResponseReplyNoTemplate.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue:
      'header/supplyingAgencyId/agencyIdValue: unsubstituted template placeholder "_SUPPLY_AGENCY_ID_"',
  },
  'mod-rs/statusChangeExpectToSupplyTemplate.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue:
      'header/supplyingAgencyId/agencyIdValue: unsubstituted template placeholder "_SUPPLY_AGENCY_ID_"',
  },
  'mod-rs/statusChangeUnfilledTemplate.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue:
      'header/supplyingAgencyId/agencyIdValue: unsubstituted template placeholder "_SUPPLY_AGENCY_ID_"',
  },
  'mod-rs/supplyingAgencyMessage_statusChange.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue:
      'header/supplyingAgencyId/agencyIdValue: unsubstituted template placeholder "supAgencyIdValue_holder"',
  },
  'mod-rs/unfilledNotification.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue:
      'header/supplyingAgencyId/agencyIdValue: unsubstituted template placeholder "supplierSymbol_holder"',
  },
  'mod-rs/patronRequest.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue:
      'header/requestingAgencyId/agencyIdValue: unsubstituted template placeholder "agencyIdValue_holder"',
  },
  // A template whose placeholders were left empty: the empty id is refused.
  'mod-rs/patronRequestRetry.xml': {
    status: 'ERROR',
    errorType: 'UnrecognisedDataValue',
    errorValue: 'header/requestingAgencyId/agencyIdValue: cannot be empty',
  },
};

/** The text of an element of a confirmation, whatever its prefix; XML escapes undone. */
function element(xml: string, name: string): string | undefined {
  const found = new RegExp(`<(?:\\w+:)?${name}>([^<]*)</`).exec(xml)?.[1];
  return found
    ?.replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

describeEachDatabase('the ISO 18626 samples posted to the endpoint', (database) => {
  let app: App;

  beforeAll(async () => {
    app = await buildApp({ db: database.db });
    const broker = await insertLibrary(database.db, { symbol: 'BROKER', name: 'Broker library' });
    await insertPartner(database.db, broker.id, { symbol: 'REQ', name: 'Requesting library' });
    const slnp = await insertLibrary(database.db, { symbol: 'SLNP_TWO_A', name: 'SLNP two' });
    await insertPartner(database.db, slnp.id, { symbol: 'SLNP_ONE', name: 'SLNP one' });
    const supA = await insertLibrary(database.db, { symbol: 'SUP_A', name: 'Supplier A' });
    await insertPartner(database.db, supA.id, { symbol: 'SUP_B', name: 'Supplier B' });
    const brokerAsRequester = await database.db
      .selectFrom('library')
      .select('id')
      .where('symbol', '=', 'BROKER')
      .executeTakeFirstOrThrow();
    await insertPartner(database.db, brokerAsRequester.id, { symbol: 'SUP', name: 'Supplier' });
    await insertPartner(database.db, brokerAsRequester.id, { symbol: 'SUP1', name: 'Supplier one' });
    await insertLibrary(database.db, { symbol: 'NIA1', name: 'NIA one' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('has an expectation for every sample', () => {
    expect(listSamples().filter((name) => EXPECTED[name] === undefined)).toEqual([]);
  });

  for (const name of Object.keys(EXPECTED)) {
    const expected = EXPECTED[name] as (typeof EXPECTED)[string];
    it(`answers ${name} with ${expected.status}${expected.errorType ? ` ${expected.errorType}` : ''}`, async () => {
      const response = await app.inject({
        method: 'POST',
        url: '/iso18626',
        headers: { 'content-type': 'application/xml' },
        payload: readSample(name),
      });
      expect(response.statusCode).toBeLessThan(500);
      if (expected.http !== undefined) expect(response.statusCode).toBe(expected.http);
      expect(element(response.body, 'messageStatus')).toBe(expected.status);
      expect(element(response.body, 'errorType')).toBe(expected.errorType);
      expect(element(response.body, 'errorValue')).toBe(expected.errorValue);
    });
  }

  it('recorded each request BROKER received from REQ as a lending request, once', async () => {
    const lending = await database.db
      .selectFrom('request')
      .innerJoin('library', 'library.id', 'request.library_id')
      .select(['request.partner_request_id', 'request.title'])
      .where('library.symbol', '=', 'BROKER')
      .where('request.role', '=', 'lending')
      .execute();
    expect(lending.length).toBeGreaterThanOrEqual(5);
    expect(new Set(lending.map((row) => row.partner_request_id)).size).toBe(lending.length);
  });

  it('answers a repeated sample with the same confirmation', async () => {
    const post = () =>
      app.inject({
        method: 'POST',
        url: '/iso18626',
        headers: { 'content-type': 'text/xml' },
        payload: readSample('crosslink/request-loaned.xml'),
      });
    const [first, second] = [await post(), await post()];
    expect(second.body).toBe(first.body);
  });
});
