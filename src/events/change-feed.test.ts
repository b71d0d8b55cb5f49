import { describe, expect, it } from 'vitest';
import { parseChange } from './change-feed.ts';
import { formatEvent, mayHear } from './events.routes.ts';

const staffOf = (libraryId: string) =>
  ({
    kind: 'staff',
    userId: 'u',
    tokenId: null,
    libraryId,
    name: 'S',
    permissions: new Set(['ill']),
  }) as const;

describe('the change feed payload', () => {
  it('reads library, request and patron ids, the patron being optional', () => {
    expect(parseChange('lib:req:pat')).toEqual({
      kind: 'request',
      libraryId: 'lib',
      requestId: 'req',
      patronId: 'pat',
    });
    expect(parseChange('lib:req:')).toEqual({
      kind: 'request',
      libraryId: 'lib',
      requestId: 'req',
      patronId: null,
    });
  });

  it('ignores payloads of any other shape', () => {
    for (const payload of ['', 'lib', 'lib:req', ':req:pat', 'lib::pat', 'a:b:c:d']) {
      expect(parseChange(payload)).toBeUndefined();
    }
  });
});

describe('who hears a change', () => {
  const change = { kind: 'request', libraryId: 'A', requestId: 'r1', patronId: 'p1' } as const;

  it("lets the request's library's staff and its own patron hear it, and nobody else", () => {
    expect(mayHear(staffOf('A'), change)).toBe(true);
    expect(mayHear(staffOf('B'), change)).toBe(false);
    expect(mayHear({ kind: 'patron', patronId: 'p1', libraryId: 'A', name: 'P' }, change)).toBe(true);
    expect(mayHear({ kind: 'patron', patronId: 'p2', libraryId: 'A', name: 'Q' }, change)).toBe(false);
    expect(mayHear({ kind: 'anonymous' }, change)).toBe(false);
  });

  it('sends a resync to everyone logged in, and writes events as server-sent event blocks', () => {
    expect(mayHear(staffOf('B'), { kind: 'resync' })).toBe(true);
    expect(mayHear({ kind: 'anonymous' }, { kind: 'resync' })).toBe(false);
    expect(formatEvent(change)).toBe('event: request\ndata: {"requestId":"r1"}\n\n');
    expect(formatEvent({ kind: 'resync' })).toBe('event: resync\ndata: {}\n\n');
  });
});
