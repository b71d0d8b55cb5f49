/**
 * The request form's model: the fields each type shows, validation by the library's required fields
 * and the server's formats, the body a draft becomes, OpenURL drafts and the server's field errors.
 */
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { parseOpenUrl } from './openurl.ts';
import {
  draftFromCitation,
  emptyDraft,
  newCustomField,
  requestDetails,
  serverFieldErrors,
  summaryRows,
  validateDraft,
  visibleFields,
  visibleSections,
  withType,
  type RequestDraft,
} from './request-form.ts';

const library = {
  symbol: 'ILN-NORTH',
  copyrightClearance: 'For private study only.',
  pickupBranches: [
    { id: '11111111-1111-4111-8111-111111111111', code: 'MAIN', name: 'Main Library' },
    { id: '22222222-2222-4222-8222-222222222222', code: 'SCI', name: 'Science Library' },
  ],
  requestTypes: [
    { type: 'book', requiredFields: ['title'] },
    { type: 'article', requiredFields: ['title', 'articleTitle'] },
    { type: 'journal', requiredFields: ['title'] },
    { type: 'chapter', requiredFields: ['title', 'articleTitle'] },
    { type: 'thesis', requiredFields: ['title', 'author'] },
    { type: 'other', requiredFields: ['title'] },
  ],
};
const context = { anonymous: false, today: '2026-11-25' };
const SCIENCE = '22222222-2222-4222-8222-222222222222';

function draft(overrides: Partial<RequestDraft> = {}): RequestDraft {
  return { ...emptyDraft(library), pickupBranchId: SCIENCE, copyrightAccepted: true, ...overrides };
}

describe('the fields of each type', () => {
  it('shows an article in two parts: the article, then the journal it appeared in', () => {
    const sections = visibleSections(withType(draft(), 'article'));
    expect(sections.map((section) => section.legend)).toEqual([
      'opac.section.article',
      'opac.section.articleJournal',
    ]);
    expect(sections[0]?.fields).toContain('articleTitle');
    expect(sections[1]?.fields).toContain('title');
  });

  it('shows a chapter and the book it is in, a book and the part of it wanted', () => {
    expect(visibleFields(withType(draft(), 'chapter'))).toEqual(
      expect.arrayContaining(['articleTitle', 'part', 'pages', 'title', 'isbn']),
    );
    expect(visibleFields(withType(draft(), 'book'))).toEqual(expect.arrayContaining(['part', 'volume']));
  });

  it('keeps showing a field that holds a value when the type does not have it, so nothing is hidden', () => {
    const book = draft({ fields: { title: 'Nature', issn: '0028-0836' } });
    const sections = visibleSections(book);
    expect(sections.at(-1)).toEqual({ legend: 'opac.section.more', fields: ['issn'] });
    expect(requestDetails(book)).toMatchObject({ issn: '0028-0836' });
  });

  it('follows the type with the service wanted until the patron chooses one', () => {
    const article = withType(draft(), 'article');
    expect(article.serviceType).toBe('copy');
    expect(withType(article, 'book').serviceType).toBe('loan');
    const chosen = { ...article, serviceType: 'either' as const, serviceChosen: true };
    expect(withType(chosen, 'book').serviceType).toBe('either');
  });

  it('starts with the only pickup library when there is one, and none to choose otherwise', () => {
    expect(emptyDraft(library).pickupBranchId).toBe('');
    expect(
      emptyDraft({ ...library, pickupBranches: library.pickupBranches.slice(0, 1) }).pickupBranchId,
    ).toBe(library.pickupBranches[0]?.id);
  });
});

