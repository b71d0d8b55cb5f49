import { describe, expect, it } from 'vitest';
import type { AttentionReason } from '../../../../src/workflow/attention.ts';
import { attentionText } from './attention.ts';

const refused = (
  overrides: Partial<Extract<AttentionReason, { code: 'partner_message_refused' }>['params']>,
) =>
  ({
    code: 'partner_message_refused',
    params: {
      partner: 'ILN-SOUTH',
      message: 'StatusChange Loaned',
      event: 'shipped',
      role: 'requester',
      state: 'cancelled',
      refusal: 'not_allowed_in_state',
      rule: 'G2 state-transition-prohibited',
      ...overrides,
    },
  }) as const;

describe('why a request needs attention, in words', () => {
  it('says what a partner sent that could not be applied, naming the message and the state in the catalogue’s words', () => {
    expect(attentionText(refused({}))).toBe(
      'ILN-SOUTH sent StatusChange Loaned, which cannot be applied now: Shipped is not allowed while this library’s side of the transaction is Cancelled.',
    );
    expect(attentionText(refused({ role: 'responder', state: 'in_process', event: 'renew' }))).toBe(
      'ILN-SOUTH sent StatusChange Loaned, which cannot be applied now: Renewal request is not allowed while this library’s side of the transaction is In Process.',
    );
  });

  it('adds what a guard needed, when a guard refused the message', () => {
    expect(attentionText(refused({ refusal: 'guard_failed', rule: 'itemBackWithLender' }))).toMatch(
      /is Cancelled\. Only once the item is back with the lender\.$/,
    );
    // A guard the catalogue does not know: the sentence alone.
    expect(attentionText(refused({ refusal: 'guard_failed', rule: 'somethingNew' }))).toMatch(
      /is Cancelled\.$/,
    );
  });

  it('shows the partner’s or the network’s error exactly as received, inside the catalogue’s sentence', () => {
    expect(
      attentionText({
        code: 'message_refused',
        params: {
          partner: 'Southport City Library (ILN-SOUTH)',
          message: 'cancel',
          error:
            'ILN-SOUTH refused the message: UnrecognisedDataValue (header/requestingAgencyAuthentication).',
        },
      }),
    ).toBe(
      'The Cancel request message to Southport City Library (ILN-SOUTH) was refused: ILN-SOUTH refused the message: UnrecognisedDataValue (header/requestingAgencyAuthentication). Later messages to this partner in the transaction are held until it is sent again or set aside.',
    );
    expect(
      attentionText({
        code: 'message_undeliverable',
        params: { partner: 'ILN-SOUTH', message: 'request', attempts: 12, error: 'HTTP 503' },
      }),
    ).toMatch(/^The Request message to ILN-SOUTH could not be delivered after 12 attempts: HTTP 503\. Later/);
  });

  it('words the timers’ reasons, the days counted', () => {
    expect(attentionText({ code: 'cancellation_given_up', params: { days: 5 } })).toMatch(
      /^The supplier did not answer the cancellation within its 5 days to respond/,
    );
    expect(attentionText({ code: 'cancellation_given_up', params: { days: 1 } })).toMatch(
      /within its 1 day to respond/,
    );
    expect(attentionText({ code: 'cancel_refused_after_end', params: {} })).toMatch(
      /^The supplier refused the cancellation after the transaction had ended as cancelled/,
    );
  });

  it('says where a partner’s status report and this library’s record disagree', () => {
    expect(
      attentionText({ code: 'status_disagreement', params: { reported: 'Unfilled', state: 'pending' } }),
    ).toBe(
      'Asked where the request stands, the partner answered Unfilled, but this library’s side of the transaction is Pending. A message between you may have been lost: check with the partner.',
    );
  });

  it('shows a reason stored before reasons had codes in its own words', () => {
    expect(attentionText({ code: 'legacy_text', params: { text: 'The request message was refused' } })).toBe(
      'The request message was refused',
    );
  });
});
