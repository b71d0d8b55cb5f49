/**
 * The plain-language status of a request: every status and supplier state a patron can meet, in a
 * sentence with no workflow jargon, the due date while they have the item, and the library's own
 * status winning where there is one.
 */
import { describe, expect, it } from 'vitest';
import { formatDate } from '../i18n/catalogue.ts';
import { patronStatus } from './patron-status.ts';

const JARGON = /pending|shipped|rota|conditional|requester|responder|terminated|idle|checked in|supplier/i;

describe('the status a patron reads', () => {
  it('says where a request being worked on is, from its current supplier’s state', () => {
    const text = (currentState: string | null, status = 'requested') =>
      patronStatus({ status, currentState, pickupBranch: 'Science Library' }).text;
    expect(text(null, 'new')).toBe('We have your request and will look at it soon');
    expect(text(null)).toBe('We are getting ready to ask another library for it');
    expect(text('pending')).toBe('We have asked another library for it');
    expect(text('pending', 'requested_from_partners')).toBe('We have asked another library for it');
    expect(text('conditional')).toBe('A library can supply it on conditions; we are looking at them');
    expect(text('not_supplied')).toBe('We are asking another library for it');
    expect(text('shipped')).toBe('On its way to us');
    expect(text('not_received_overdue')).toBe('On its way to us, but taking longer than expected');
    expect(text('received')).toBe('Ready for you to collect at Science Library');
    expect(text('renew_pending')).toBe('We have asked if you can keep it longer');
    expect(text('overdue')).toBe('Overdue: please bring it back');
    expect(text('recall')).toBe('The lending library wants it back: please return it as soon as you can');
    expect(text('returned')).toBe('You have returned it; we are sending it back');
    expect(text('checked_in')).toBe('Returned to the library that lent it');
    expect(text('lost')).toBe('Reported lost; we will contact you');
  });

  it('says the item is ready without a place when the request has no pickup library', () => {
    expect(patronStatus({ status: 'requested', currentState: 'received' }).text).toBe(
      'Ready for you to collect',
    );
  });

  it('says when nobody could supply it, and when the library closed it', () => {
    expect(patronStatus({ status: 'end_of_rota', currentState: 'not_supplied' })).toMatchObject({
      text: 'We could not get it from the libraries we asked; we will let you know what next',
      tone: 'problem',
    });
    expect(patronStatus({ status: 'terminated', currentState: 'not_supplied' }).text).toBe(
      'Closed: we could not get it',
    );
  });

  it('tells a patron who asked to cancel that the library will answer, then that it is cancelled', () => {
    expect(patronStatus({ status: 'cancellation_requested', currentState: 'pending' })).toMatchObject({
      text: 'You asked us to cancel it; we will let you know',
      tone: 'waiting',
    });
    expect(
      patronStatus({ status: 'terminated', currentState: 'cancelled', patronAskedToCancel: true }).text,
    ).toBe('Cancelled, as you asked');
  });

  it('says an item arrived even while a cancellation is still being looked at', () => {
    expect(
      patronStatus({
        status: 'cancellation_requested',
        currentState: 'received',
        pickupBranch: 'Main Library',
      }).text,
    ).toBe('Ready for you to collect at Main Library');
  });

  it('says a finished request is finished, with no due date', () => {
    expect(patronStatus({ status: 'completed', currentState: 'checked_in', dueDate: '2026-12-09' })).toEqual({
      text: 'Finished',
      due: null,
      tone: 'done',
    });
    expect(patronStatus({ status: 'completed', currentState: null }).text).toBe(
      'Closed: we could not get it',
    );
  });

  it('gives the due date while the patron has the item, and says when it was due once overdue', () => {
    expect(patronStatus({ status: 'requested', currentState: 'received', dueDate: '2026-12-12' }).due).toBe(
      `Due back ${formatDate('2026-12-12')}`,
    );
    expect(patronStatus({ status: 'requested', currentState: 'overdue', dueDate: '2026-11-20' }).due).toBe(
      `Was due back ${formatDate('2026-11-20')}`,
    );
    expect(
      patronStatus({ status: 'requested', currentState: 'shipped', dueDate: '2026-12-12' }).due,
    ).toBeNull();
  });

  it('shows the library’s own status as patrons see it in place of its own words', () => {
    expect(
      patronStatus({
        status: 'requested',
        currentState: 'received',
        customStatusLabel: 'Being processed',
        dueDate: '2026-12-12',
      }),
    ).toEqual({ text: 'Being processed', due: `Due back ${formatDate('2026-12-12')}`, tone: 'active' });
    expect(patronStatus({ status: 'new', currentState: null, customStatusLabel: '  ' }).text).toBe(
      'We have your request and will look at it soon',
    );
  });

  it('never uses the workflow’s words, whatever the status and state', () => {
    const statuses = ['new', 'cancellation_requested', 'requested', 'requested_from_partners', 'reverted'];
    const more = ['end_of_rota', 'terminated', 'completed', 'deleted', 'something_new'];
    const states = [
      null,
      'idle',
      'pending',
      'conditional',
      'cancel_pending',
      'not_supplied',
      'cancelled',
      'shipped',
      'received',
      'renew_pending',
      'renew_overdue',
      'overdue',
      'not_received_overdue',
      'recall',
      'returned',
      'checked_in',
      'lost',
      'a_future_state',
    ];
    for (const status of [...statuses, ...more]) {
      for (const currentState of states) {
        const { text } = patronStatus({ status, currentState, pickupBranch: 'Main Library' });
        expect(text, `${status}/${currentState}`).not.toMatch(JARGON);
        expect(text.length, `${status}/${currentState}`).toBeGreaterThan(5);
      }
    }
  });
});