describe('validating a draft', () => {
  it('asks for the fields the library requires of the type, named as the form names them', () => {
    expect(validateDraft(withType(draft(), 'article'), library, context)).toEqual({
      'details.articleTitle': 'Fill in “Article title”.',
      'details.title': 'Fill in “Journal title”.',
    });
    expect(validateDraft(withType(draft({ fields: { title: 'T' } }), 'thesis'), library, context)).toEqual({
      'details.author': 'Fill in “Author or editor”.',
    });
    expect(validateDraft(draft({ fields: { title: 'Middlemarch' } }), library, context)).toEqual({});
  });

  it('checks the formats the server accepts, with an example of each', () => {
    const errors = validateDraft(
      draft({
        fields: { title: 'T', year: 'last year', isbn: '12345', oclcNumber: 'abc' },
      }),
      library,
      context,
    );
    expect(errors).toEqual({
      'details.year': 'Give the year as digits, for example 2019.',
      'details.isbn': 'An ISBN has 10 or 13 digits, for example 978-0-14-143954-9.',
      'details.oclcNumber': 'An OCLC number is made of digits, for example 1234567.',
    });
    const article = withType(
      draft({ fields: { title: 'Nature', articleTitle: 'A', issn: '28-836', doi: 'doi:10.1038/x' } }),
      'article',
    );
    expect(Object.keys(validateDraft(article, library, context))).toEqual(['details.doi', 'details.issn']);
  });

  it('refuses text longer than the server takes', () => {
    const errors = validateDraft(draft({ fields: { title: 'x'.repeat(1001) } }), library, context);
    expect(errors['details.title']).toBe('“Title” can be at most 1,000 characters long.');
  });

  it('asks for a pickup library, a need-before date from today, and the copyright declaration', () => {
    const errors = validateDraft(
      draft({
        fields: { title: 'T' },
        pickupBranchId: '',
        needBefore: '2026-11-24',
        copyrightAccepted: false,
      }),
      library,
      context,
    );
    expect(errors).toEqual({
      'details.pickupBranchId': 'Choose where you will collect it.',
      'details.needBefore': 'Choose today or a later date.',
      copyrightAccepted: 'Accept the copyright declaration to continue.',
    });
    expect(
      validateDraft(
        draft({ fields: { title: 'T' }, copyrightAccepted: false }),
        { ...library, copyrightClearance: null },
        context,
      ),
    ).toEqual({});
  });

  it('checks custom fields: a name for each value, names the server takes, no name twice', () => {
    let value = draft({ fields: { title: 'T' } });
    const rows = ['Series', '', '9 lives', 'series', ''].map((key, index) => {
      const row = { ...newCustomField(value, key, index === 4 ? '' : `value ${index}`) };
      value = { ...value, customFields: [...value.customFields, row] };
      return row;
    });
    expect(rows.map((row) => row.id)).toEqual(['detail-1', 'detail-2', 'detail-3', 'detail-4', 'detail-5']);
    expect(validateDraft(value, library, context)).toEqual({
      'customFields.detail-2.key': 'Give this detail a name.',
      'customFields.detail-3.key':
        'Start the name with a letter, and use only letters, digits, spaces, - and _ (64 at most).',
      'customFields.detail-4.key': 'You already have a detail called “series”.',
    });
  });

  it('asks someone not logged in for their name and a valid email address', () => {
    const anonymous = { ...context, anonymous: true };
    expect(validateDraft(draft({ fields: { title: 'T' } }), library, anonymous)).toEqual({
      'contact.name': 'Tell us your name.',
      'contact.email': 'Enter your email address, for example name@example.com.',
    });
    expect(
      validateDraft(
        draft({ fields: { title: 'T' }, contact: { name: 'Ada', email: 'ada@example.org' } }),
        library,
        anonymous,
      ),
    ).toEqual({});
  });
});

