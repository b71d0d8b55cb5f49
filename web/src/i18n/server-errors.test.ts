import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { apiErrorText, fieldNameOf, issueText, refusalText } from './server-errors.ts';

const refused = (refusal: { code: string; rule: string }, message = 'Server words.') =>
  new ApiError(409, 'transition_refused', message, { refusal, current: { version: 3 } });

describe('the server’s errors in the catalogue’s words', () => {
  it('says why a guard refused an action, not the engine’s rule text', () => {
    const error = refused(
      { code: 'guard_failed', rule: 'rotaHasUntriedEntry' },
      'The rota has a location the request has not been sent to yet.',
    );
    expect(apiErrorText(error)).toBe('Not possible: every location on the rota has already been asked.');
    expect(apiErrorText(refused({ code: 'guard_failed', rule: 'loan-only' }))).toBe(
      'Only when the item was shipped as a loan.',
    );
  });

  it('says why by the refusal’s code where it names no guard', () => {
    expect(refusalText(refused({ code: 'not_allowed_in_state', rule: 'G1 not valid in this state' }))).toBe(
      'This action is not possible while the request is in its current state.',
    );
    expect(refusalText(refused({ code: 'backend', rule: 'backend:manual' }))).toBe(
      'This action is not offered for requests sent through this backend.',
    );
    expect(refusalText(refused({ code: 'wrong_party', rule: 'party:responder' }))).toBe(
      'This is an action of the other library in this loan.',
    );
  });

  it('adds the server’s words to a refusal it cannot explain itself', () => {
    expect(refusalText(refused({ code: 'guard_failed', rule: 'moonIsFull' }, 'The moon is full.'))).toBe(
      'This action is not possible for this request now. (The server said: The moon is full.)',
    );
    expect(refusalText(refused({ code: 'quota', rule: 'x' }, 'Quota reached.'))).toBe(
      'This cannot be done to the request as it is now. (The server said: Quota reached.)',
    );
  });

  it('tells a stale version, something in use and a value taken apart, all as conflicts', () => {
    expect(apiErrorText(new ApiError(409, 'conflict', 'changed', { current: { version: 4 } }))).toMatch(
      /^Someone else changed this meanwhile/,
    );
    expect(apiErrorText(new ApiError(409, 'conflict', 'used by 3', { reason: 'in_use', requests: 3 }))).toBe(
      'It is still used by 3 requests, so it cannot be deleted.',
    );
    expect(apiErrorText(new ApiError(409, 'conflict', 'x', { reason: 'in_use', usage: {} }))).toBe(
      'Requests, transactions or messages refer to this partner, so it cannot be deleted. Deactivate it instead.',
    );
    expect(
      apiErrorText(
        new ApiError(409, 'conflict', 'The username x is taken.', { field: 'body.details.title' }),
      ),
    ).toBe('Title is already used: each must be different.');
    expect(apiErrorText(new ApiError(409, 'conflict', 'The mail is sent.', { status: 'sent' }))).toBe(
      'This clashes with what is already recorded. (The server said: The mail is sent.)',
    );
  });

  it('lists validation problems by field, and words each code it knows without the server’s text', () => {
    const invalid = new ApiError(400, 'validation_failed', 'Invalid', {
      issues: [
        { field: 'body.data.dueDate', rule: 'format', message: 'body.data.dueDate must match format "date"' },
        { field: 'body.data.partnerIds.0', rule: 'active', message: 'X is not an active partner' },
      ],
    });
    expect(apiErrorText(invalid)).toBe(
      'Due date is not in the right form. Partners names a partner that is not active.',
    );
    expect(apiErrorText(new ApiError(503, 'unavailable', 'PostgreSQL is down'))).toBe(
      'The service is unavailable for a moment. Please try again shortly.',
    );
    expect(apiErrorText(new ApiError(0, 'network', 'The server could not be reached.'))).toMatch(
      /^The server could not be reached/,
    );
    expect(apiErrorText(new ApiError(403, 'forbidden', 'off', { reason: 'ill_module_off' }))).toMatch(
      /^Interlibrary loan is switched off at this library/,
    );
    expect(apiErrorText(new ApiError(502, 'http_502', 'Bad Gateway'))).toBe(
      'Something unexpected went wrong. Please try again. (The server said: Bad Gateway)',
    );
  });

  it('names a field by the nearest part of its path the catalogue has a label for', () => {
    expect(fieldNameOf('body.details.isbn')).toBe('ISBN');
    expect(fieldNameOf('body.data.cost.amount')).toBe('Cost');
    expect(fieldNameOf('body.partnerIds.2')).toBe('Partners');
    expect(fieldNameOf('body.copyrightAccepted')).toBe('The copyright declaration');
    expect(fieldNameOf('body.somethingElse')).toBe('This field');
  });

  it('words an issue by its rule, with the label given, and passes a template’s detail on', () => {
    expect(issueText({ field: 'body.name', rule: 'required', message: 'x' }, 'Queue name')).toBe(
      'Queue name is required.',
    );
    expect(
      issueText(
        { field: 'body.subject', rule: 'placeholder', message: 'unknown placeholder {{request.colour}}' },
        'Subject',
      ),
    ).toBe('Subject uses a placeholder Interlend does not know (unknown placeholder {{request.colour}}).');
  });
});
