import { describe, expect, it } from 'vitest';
import {
  ISO18626_NAMESPACE,
  confirmationFor,
  emitConfirmation,
  emitIso18626,
  errorConfirmationFor,
  parseIso18626,
  type Iso18626BusinessMessage,
} from './index.ts';
import { richSupplyingAgencyMessage } from './testing/messages.ts';

/** What an ISO 18626 endpoint does with a POST body, written against the public surface only. */
function answer(body: string, receivedAt: Date, now: Date): { status: number; body: string } {
  const parsed = parseIso18626(body, { accept: 'messages' });
  const times = { timestamp: now, timestampReceived: receivedAt };
  if (!parsed.ok) {
    const confirmation = errorConfirmationFor(parsed.error, times);
    return confirmation ? { status: 200, body: emitConfirmation(confirmation) } : { status: 400, body: '' };
  }
  const message: Iso18626BusinessMessage = parsed.message;
  return { status: 200, body: emitConfirmation(confirmationFor(message, times)) };
}

describe('the public surface of the ISO 18626 codec', () => {
  const receivedAt = new Date('2025-01-01T10:00:00.000Z');
  const now = new Date('2025-01-01T10:00:00.250Z');

  it('confirms a well-formed message OK, in the namespace, echoing what it confirms', () => {
    const reply = answer(emitIso18626(richSupplyingAgencyMessage()), receivedAt, now);
    expect(reply.status).toBe(200);
    expect(reply.body).toContain(`xmlns="${ISO18626_NAMESPACE}"`);
    const confirmation = parseIso18626(reply.body, { accept: 'confirmations' });
    expect(confirmation.ok && confirmation.message).toMatchObject({
      kind: 'supplyingAgencyMessageConfirmation',
      confirmationHeader: {
        messageStatus: 'OK',
        requestingAgencyRequestId: 'req-0042~1',
        timestamp: '2025-01-01T10:00:00.250Z',
      },
      reasonForMessage: 'RequestResponse',
    });
  });

  it('answers a refused message with an ERROR confirmation, and a non-message with HTTP 400', () => {
    const bad = emitIso18626(richSupplyingAgencyMessage()).replace(
      '<status>Loaned</status>',
      '<status>Lent</status>',
    );
    const reply = answer(bad, receivedAt, now);
    const confirmation = parseIso18626(reply.body, { accept: 'confirmations' });
    expect(confirmation.ok && confirmation.message).toMatchObject({
      confirmationHeader: { messageStatus: 'ERROR' },
      errorData: {
        errorType: 'UnrecognisedDataValue',
        errorValue: 'statusInfo/status: "Lent" is not a recognised value',
      },
    });
    expect(answer('{"not":"xml"}', receivedAt, now)).toEqual({ status: 400, body: '' });
  });
});
