import { describe, expect, it } from 'vitest';
import type { MessageLogEntry } from '../../api/types.ts';
import { undeliveredOf, undeliveredReason } from './undelivered.ts';

function entry(overrides: Partial<MessageLogEntry>): MessageLogEntry {
  return {
    id: '1',
    message: 'request',
    sequence: 1,
    resend: false,
    protocol: 'iso18626',
    status: 'sent',
    attempts: 1,
    nextAttemptAt: null,
    lastError: null,
    createdAt: '2026-11-25T10:00:00.000Z',
    sentAt: null,
    rotaPosition: 0,
    partner: 'ILN-WEST',
    heldBy: null,
    setAside: null,
    ...overrides,
  };
}

describe('undelivered messages', () => {
  it('are those not sent, leaving out the ones staff set aside', () => {
    const items = [
      entry({ id: '1', status: 'sent' }),
      entry({ id: '2', status: 'dead', lastError: 'refused' }),
      entry({ id: '3', status: 'dead', setAside: { at: '2026-11-25T11:00:00.000Z', by: 'north-ill' } }),
      entry({ id: '4', status: 'pending' }),
    ];
    expect(undeliveredOf(items).map((item) => item.id)).toEqual(['2', '4']);
  });

  it('say why: given up, failing until the next attempt, held behind an earlier one, or waiting', () => {
    const dead = entry({
      id: '1',
      status: 'dead',
      lastError: 'ILN-WEST refused the message: UnrecognisedDataValue',
    });
    const held = entry({ id: '2', message: 'cancel', status: 'pending', heldBy: '1' });
    expect(undeliveredReason(dead, [dead, held])).toBe(
      'Given up: “ILN-WEST refused the message: UnrecognisedDataValue”. Send it again from the message log once the cause is put right.',
    );
    expect(undeliveredReason(held, [dead, held])).toBe(
      'Waits until the earlier Request message is delivered.',
    );
    const failing = entry({
      status: 'failed',
      lastError: 'http://127.0.0.1:9/iso18626 could not be reached: fetch failed',
      nextAttemptAt: '2026-11-25T10:05:00.000Z',
    });
    expect(undeliveredReason(failing, [failing])).toMatch(
      /^Failing: “http:\/\/127\.0\.0\.1:9\/iso18626 could not be reached: fetch failed”\. Next attempt .+\.$/,
    );
    expect(undeliveredReason(entry({ status: 'pending' }), [])).toBe('Waiting to be delivered.');
  });
});
