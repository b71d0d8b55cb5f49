import { describe, expect, it } from 'vitest';
import { backendIssues } from './backend-rules.ts';
import type { Backend } from './backend.ts';
import { BACKENDS } from './index.ts';

/** A backend narrower than those Interlend ships, to see each rule bite. */
const narrow: Backend = {
  ...BACKENDS.manual,
  requestTypes: ['book', 'article'],
  fields: ['title', 'author', 'articleTitle', 'isbn'],
  requiredFields: { book: ['isbn'] },
};

describe('a backend’s rules for a new request', () => {
  it('accepts a request of a type it takes with the fields it carries', () => {
    expect(backendIssues(narrow, { type: 'book', title: 'Emma', isbn: '9780141439587' })).toEqual([]);
  });

  it('refuses a type it does not take, naming the field', () => {
    expect(backendIssues(narrow, { type: 'thesis', title: 'On tides', author: 'M. Carrow' })).toEqual([
      {
        field: 'body.details.type',
        rule: 'backend',
        message: 'the manual backend does not take thesis requests',
      },
    ]);
  });

  it('refuses a field it cannot carry to the supplier, but not an empty one', () => {
    expect(
      backendIssues(narrow, {
        type: 'book',
        title: 'Emma',
        isbn: '9780141439587',
        doi: '10.1000/1',
        year: '',
      }),
    ).toEqual([
      {
        field: 'body.details.doi',
        rule: 'backend',
        message: 'the manual backend cannot carry doi to the supplier',
      },
    ]);
  });

  it('needs the fields of the request type and those the backend adds for it', () => {
    expect(backendIssues(narrow, { type: 'book', title: 'Emma' })).toEqual([
      { field: 'body.details.isbn', rule: 'required', message: 'isbn is required for a book request' },
    ]);
    expect(backendIssues(narrow, { type: 'article', title: 'Nature' }).map((issue) => issue.field)).toEqual([
      'body.details.articleTitle',
    ]);
  });

  it('lets every shipped backend take every request type and field', () => {
    for (const backend of Object.values(BACKENDS)) {
      expect(
        backendIssues(backend, {
          type: 'chapter',
          title: 'Handbook',
          articleTitle: 'Latin epic',
          doi: '10.1000/1',
          oclcNumber: '12345',
        }),
      ).toEqual([]);
    }
  });
});

describe('the shipped backends', () => {
  it('differ in what Confirm does and which partners they reach', () => {
    expect(Object.values(BACKENDS).map((backend) => [backend.id, backend.confirm.behaviour])).toEqual([
      ['iso18626', 'send-along-rota'],
      ['email', 'email-along-rota'],
      ['manual', 'record-placed'],
    ]);
    expect(Object.values(BACKENDS).map((backend) => backend.partnerProtocols)).toEqual([
      ['iso18626'],
      ['email'],
      ['manual'],
    ]);
  });

  it('leave staff to record a partner’s steps only where no protocol message can tell them', () => {
    const { iso18626, email, manual } = BACKENDS;
    expect(iso18626.removesActions).toEqual(expect.arrayContaining(['informed-shipped', 'unreceive']));
    expect(email.addsActions).toEqual(
      expect.arrayContaining(['place-request-with-partners', 'informed-shipped']),
    );
    expect(manual.addsActions).toContain('informed-shipped');
    expect(manual.removesActions).toEqual(['place-request-with-partners', 'resend-last-message']);
    for (const backend of Object.values(BACKENDS)) {
      expect(backend.addsActions.filter((action) => backend.removesActions.includes(action))).toEqual([]);
    }
  });
});
