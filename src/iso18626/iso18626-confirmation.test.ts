import { describe, expect, it } from 'vitest';
import { confirmationFor, errorConfirmationFor } from './iso18626-confirmation.ts';
import { emitConfirmation } from './iso18626-emit.ts';
import { parseIso18626 } from './iso18626-parse.ts';
import type { Iso18626Confirmation } from './iso18626-types.ts';
import {
  REQUESTER,
  SUPPLIER,
  richRequest,
  richRequestingAgencyMessage,
  richSupplyingAgencyMessage,
} from './testing/messages.ts';
import { ISO18626_REFERENCE_DIR, ON_CI, readSample, schemaV12Path } from './testing/reference.ts';
import { XMLLINT_AVAILABLE, validateWithXmllint } from './testing/xmllint.ts';

const times = {
  timestamp: new Date('2025-03-04T05:06:07.000Z'),
  timestampReceived: '2025-03-04T05:06:06.5Z',
};
const header = {
  supplyingAgencyId: SUPPLIER,
  requestingAgencyId: REQUESTER,
  timestamp: '2025-03-04T05:06:07.000Z',
  requestingAgencyRequestId: 'req-0042~1',
  multipleItemRequestId: 'multi-7',
  timestampReceived: '2025-03-04T05:06:06.5Z',
};

describe('confirmationFor', () => {
  it('confirms a request OK, echoing its ids', () => {
    expect(confirmationFor(richRequest(), times)).toStrictEqual({
      kind: 'requestConfirmation',
      confirmationHeader: { ...header, messageStatus: 'OK' },
    });
  });

  it('echoes the reasonForMessage of a supplying agency message and the action of a requesting one', () => {
    expect(confirmationFor(richSupplyingAgencyMessage(), times)).toMatchObject({
      kind: 'supplyingAgencyMessageConfirmation',
      reasonForMessage: 'RequestResponse',
    });
    expect(confirmationFor(richRequestingAgencyMessage(), times)).toMatchObject({
      kind: 'requestingAgencyMessageConfirmation',
      action: 'Renew',
    });
  });

  it('answers ERROR with errorData when the message cannot be applied', () => {
    const error = {
      errorType: 'UnrecognisedDataValue',
      errorValue: 'header/requestingAgencyRequestId: unknown',
    } as const;
    expect(confirmationFor(richRequestingAgencyMessage(), times, error)).toStrictEqual({
      kind: 'requestingAgencyMessageConfirmation',
      confirmationHeader: { ...header, messageStatus: 'ERROR' },
      action: 'Renew',
      errorData: error,
    });
  });
});

describe.skipIf(ISO18626_REFERENCE_DIR === undefined && !ON_CI)('errorConfirmationFor', () => {
  it('addresses the error confirmation of a refused message with the header that could be read', () => {
    const parsed = parseIso18626(readSample('crosslink/reqmsg-invalid-action.xml'), { accept: 'messages' });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(errorConfirmationFor(parsed.error, times)).toStrictEqual({
      kind: 'requestingAgencyMessageConfirmation',
      confirmationHeader: {
        supplyingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'SLNP_TWO_A' },
        requestingAgencyId: { agencyIdType: { value: 'ISIL' }, agencyIdValue: 'SLNP_ONE' },
        timestamp: '2025-03-04T05:06:07.000Z',
        requestingAgencyRequestId: 'reqid',
        timestampReceived: '2025-03-04T05:06:06.5Z',
        messageStatus: 'ERROR',
      },
      errorData: {
        errorType: 'UnsupportedActionType',
        errorValue: 'action: "WeCancelThisMessage" is not a recognised value',
      },
    });
  });

  it('echoes the reason of a supplying agency message refused for its status', () => {
    const parsed = parseIso18626(readSample('crosslink/supmsg-invalid-status.xml'), { accept: 'messages' });
    const confirmation = parsed.ok ? undefined : errorConfirmationFor(parsed.error, times);
    expect(confirmation).toMatchObject({
      kind: 'supplyingAgencyMessageConfirmation',
      reasonForMessage: 'StatusChange',
      errorData: { errorType: 'UnrecognisedDataValue' },
    });
  });

  it('gives nothing to confirm for a body that is no message, or a confirmation posted as one', () => {
    for (const body of [
      '',
      '{"a":1}',
      readSample('crosslink/msg-invalid.xml'),
      readSample('mod-rs/requestConfirmation.xml'),
    ]) {
      const parsed = parseIso18626(body, { accept: 'messages' });
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(errorConfirmationFor(parsed.error, times)).toBeUndefined();
    }
  });

  it.skipIf(!XMLLINT_AVAILABLE && !ON_CI)(
    'writes error confirmations that validate and read back as written',
    () => {
      const confirmations = new Map<string, Iso18626Confirmation>();
      for (const sample of [
        'crosslink/reqmsg-invalid-action.xml',
        'crosslink/supmsg-invalid-reason.xml',
        'crosslink/supmsg-invalid-status.xml',
        'crosslink/supmsg-no-reqid.xml',
        'crosslink/request-no-reqid.xml',
        'mod-rs/unfilledNotification.xml',
        'mod-rs/patronRequest.xml',
      ]) {
        const parsed = parseIso18626(readSample(sample), { accept: 'messages' });
        const confirmation = parsed.ok ? undefined : errorConfirmationFor(parsed.error, times);
        expect(confirmation, sample).toBeDefined();
        if (confirmation) confirmations.set(sample, confirmation);
      }
      const documents = new Map([...confirmations].map(([name, c]) => [name, emitConfirmation(c)]));
      expect(validateWithXmllint(schemaV12Path(), documents).filter((verdict) => !verdict.valid)).toEqual([]);
      for (const [name, confirmation] of confirmations) {
        // The ids are echoed as sent, placeholders included: that is how the sender finds its message.
        const back = parseIso18626(documents.get(name) as string, {
          accept: 'confirmations',
          rejectTemplatePlaceholders: false,
        });
        expect(back.ok && back.message, name).toStrictEqual(confirmation);
      }
    },
  );
});