describe('the request a draft becomes', () => {
  it('sends the fields shown that hold a value, trimmed, with the service, pickup and custom fields', () => {
    const value = withType(
      draft({
        fields: {
          title: ' Nature ',
          articleTitle: 'Molecular Structure of Nucleic Acids',
          volume: '171',
          pages: '',
          edition: 'kept but hidden? no: shown under more details',
        },
        needBefore: '2026-12-31',
        patronNotes: '  For my thesis  ',
        customFields: [
          { id: 'detail-1', key: 'Series', value: ' Lecture notes ' },
          { id: 'detail-2', key: '', value: '' },
        ],
      }),
      'article',
    );
    expect(requestDetails(value)).toEqual({
      type: 'article',
      serviceType: 'copy',
      title: 'Nature',
      articleTitle: 'Molecular Structure of Nucleic Acids',
      volume: '171',
      edition: 'kept but hidden? no: shown under more details',
      needBefore: '2026-12-31',
      pickupBranchId: SCIENCE,
      patronNotes: 'For my thesis',
      customFields: { Series: 'Lecture notes' },
    });
  });

  it('lists what the patron will confirm, in the form’s order and words', () => {
    const value = withType(
      draft({
        fields: { title: 'Nature', articleTitle: 'A structure', year: '1953' },
        needBefore: '2026-12-31',
      }),
      'article',
    );
    const rows = summaryRows(value, library, { anonymous: false });
    expect(rows.map((row) => row.label)).toEqual([
      'What do you need?',
      'Article title',
      'Journal title',
      'Year',
      'Do you want to borrow it, or a copy?',
      'Collect it at',
      'Not needed after',
    ]);
    expect(rows.find((row) => row.label === 'Collect it at')?.value).toBe('Science Library');
  });
});

describe('a draft filled from an OpenURL', () => {
  it('takes the citation’s type, fields and custom fields, and remembers the link', () => {
    const query = '?url_ver=Z39.88-2004&rft.genre=article&rft.jtitle=Nature&rft.atitle=A&sid=Entrez:PubMed';
    const citation = parseOpenUrl(query);
    if (citation === undefined) throw new Error('no citation');
    const value = draftFromCitation(citation, library, query);
    expect(value).toMatchObject({
      type: 'article',
      serviceType: 'copy',
      fields: { title: 'Nature', articleTitle: 'A' },
      customFields: [{ id: 'detail-1', key: 'Source', value: 'Entrez:PubMed' }],
      openUrl: query,
    });
  });

  it('asks for Other where the library takes no theses', () => {
    const citation = parseOpenUrl('rft_val_fmt=info:ofi/fmt:kev:mtx:dissertation&rft.title=T&rft.au=A');
    if (citation === undefined) throw new Error('no citation');
    const noTheses = {
      ...library,
      requestTypes: library.requestTypes.filter((entry) => entry.type !== 'thesis'),
    };
    const value = draftFromCitation(citation, noTheses, 'q');
    expect(value.type).toBe('other');
    expect(visibleFields(value)).toContain('author');
  });
});

describe('the server’s field errors', () => {
  it('puts each beside its field in the catalogue’s words, a custom field’s beside its row, and the rest apart', () => {
    const value = draft({ customFields: [{ id: 'detail-1', key: 'Series', value: 'x' }] });
    const error = new ApiError(400, 'validation_failed', 'Invalid request', {
      issues: [
        { field: 'body.details.isbn', rule: 'pattern', message: 'body.details.isbn must match pattern' },
        { field: 'body.details.customFields.Series', rule: 'maxLength', message: 'too long' },
        { field: 'body.copyrightAccepted', rule: 'required', message: 'must be accepted' },
        { field: 'headers.idempotency-key', rule: 'pattern', message: 'bad key' },
      ],
    });
    expect(serverFieldErrors(error, value)).toEqual({
      'details.isbn': 'ISBN has characters that are not allowed here.',
      'customFields.detail-1.value': 'Series is too long.',
      copyrightAccepted: 'Copyright declaration is required.',
      general: 'This field has characters that are not allowed here.',
    });
  });

  it('names the field as the form does for the type asked for, and keeps the server’s words for a rule it alone knows', () => {
    const article = draft({ type: 'article' });
    const error = new ApiError(400, 'validation_failed', 'Invalid request', {
      issues: [
        { field: 'body.details.title', rule: 'maxLength', message: 'body.details.title is too long' },
        { field: 'body.details.doi', rule: 'resolves', message: 'no such DOI at doi.org' },
      ],
    });
    expect(serverFieldErrors(error, article)).toEqual({
      'details.title': 'Journal title is too long.',
      'details.doi': 'DOI is not accepted. (The server said: no such DOI at doi.org)',
    });
  });
});
