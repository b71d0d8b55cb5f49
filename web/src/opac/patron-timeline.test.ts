/**
 * A request's story as its patron reads it, built from the history and notes the server returns.
 */
import { describe, expect, it } from 'vitest';
import type { RequestDetailView } from '../api/types.ts';
import { patronAskedToCancel, patronTimeline } from './patron-timeline.ts';

type Entry = RequestDetailView['history'][number];

let id = 0;
function entry(
  machine: string,
  from: string,
  to: string,
  event: { kind: string; name: string },
  extra: Partial<Entry> = {},
): Entry {
  id++;
  return {
    id: String(id),
    at: `2026-11-25T10:${String(id).padStart(2, '0')}:00.000Z`,
    actor: { kind: 'system', name: 'Library' },
    machine,
    rotaPosition: machine === 'request' ? null : 0,
    edgeId: `${machine}/${from}/${event.kind}:${event.name}`,
    event,
    from,
    to,
    note: null,
    message: { received: event.kind === 'message' ? event.name : null, sent: null },
    ...extra,
  };
}

const rota = [
  {
    position: 0,
    partner: { id: 'p0', symbol: 'ILN-WEST', name: 'Westmere Public Library', protocol: 'iso18626' as const },
    transaction: null,
  },
  {
    position: 1,
    partner: { id: 'p1', symbol: 'ILN-SOUTH', name: 'Southport City Library', protocol: 'iso18626' as const },
    transaction: null,
  },
];

function detail(history: Entry[], notes: RequestDetailView['notes'] = []) {
  return {
    history,
    notes,
    rota,
    details: {
      pickupBranch: { id: 'b', code: 'SCI', name: 'Science Library' },
    } as RequestDetailView['details'],
  };
}

