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

/** What each sample must get: the error type of an error confirmation, or OK. */
const EXPECTED: Record<string, { status: 'OK' | 'ERROR'; errorType?: string; http?: number }> = {
  'crosslink/msg-invalid.xml': { status: 'ERROR', errorType: 'BadlyFormedMessage', http: 400 },
  'crosslink/reqmsg-invalid-action.xml': { status: 'ERROR', errorType: 'UnsupportedActionType' },
  'crosslink/supmsg-invalid-reason.xml': { status: 'ERROR', errorType: 'UnsupportedReasonForMessageType' },
  'crosslink/supmsg-invalid-status.xml': { status: 'ERROR', errorType: 'UnrecognisedDataValue' },
  'crosslink/request-no-reqid.xml': { status: 'ERROR', errorType: 'UnrecognisedDataValue' },
  'crosslink/supmsg-no-reqid.xml': { status: 'ERROR', errorType: 'UnrecognisedDataValue' },
  // Requests to the library BROKER from its partner REQ: recorded as lending requests.
  'crosslink/request-loaned.xml': { status: 'OK' },
  'crosslink/request-locally-available.xml': { status: 'OK' },
  'crosslink/request-reminder.xml': { status: 'OK' },
  'crosslink/request-retry-after-unfilled.xml': { status: 'OK' },
  'crosslink/request-willsupply-unfilled-willsupply-loaned.xml': { status: 'OK' },
  'crosslink/illmock-cancel-req.xml': { status: 'OK' },
  'crosslink/illmock-renew-req.xml': { status: 'OK' },
  // Messages about requests this deployment does not have: a clear error naming the id.
  'crosslink/reqmsg-ok.xml': { status: 'ERROR', errorType: 'UnrecognisedDataValue' },
  'crosslink/reqmsg-notification.xml': { status: 'ERROR', errorType: 'UnrecognisedDataValue' },
  'crosslink/supmsg-ok.xml': { status: 'ERROR', errorType: 'UnrecognisedDataValue' },
  'crosslink/supmsg-notification.xml': { status: 'ERROR', errorType: 'UnrecognisedDataValue' },
  // A request from a library that is not a partner of the one addressed.
  'mod-rs/illmockrequest.xml': { status: 'ERROR', errorType: 'UnrecognisedDataValue' },
  // Generated example instances addressed to agencies this deployment does not have.
  'mod-rs/request.xml': { status: 'ERROR' },
  'mod-rs/supplyingAgencyMessage.xml': { status: 'ERROR' },
  'mod-rs/requestingAgencyMessage.xml': { status: 'ERROR' },
  // Confirmations posted as if they were messages.
  'mod-rs/requestConfirmation.xml': { status: 'ERROR', errorType: 'BadlyFormedMessage' },
  'mod-rs/supplyingAgencyMessageConfirmation.xml': { status: 'ERROR', errorType: 'BadlyFormedMessage' },
  'mod-rs/requestingAgencyMessageConfirmation.xml': { status: 'ERROR', errorType: 'BadlyFormedMessage' },
  // Templates with placeholders.
  'mod-rs/cancelResponseReplyNoTemplate.xml': { status: 'ERROR' },
  'mod-rs/statusChangeExpectToSupplyTemplate.xml': { status: 'ERROR' },
  'mod-rs/statusChangeUnfilledTemplate.xml': { status: 'ERROR' },
  'mod-rs/supplyingAgencyMessage_statusChange.xml': { status: 'ERROR' },
  'mod-rs/unfilledNotification.xml': { status: 'ERROR' },
  'mod-rs/patronRequest.xml': { status: 'ERROR' },
  'mod-rs/patronRequestRetry.xml': { status: 'ERROR' },
};

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
      expect(response.body).toMatch(new RegExp(`<(\\w+:)?messageStatus>${expected.status}</`));
      if (expected.errorType !== undefined)
        expect(response.body).toMatch(new RegExp(`<(\\w+:)?errorType>${expected.errorType}</`));
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
