import { describe, expect, it } from 'vitest';
import type { RequestDetailView } from '../../api/types.ts';
import { eventLabel, recordedDetails, timelinesOf } from './timeline.ts';

type History = RequestDetailView['history'];
const partner = (symbol: string) => ({
  id: `00000000-0000-4000-8000-00000000000${symbol.length}`,
  symbol,
  name: `${symbol} Library`,
  protocol: 'iso18626' as const,
});
const entry = (
  id: number,
  at: string,
  machine: string,
  rotaPosition: number | null,
  actor: { kind: string; name: string },
  event: { kind: string; name: string },
  from: string,
  to: string,
  note: string | null = null,
): History[number] => ({
  id: String(id),
  at: `2026-11-25T10:${at}:00.000Z`,
  actor,
  machine,
  rotaPosition,
  edgeId: `${machine}/${from}/${event.kind}:${event.name}`,
  event,
  from,
  to,
  note,
  message: { received: event.kind === 'message' ? event.name : null, sent: null },
});

const staff = { kind: 'staff', name: 'Desk' };
const system = { kind: 'system', name: 'Interlend' };
const west = { kind: 'partner', name: 'West Library' };

describe('the timelines of a request page', () => {
  it('groups the history per machine and rota position, each in time order, the request first', () => {
    const history: History = [
      entry(5, '05', 'requester', 1, system, { kind: 'rota', name: 'send-to-supplier' }, 'idle', 'pending'),
      entry(1, '01', 'request', null, staff, { kind: 'create', name: 'create' }, 'new', 'new'),
      entry(
        4,
        '04',
        'requester',
        0,
        west,
        { kind: 'message', name: 'answer-unfilled' },
        'pending',
        'not_supplied',
      ),
      entry(2, '02', 'request', null, staff, { kind: 'action', name: 'confirm' }, 'new', 'requested', 'Go'),
      entry(3, '02', 'requester', 0, system, { kind: 'rota', name: 'send-to-supplier' }, 'idle', 'pending'),
    ];
    const timelines = timelinesOf({
      role: 'borrowing',
      history,
      rota: [
        { position: 0, partner: partner('WEST'), transaction: null },
        { position: 1, partner: partner('SOUTH'), transaction: null },
      ],
    });
    expect(timelines.map((timeline) => [timeline.key, timeline.partner?.symbol ?? null])).toEqual([
      ['request', null],
      ['requester:0', 'WEST'],
      ['requester:1', 'SOUTH'],
    ]);
    expect(timelines[0]?.entries).toEqual([
      {
        id: '1',
        at: '2026-11-25T10:01:00.000Z',
        event: 'Request created',
        party: 'us',
        actor: 'Desk',
        from: 'New',
        to: 'New',
        note: null,
        sent: null,
      },
      {
        id: '2',
        at: '2026-11-25T10:02:00.000Z',
        event: 'Confirm request',
        party: 'us',
        actor: 'Desk',
        from: 'New',
        to: 'Requested',
        note: 'Go',
        sent: null,
      },
    ]);
    expect(timelines[1]?.entries.map((item) => [item.event, item.party, item.from, item.to])).toEqual([
      ['Sent to next supplier', 'system', 'Idle', 'Pending'],
      ['Partner message: Answer: unfilled', 'partner', 'Pending', 'Not Supplied'],
    ]);
  });

  it('gives a lending request its one transaction, the borrowing library as partner', () => {
    const timelines = timelinesOf({
      role: 'lending',
      history: [
        entry(1, '01', 'responder', null, west, { kind: 'message', name: 'request' }, 'idle', 'in_process'),
        entry(
          2,
          '02',
          'responder',
          null,
          staff,
          { kind: 'action', name: 'shipped' },
          'in_process',
          'shipped',
        ),
      ],
      rota: [{ position: 0, partner: partner('WEST'), transaction: null }],
    });
    expect(timelines).toHaveLength(1);
    expect(timelines[0]?.key).toBe('responder:0');
    expect(timelines[0]?.partner?.symbol).toBe('WEST');
    expect(timelines[0]?.entries.map((item) => [item.event, item.to])).toEqual([
      ['Partner message: Request', 'In Process'],
      ['Shipped', 'Shipped'],
    ]);
  });

  it('says which message a step sent the partner, in the catalogue’s words', () => {
    const shipped = {
      ...entry(
        1,
        '01',
        'responder',
        null,
        staff,
        { kind: 'action', name: 'shipped' },
        'in_process',
        'shipped',
      ),
      message: { received: null, sent: 'shipped' },
    };
    const [timeline] = timelinesOf({
      role: 'lending',
      history: [shipped],
      rota: [{ position: 0, partner: partner('WEST'), transaction: null }],
    });
    expect(timeline?.entries[0]?.sent).toBe('Sent to the partner: Shipped');
    const quiet = timelinesOf({
      role: 'lending',
      history: [{ ...shipped, message: { received: null, sent: null } }],
      rota: [{ position: 0, partner: partner('WEST'), transaction: null }],
    });
    expect(quiet[0]?.entries[0]?.sent).toBeNull();
  });

  it('tells what staff recorded with an Informed action after the event, in order', () => {
    const shipped = {
      ...entry(
        6,
        '06',
        'requester',
        0,
        staff,
        { kind: 'action', name: 'informed-shipped' },
        'pending',
        'shipped',
        'Sent by courier.',
      ),
      data: {
        itemId: '39015012345678',
        dueDate: '2027-01-15',
        dateShipped: '2026-12-01',
        cost: { amount: '12.50', currency: 'EUR' },
      },
    };
    const notSupplied = {
      ...entry(7, '07', 'requester', 1, staff, { kind: 'action', name: 'informed-not-supplied' }, 'a', 'b'),
      data: { reason: 'missing' },
    };
    const [timeline0, timeline1] = timelinesOf({
      role: 'borrowing',
      history: [shipped, notSupplied],
      rota: [
        { position: 0, partner: partner('WEST'), transaction: null },
        { position: 1, partner: partner('SOUTH'), transaction: null },
      ],
    });
    expect(timeline0?.entries[0]).toMatchObject({
      event: 'Informed Shipped — shipped Dec 1, 2026, due Jan 15, 2027, item 39015012345678, cost €12.50',
      note: 'Sent by courier.',
    });
    expect(timeline1?.entries[0]?.event).toBe('Informed Not Supplied — reason: Missing from the shelf');
  });

  it('says nothing more of an event that recorded nothing, or that patrons read', () => {
    expect(recordedDetails({})).toBe('');
    expect(recordedDetails(undefined)).toBe('');
    expect(recordedDetails({ dateReceived: '2026-12-04', serviceType: 'copy' })).toBe(
      'service: Copy, received Dec 4, 2026',
    );
    expect(recordedDetails({ details: { title: 'Middlemarch', author: 'George Eliot' } })).toBe(
      'changed: Title, Author',
    );
  });

  it('tells what a partner’s status report and Answer Retry said: the status, the reason, when to ask again', () => {
    expect(recordedDetails({ reportedStatus: 'Loaned', dueDate: '2027-01-15' })).toBe(
      'due Jan 15, 2027, the partner reports Loaned',
    );
    expect(
      recordedDetails({ reason: 'OnLoan', estimatedDateAvailable: '2026-12-15', itemId: 'B-000456' }),
    ).toBe('item B-000456, available about Dec 15, 2026, reason: On loan: ask again after the date given');
  });

  it('tells a change of custom status from what to what, and words it as set or cleared', () => {
    expect(recordedDetails({ customStatus: { from: null, to: 'AWAITING_INVOICE' } })).toBe(
      'custom status: None → AWAITING_INVOICE',
    );
    expect(recordedDetails({ customStatus: { from: 'AWAITING_INVOICE', to: null } })).toBe(
      'custom status: AWAITING_INVOICE → None',
    );
    expect(eventLabel({ kind: 'custom-status', name: 'set' })).toBe('Custom status set');
    expect(eventLabel({ kind: 'custom-status', name: 'cleared' })).toBe('Custom status cleared');
    expect(eventLabel({ kind: 'timer', name: 'cancel-reply' })).toBe(
      'Timer: Cancellation not answered in time',
    );
  });

  it('words every kind of event from the catalogue, and shows unknown names as they are', () => {
    expect(eventLabel({ kind: 'timer', name: 'expiry' })).toBe('Timer: No answer in time');
    expect(eventLabel({ kind: 'outcome', name: 'ended-without-supply' })).toBe('Supplier did not supply');
    expect(eventLabel({ kind: 'attention', name: 'cleared' })).toBe('Attention cleared');
    expect(eventLabel({ kind: 'rota', name: 'add-locations' })).toBe('Locations added to the rota');
    expect(eventLabel({ kind: 'local-action', name: 'sent-to-bindery' })).toBe(
      'Local action: sent-to-bindery',
    );
    expect(eventLabel({ kind: 'action', name: 'something-new' })).toBe('something-new');
  });
});