describe('the story of a request', () => {
  it('tells a loan from the request to its return, naming the lending library and the pickup library', () => {
    const items = patronTimeline(
      detail([
        entry(
          'request',
          'new',
          'new',
          { kind: 'create', name: 'create' },
          { actor: { kind: 'patron', name: 'Ada' } },
        ),
        entry(
          'request',
          'new',
          'requested',
          { kind: 'action', name: 'confirm' },
          { actor: { kind: 'staff', name: 'Library' } },
        ),
        entry('requester', 'idle', 'pending', { kind: 'rota', name: 'send-to-supplier' }),
        entry('requester', 'pending', 'pending', { kind: 'message', name: 'answer-will-supply' }),
        entry('requester', 'pending', 'shipped', { kind: 'message', name: 'shipped' }),
        entry('requester', 'shipped', 'received', { kind: 'action', name: 'received' }),
        entry('requester', 'received', 'renew_pending', { kind: 'action', name: 'renew' }),
        entry('requester', 'renew_pending', 'received', { kind: 'message', name: 'renew-reply-yes' }),
        entry('requester', 'received', 'overdue', { kind: 'timer', name: 'due-date' }),
        entry('requester', 'overdue', 'overdue', { kind: 'message', name: 'overdue' }),
        entry('requester', 'overdue', 'returned', { kind: 'action', name: 'returned' }),
        entry('requester', 'returned', 'checked_in', { kind: 'message', name: 'checked-in' }),
        entry('request', 'requested', 'completed', { kind: 'action', name: 'complete' }),
      ]),
    );
    expect(items.map((item) => item.text)).toEqual([
      'You asked for it',
      'We started working on your request',
      'We asked Westmere Public Library for it',
      'Westmere Public Library will supply it',
      'Westmere Public Library sent it to us',
      'It arrived: ready for you to collect at Science Library',
      'We asked Westmere Public Library if you can keep it longer',
      'Westmere Public Library agreed that you can keep it longer',
      'It became overdue',
      'We sent it back to Westmere Public Library',
      'Westmere Public Library has it back',
      'Your request is finished',
    ]);
  });

  it('tells how the request moved on when a library could not supply it, until nobody could', () => {
    const items = patronTimeline(
      detail([
        entry('requester', 'idle', 'pending', { kind: 'rota', name: 'send-to-supplier' }),
        entry(
          'requester',
          'pending',
          'conditional',
          { kind: 'message', name: 'answer-conditional' },
          { note: 'Reading room only' },
        ),
        entry('requester', 'conditional', 'not_supplied', { kind: 'action', name: 'conditional-reply-no' }),
        entry(
          'requester',
          'idle',
          'pending',
          { kind: 'rota', name: 'send-to-supplier' },
          { rotaPosition: 1 },
        ),
        entry(
          'requester',
          'pending',
          'not_supplied',
          { kind: 'message', name: 'answer-unfilled' },
          { rotaPosition: 1 },
        ),
        entry('request', 'requested', 'end_of_rota', { kind: 'outcome', name: 'ended-without-supply' }),
        entry('request', 'end_of_rota', 'terminated', { kind: 'action', name: 'terminate-request' }),
      ]),
    );
    expect(items.map((item) => item.text)).toEqual([
      'We asked Westmere Public Library for it',
      'Westmere Public Library can supply it on conditions',
      'Westmere Public Library could not supply it',
      'We asked Southport City Library for it',
      'Southport City Library could not supply it',
      'None of the libraries we asked could supply it',
      'We stopped looking for it',
    ]);
    // What a partner wrote is for staff, not the patron.
    expect(items.every((item) => item.note === null)).toBe(true);
  });

  it('keeps the patron’s own words when they ask to cancel, and says how the library answered', () => {
    const history = [
      entry(
        'request',
        'requested',
        'cancellation_requested',
        { kind: 'action', name: 'request-cancellation' },
        { actor: { kind: 'patron', name: 'Ada' }, note: 'Found it at my department.' },
      ),
      entry('request', 'cancellation_requested', 'terminated', { kind: 'action', name: 'terminate-request' }),
    ];
    const items = patronTimeline(detail(history));
    expect(items).toEqual([
      expect.objectContaining({ text: 'You asked us to cancel it', note: 'Found it at my department.' }),
      expect.objectContaining({ text: 'We cancelled it, as you asked', note: null }),
    ]);
    expect(patronAskedToCancel({ history })).toBe(true);
    expect(patronAskedToCancel({ history: history.slice(1) })).toBe(false);
  });

  it('says when a request was closed because the date it was needed by passed', () => {
    const items = patronTimeline(
      detail([entry('request', 'requested', 'terminated', { kind: 'timer', name: 'need-before' })]),
    );
    expect(items.map((item) => item.text)).toEqual([
      'It could not reach you by the date you gave, so we stopped looking',
    ]);
  });

  it('leaves out what only staff care about: notes, resent messages, states that did not change', () => {
    const items = patronTimeline(
      detail([
        entry('request', 'new', 'new', { kind: 'action', name: 'add-private-note' }),
        entry('requester', 'pending', 'pending', { kind: 'action', name: 'resend-last-message' }),
        entry('requester', 'pending', 'cancel_pending', { kind: 'action', name: 'cancel' }),
        entry('responder', 'idle', 'in_process', { kind: 'message', name: 'request' }),
      ]),
    );
    expect(items).toEqual([]);
  });

  it('places public notes among the steps by time', () => {
    const items = patronTimeline(
      detail(
        [
          entry(
            'requester',
            'idle',
            'pending',
            { kind: 'rota', name: 'send-to-supplier' },
            { at: '2026-11-25T10:00:00.000Z' },
          ),
        ],
        [
          {
            id: '7',
            at: '2026-11-25T09:00:00.000Z',
            visibility: 'public',
            direction: 'outgoing',
            text: 'Please send the 2nd edition.',
            author: 'Northbridge ILL desk',
            rotaPosition: 0,
          },
        ],
      ),
    );
    expect(items.map((item) => [item.text, item.note])).toEqual([
      ['A note about your request', 'Please send the 2nd edition.'],
      ['We asked Westmere Public Library for it', null],
    ]);
  });
});
