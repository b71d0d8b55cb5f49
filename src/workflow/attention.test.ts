import { describe, expect, it } from 'vitest';
import { ATTENTION_CODES, AttentionReasonSchema, readAttention } from './attention.ts';

describe('attention reasons', () => {
  it('list every code of the schema, once each, in its order', () => {
    const codes = AttentionReasonSchema.anyOf.map((variant) => variant.properties.code.const);
    expect([...ATTENTION_CODES]).toEqual(codes);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('are read back as stored when they have their code’s parameters', () => {
    const reason = {
      code: 'message_undeliverable',
      params: { partner: 'Southport (SP)', message: 'request', attempts: 12, error: 'HTTP 503' },
    };
    expect(readAttention(reason)).toEqual(reason);
    expect(readAttention(null)).toBeNull();
    expect(readAttention(undefined)).toBeNull();
  });

  it('keep anything else they find in its own words, as a legacy reason', () => {
    expect(readAttention('The request message was refused')).toEqual({
      code: 'legacy_text',
      params: { text: 'The request message was refused' },
    });
    // A code's parameters missing, or one it does not have: never passed on as that code.
    expect(readAttention({ code: 'cancellation_given_up', params: {} })).toEqual({
      code: 'legacy_text',
      params: { text: '{"code":"cancellation_given_up","params":{}}' },
    });
    expect(readAttention({ code: 'cancel_refused_after_end', params: { extra: 'x' } })).toMatchObject({
      code: 'legacy_text',
    });
  });
});
